import { expect } from 'chai';
import type { ControlCommand, Controller, ControllerFactory } from '../../bench/control/controller';
import { type MeterSetup, METER_POLL_10S, METER_PUSH_1S } from '../../bench/control/meter-model';
import { ours } from '../../bench/control/ours';
import type { StationSetup } from '../../bench/control/plant';
import { quantiles } from '../../bench/control/reaction';
import { simulate } from '../../bench/control/simulate';
import type { StationTelemetry } from '../../lib/lektrico/station-telemetry';
import type { CanonicalReading } from '../../lib/reading/canonical-reading';
import type { HomeSource } from '../../lib/sim/home/home-sample';

const HOUR = 3_600_000;
const CAR = { maxCurrentA: 32, phases: 3 as const, drawRatio: 1, reactionDelayMs: 3000, startLagMs: 2000 };
const STATION: StationSetup = { id: 'a', type: '3p22k', gridPhases: ['L1', 'L2', 'L3'], minCurrentA: 6, maxCurrentA: 32, canSwitchPhases: false, car: CAR };

const flatHome = (houseW: [number, number, number] = [0, 0, 0]): HomeSource => ({ name: 'flat', at: () => ({ houseW, pvW: [0, 0, 0] }) });

/** A stand-in policy: records what it sees and answers with `decide`. */
function standIn(decide: (r: CanonicalReading) => ControlCommand[], seen: { readings: CanonicalReading[]; telemetry: StationTelemetry[] }): ControllerFactory {
  return {
    name: 'stand-in',
    create: (): Controller => ({
      tickMs: 60_000,
      onReading: (r) => {
        seen.readings.push(r);
        return decide(r);
      },
      onTelemetry: (t) => {
        seen.telemetry.push(t);
        return [];
      },
      tick: () => [],
    }),
  };
}

function run(decide: (r: CanonicalReading) => ControlCommand[], options: { home?: HomeSource; meter?: MeterSetup; endMs?: number } = {}) {
  const seen = { readings: [] as CanonicalReading[], telemetry: [] as StationTelemetry[] };
  const result = simulate({
    home: options.home ?? flatHome(),
    startMs: 0,
    endMs: options.endMs ?? HOUR,
    limitA: 25,
    mode: 'power',
    stations: [STATION],
    meter: options.meter ?? METER_PUSH_1S,
    controller: standIn(decide, seen),
  });
  return { result, seen };
}

describe('simulation harness', () => {
  it('applies a command after its latency; the car follows after its delays; energy integrates', () => {
    const { result } = run(() => [{ station: 'a', currentA: 16 }]);
    // command at 150 ms (reading delivered), station at 250 ms, car draws from 250 + 3000 + 2000 ms (seen at the next second)
    const expectedWh = (16 * 3 * 230 * (HOUR - 6000)) / HOUR;
    expect(result.figures.energyKWh * 1000).to.be.closeTo(expectedWh, 1);
    expect(result.figures.stations[0].starts).to.equal(1);
  });

  it('counts only commands that change what the station was told', () => {
    const { result } = run(() => [{ station: 'a', currentA: 16 }]);
    expect(result.figures.commands).to.equal(1);
  });

  it('delivers readings at the meter period with their measurement time, and telemetry built by lib/lektrico', () => {
    const { seen } = run(() => [{ station: 'a', currentA: 10 }], { meter: METER_POLL_10S, endMs: 60_000 });
    expect(seen.readings.map((r) => r.timestamp)).to.deep.equal([0, 10_000, 20_000, 30_000, 40_000, 50_000]);
    const last = seen.telemetry[seen.telemetry.length - 1];
    expect(last).to.deep.include({ station: 'a', charging: true, activePhases: 3, deviceType: '3p22k' });
    expect(last.currentsA).to.deep.equal([10, 10, 10]);
    expect(last.lastCommand).to.deep.include({ currentA: 10, accepted: true });
  });

  it('rejects a current a LEKTRI.CO would refuse', () => {
    expect(() => run(() => [{ station: 'a', currentA: 4 }], { endMs: 5000 })).to.throw(/invalid current 4 A/);
  });

  it('measures an overload from onset to command and to cleared', () => {
    // house steps to 12 A on L1 at 10 min: with the car at 16 A, L1 carries 28 A > 25 A
    const home: HomeSource = { name: 'step', at: (t) => ({ houseW: [t >= 600_000 ? 12 * 230 : 0, 0, 0], pvW: [0, 0, 0] }) };
    let cut = false; // the stand-in cuts the car for good on the first reading over the limit
    const { result } = run((r) => {
      cut ||= (r.phases[0].current ?? 0) > 25;
      return [{ station: 'a', currentA: cut ? 0 : 16 }];
    }, { home, endMs: 900_000 });
    expect(result.reaction.episodes).to.equal(1);
    expect(quantiles(result.reaction.readingToCommandMs).max).to.equal(0);
    expect(quantiles(result.reaction.onsetToCommandMs).max).to.equal(150);
    // cut applied at 600.25 s, the car follows 3 s later, seen at the next whole second
    expect(quantiles(result.reaction.onsetToClearMs).max).to.equal(4000);
    expect(result.figures.secondsOverAny).to.equal(4);
    expect(result.figures.tripped).to.equal(false);
  });
});

describe('ours (the lib/energy chain) in the harness', () => {
  it('charges a 22 kW car under a 25 A limit beside a flat 10 A house without going over', () => {
    const r = simulate({
      home: flatHome([2300, 2300, 2300]),
      startMs: 0,
      endMs: HOUR,
      limitA: 25,
      mode: 'power',
      stations: [STATION],
      meter: METER_PUSH_1S,
      controller: ours,
    });
    expect(r.figures.secondsOverAny).to.equal(0);
    expect(r.figures.energyKWh).to.be.within(0.8 * (14 * 690) / 1000, (15 * 690) / 1000);
  });
});
