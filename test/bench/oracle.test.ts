import { expect } from 'chai';
import { bestCombination, runOracle, stationOptions } from '../../bench/control/oracle';
import type { StationSetup } from '../../bench/control/plant';
import type { HomeSource } from '../../lib/sim/home/home-sample';

function station(extra: Partial<StationSetup> = {}, car: StationSetup['car'] = {}): StationSetup {
  return { id: 's', type: '3p22k', gridPhases: ['L1', 'L2', 'L3'], minCurrentA: 6, maxCurrentA: 32, canSwitchPhases: false, car: { maxCurrentA: 32, phases: 3, drawRatio: 1, ...car }, ...extra };
}

const pick = (combo: ReturnType<typeof bestCombination>): Array<[number, number]> => combo.map((o) => [o.signalA, o.phases]);

describe('oracle', () => {
  it('Power: the most whole amps that keep every phase under the limit', () => {
    const opts = [stationOptions(station())];
    expect(pick(bestCombination('power', opts, [10, 12.5, 3], 25, 0))).to.deep.equal([[12, 3]]); // L2 leaves 12.5 → 12
    expect(pick(bestCombination('power', opts, [20, 0, 0], 25, 0))).to.deep.equal([[0, 3]]); // 5 A left < 6 A minimum
    expect(pick(bestCombination('power', opts, [-10, -10, -10], 25, 0))).to.deep.equal([[32, 3]]); // export makes room
  });

  it('Power: counts the car\'s real draw (an overdrawing car gets fewer amps)', () => {
    const opts = [stationOptions(station({}, { drawRatio: 1.1 }))];
    expect(pick(bestCombination('power', opts, [0, 0, 0], 25, 0))).to.deep.equal([[22, 3]]); // 22 × 1.1 = 24.2 ≤ 25; 23 × 1.1 = 25.3
  });

  it('Green: the most PV-only power: 6 A × 3 × 230 V = 4140 W is the least a 3-phase car takes', () => {
    const opts = [stationOptions(station())];
    expect(pick(bestCombination('green', opts, [0, 0, 0], 25, 4140))).to.deep.equal([[6, 3]]);
    expect(pick(bestCombination('green', opts, [0, 0, 0], 25, 4139))).to.deep.equal([[0, 3]]);
    expect(pick(bestCombination('green', opts, [0, 0, 0], 25, 7000))).to.deep.equal([[10, 3]]); // 10 × 690 = 6900
  });

  it('Green: a one-phase car and a switchable station use one phase when that fits more PV', () => {
    const onePhase = [stationOptions(station({ type: '1p7k', gridPhases: ['L1'] }, { phases: 1 }))];
    expect(pick(bestCombination('green', onePhase, [0, 0, 0], 25, 2000))).to.deep.equal([[8, 1]]); // 1840 W
    const switchable = [stationOptions(station({ canSwitchPhases: true }, { maxCurrentA: 16 }))];
    expect(pick(bestCombination('green', switchable, [0, 0, 0], 25, 3000))).to.deep.equal([[13, 1]]); // 2990 W on one phase
    expect(pick(bestCombination('green', switchable, [0, 0, 0], 25, 5000))).to.deep.equal([[7, 3]]); // 4830 W on three
  });

  it('Hybrid: the minimum even without sun, then PV on top without grid beyond the minimum', () => {
    const opts = [stationOptions(station())];
    expect(pick(bestCombination('hybrid', opts, [0, 0, 0], 25, 0))).to.deep.equal([[6, 3]]);
    expect(pick(bestCombination('hybrid', opts, [0, 0, 0], 25, 5000))).to.deep.equal([[7, 3]]);
  });

  it('two cars share the limit: the total is the most that fits', () => {
    const opts = [stationOptions(station()), stationOptions(station({ id: 't' }, { maxCurrentA: 16 }))];
    const combo = bestCombination('power', opts, [0, 0, 0], 25, 0);
    expect(combo[0].signalA + Math.min(16, combo[1].signalA)).to.equal(25);
    expect(combo.every((o) => o.signalA === 0 || o.signalA >= 6)).to.equal(true);
  });

  it('integrates a run: a constant home for an hour gives the expected energy and no overload', () => {
    const home: HomeSource = { name: 'flat', at: () => ({ houseW: [2300, 2300, 2300], pvW: [0, 0, 0] }) };
    const r = runOracle({ home, startMs: 0, endMs: 3_600_000, limitA: 25, mode: 'power', stations: [station()] });
    expect(r.figures.energyKWh).to.be.closeTo((15 * 3 * 230) / 1000, 1e-9); // 25 − 10 A of house = 15 A
    expect(r.figures.secondsOverAny).to.equal(0);
    expect(r.figures.stations[0].starts).to.equal(1);
  });
});
