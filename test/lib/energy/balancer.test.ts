import { expect } from 'chai';
import { ManualClock } from '../../../lib/clock';
import { InputError } from '../../../lib/input-error';
import { LoadBalancer, STATION_SILENT_MS, type LoadBalancerConfig } from '../../../lib/energy/balancer';
import type { Headroom } from '../../../lib/energy/messages';
import { reading, telemetry } from './builders';

function phase(h: Headroom, p: string) {
  const found = h.phases.find((x) => x.phase === p);
  if (!found) throw new Error(`no ${p}`);
  return found;
}

describe('LoadBalancer', () => {
  let clock: ManualClock;
  const make = (config: Partial<LoadBalancerConfig> = {}): LoadBalancer => new LoadBalancer({ limitA: 25, marginA: 1, ...config }, clock.now);
  beforeEach(() => (clock = new ManualClock(1_000_000)));

  describe('per-phase house load and headroom', () => {
    it('subtracts each car on the grid phases it is wired to (phase rotation)', () => {
      const lb = make();
      lb.onTelemetry(telemetry('a', { gridPhases: ['L2', 'L3', 'L1'], currentsA: [10, 8, 6], timestamp: clock.now() }));
      const h = lb.onReading(reading(clock.now(), { L1: 20, L2: 15, L3: 12 }));
      expect(phase(h, 'L1')).to.include({ gridCurrentA: 20, carCurrentA: 6, houseCurrentA: 14, headroomA: 10 });
      expect(phase(h, 'L2')).to.include({ carCurrentA: 10, houseCurrentA: 5, headroomA: 19 });
      expect(phase(h, 'L3')).to.include({ carCurrentA: 8, houseCurrentA: 4, headroomA: 20 });
      expect(h.carPowerW).to.equal(24 * 230);
      expect(h.housePowerW).to.be.closeTo(47 * 230 - 24 * 230, 1e-6);
    });

    it('an overload on L1 leaves the headroom of a single-phase car on L2 untouched', () => {
      const lb = make();
      lb.onTelemetry(telemetry('one', { gridPhases: ['L2'], currentsA: [16], timestamp: clock.now() }));
      const h = lb.onReading(reading(clock.now(), { L1: 31, L2: 19, L3: 2 }));
      expect(phase(h, 'L1').headroomA).to.equal(0);
      expect(phase(h, 'L2')).to.include({ houseCurrentA: 3, headroomA: 21 });
    });

    it('counts only the active phases of a 3-phase station switched to 1 phase', () => {
      const lb = make();
      lb.onTelemetry(telemetry('tri', { activePhases: 1, currentsA: [12, 0, 0], timestamp: clock.now() }));
      const h = lb.onReading(reading(clock.now(), { L1: 14, L2: 2, L3: 2 }));
      expect(phase(h, 'L1').carCurrentA).to.equal(12);
      expect(phase(h, 'L2').carCurrentA).to.equal(0);
    });

    it('signs the current by the direction of power: export on a phase adds headroom', () => {
      const lb = make();
      const h = lb.onReading(reading(clock.now(), { L1: -10, L2: 3, L3: 3 }));
      expect(phase(h, 'L1')).to.include({ gridCurrentA: -10, houseCurrentA: -10, headroomA: 34 });
    });

    it('uses power over voltage when a phase has no current, and nominal 230 V without a voltage', () => {
      const lb = make();
      const h = lb.onReading({ timestamp: clock.now(), device: {}, phases: [{ phase: 'L1', power: 2300 }], power: 2300 });
      expect(phase(h, 'L1')).to.include({ gridCurrentA: 10, voltageV: 230, headroomA: 14 });
    });

    it('takes the nominal 230 V for a voltage no grid has (a fault would make 2.3 kW a huge or a hidden current)', () => {
      for (const voltage of [0.5, 10_000]) {
        const h = make().onReading({ timestamp: clock.now(), device: {}, phases: [{ phase: 'L1', power: 2300, voltage }], power: 2300 });
        expect(phase(h, 'L1'), `${voltage} V`).to.include({ gridCurrentA: 10, voltageV: 230, headroomA: 14 });
      }
      const brownout = make().onReading({ timestamp: clock.now(), device: {}, phases: [{ phase: 'L1', power: 2300, voltage: 200 }], power: 2300 });
      expect(phase(brownout, 'L1')).to.include({ gridCurrentA: 11.5, voltageV: 200 });
    });

    it('treats an offline station as drawing nothing, so the house estimate can only be higher', () => {
      const lb = make();
      lb.onTelemetry(telemetry('a', { online: false, state: 'offline', currentsA: [16, 16, 16], timestamp: clock.now() }));
      const h = lb.onReading(reading(clock.now(), { L1: 20, L2: 20, L3: 20 }));
      expect(phase(h, 'L1')).to.include({ carCurrentA: 0, houseCurrentA: 20, headroomA: 4 });
    });

    it('treats a station silent for over a minute as offline', () => {
      const lb = make();
      lb.onTelemetry(telemetry('a', { currentsA: [16, 16, 16], timestamp: clock.now() }));
      clock.advance(STATION_SILENT_MS + 1000);
      const h = lb.onReading(reading(clock.now(), { L1: 20, L2: 20, L3: 20 }));
      expect(phase(h, 'L1').carCurrentA).to.equal(0);
      expect(h.stations[0]).to.include({ online: false, state: 'offline', carConnected: false });
    });
  });

  describe('cut at once, raise after the hold', () => {
    it('cuts on the very reading that shows more house load', () => {
      const lb = make();
      lb.onReading(reading(clock.now(), { L1: 5, L2: 5, L3: 5 }));
      const h = lb.onReading(reading(clock.advance(1000), { L1: 18, L2: 5, L3: 5 }));
      expect(phase(h, 'L1').headroomA).to.equal(6);
    });

    it('with 1 s readings, grows the headroom only after the lower load has stood 10 s', () => {
      const lb = make();
      lb.onReading(reading(clock.now(), { L1: 18, L2: 5, L3: 5 }));
      const fellAt = clock.advance(1000);
      lb.onReading(reading(fellAt, { L1: 5, L2: 5, L3: 5 }));
      for (let t = 1; t < 10; t++) {
        expect(phase(lb.onReading(reading(clock.advance(1000), { L1: 5, L2: 5, L3: 5 })), 'L1').headroomA, `at +${t} s`).to.equal(6);
      }
      const h = lb.onReading(reading(clock.advance(1000), { L1: 5, L2: 5, L3: 5 }));
      expect(clock.now() - fellAt).to.equal(10_000);
      expect(phase(h, 'L1').headroomA).to.equal(19);
    });

    it('with 10 s readings, grows on the second low reading, 10 s after the first', () => {
      const lb = make();
      lb.onReading(reading(clock.now(), { L1: 18, L2: 5, L3: 5 }));
      expect(phase(lb.onReading(reading(clock.advance(10_000), { L1: 5, L2: 5, L3: 5 })), 'L1').headroomA).to.equal(6);
      expect(phase(lb.onReading(reading(clock.advance(10_000), { L1: 5, L2: 5, L3: 5 })), 'L1').headroomA).to.equal(19);
    });

    it('restarts the hold when the load comes back during it (a cycling oven)', () => {
      const lb = make();
      const series = [18, 5, 5, 5, 5, 18, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5];
      const headrooms = series.map((a) => phase(lb.onReading(reading(clock.advance(1000), { L1: a, L2: 0, L3: 0 })), 'L1').headroomA);
      // Low from the 7th reading on: the headroom grows 10 s later, on the 17th.
      expect(headrooms.slice(0, 16)).to.deep.equal(new Array(16).fill(6));
      expect(headrooms[16]).to.equal(19);
    });

    it('does not hold a charging car as house load when the meter is read before the station is first heard (a redeploy)', () => {
      const lb = make({ powerCapW: 17_000 });
      // 5 A of house and a car at 16 A: the first reading, before any telemetry, counts all 21 A as house.
      expect(phase(lb.onReading(reading(clock.now(), { L1: 21, L2: 21, L3: 21 })), 'L1').headroomA).to.equal(3);
      const h = lb.onTelemetry(telemetry('a', { timestamp: clock.advance(800), currentsA: [16, 16, 16] })) as Headroom;
      expect(h.phases.map((p) => [p.houseCurrentA, p.carCurrentA, p.headroomA])).to.deep.equal(new Array(3).fill([5, 16, 19]));
      expect(h.housePowerW).to.equal(3 * 5 * 230);
      expect(h.powerHeadroomW).to.equal(17_000 - 3 * 5 * 230);
      // And the next readings do not bring the 21 A back out of the hold.
      expect(phase(lb.onReading(reading(clock.advance(200), { L1: 21, L2: 21, L3: 21 })), 'L1').headroomA).to.equal(19);
      // A real rise is still cut at once.
      expect(phase(lb.onReading(reading(clock.advance(1000), { L1: 31, L2: 21, L3: 21 })), 'L1').headroomA).to.equal(9);
    });

    it('keeps holding a house load that a station first heard does not explain (its car does not draw)', () => {
      const lb = make();
      lb.onReading(reading(clock.now(), { L1: 18, L2: 5, L3: 5 }));
      lb.onReading(reading(clock.advance(1000), { L1: 5, L2: 5, L3: 5 }));
      lb.onTelemetry(telemetry('a', { timestamp: clock.advance(100), currentsA: [0, 0, 0] }));
      expect(phase(lb.onReading(reading(clock.advance(900), { L1: 5, L2: 5, L3: 5 })), 'L1').headroomA).to.equal(6);
    });

    it('holds a lower load for two periods of a station read slowly: its telemetry shows a cut late, as a false fall', () => {
      const lb = make();
      const car = (a: number) => telemetry('car', { timestamp: clock.now(), currentsA: [a, a, a] });
      // The station is read every 20 s; a 5 A house and the car at 16 A.
      for (let i = 0; i < 4; i++) {
        lb.onTelemetry(car(16));
        for (let s = 0; s < 20; s++) lb.onReading(reading(clock.advance(1000), { L1: 21, L2: 21, L3: 21 }));
      }
      lb.onTelemetry(car(16));
      // The oven adds 10 A: the car is cut to 8 A at once (24 − 15 = 9 A of room) and follows within 5 s.
      expect(phase(lb.onReading(reading(clock.advance(1000), { L1: 31, L2: 31, L3: 31 })), 'L1').headroomA).to.equal(9);
      for (let s = 0; s < 4; s++) lb.onReading(reading(clock.advance(1000), { L1: 31, L2: 31, L3: 31 }));
      // Now the meter shows 23 A while the telemetry still says 16 A: a house of 7 A that is not there.
      const headrooms: number[] = [];
      for (let s = 0; s < 14; s++) headrooms.push(phase(lb.onReading(reading(clock.advance(1000), { L1: 23, L2: 23, L3: 23 })), 'L1').headroomA);
      expect(Math.max(...headrooms), 'never raised on the false fall').to.equal(9);
      // The next report shows the car at 8 A: the house is 15 A again, and nothing had been raised.
      lb.onTelemetry(car(8));
      expect(phase(lb.onReading(reading(clock.advance(1000), { L1: 23, L2: 23, L3: 23 })), 'L1').headroomA).to.equal(9);
    });

    it('applies a drop at once with a zero hold', () => {
      const lb = make({ increaseHoldMs: 0 });
      lb.onReading(reading(clock.now(), { L1: 18 }));
      expect(phase(lb.onReading(reading(clock.advance(1000), { L1: 5 })), 'L1').headroomA).to.equal(19);
    });
  });

  describe('a car ramping to its new command', () => {
    const rampingCar = (nowMs: number, measuredA: number) =>
      telemetry('car', {
        currentsA: [measuredA, measuredA, measuredA],
        timestamp: nowMs,
        lastCommand: { currentA: 16, at: nowMs - 2000, accepted: true },
      });

    it('is not mistaken for house load while the phase is within its limit', () => {
      const lb = make();
      lb.onTelemetry(rampingCar(clock.now(), 6));
      lb.onReading(reading(clock.now(), { L1: 8, L2: 8, L3: 8 }));
      // The meter already sees the car at 12 A, then 16 A; the telemetry still says 6 A.
      const h = lb.onReading(reading(clock.advance(1000), { L1: 14, L2: 14, L3: 14 }));
      expect(phase(h, 'L1').houseCurrentA).to.equal(2);
      expect(phase(h, 'L1').headroomA).to.equal(22);
      expect(phase(lb.onReading(reading(clock.advance(1000), { L1: 18, L2: 18, L3: 18 })), 'L1').houseCurrentA).to.equal(2);
    });

    it('still sees house load that comes beyond what the ramp can explain', () => {
      const lb = make();
      lb.onTelemetry(rampingCar(clock.now(), 6));
      lb.onReading(reading(clock.now(), { L1: 8, L2: 8, L3: 8 }));
      // An oven (+9 A on L1) while the car ramps from 6 A (12 A now, L2 shows it) to 16 A: all of
      // the oven shows but the 4 A the car may still rise by (7 A instead of 11 A).
      const h = lb.onReading(reading(clock.advance(1000), { L1: 23, L2: 14, L3: 14 }));
      expect(phase(h, 'L1').houseCurrentA).to.equal(7);
      expect(phase(h, 'L2').houseCurrentA).to.equal(2);
    });

    it('counts in full once the phase is over its limit (a real overload)', () => {
      const lb = make();
      lb.onTelemetry(rampingCar(clock.now(), 6));
      const h = lb.onReading(reading(clock.now(), { L1: 27, L2: 8, L3: 8 }));
      expect(phase(h, 'L1').houseCurrentA).to.equal(21);
      expect(phase(h, 'L1').headroomA).to.equal(3);
    });

    it('gets no allowance once the car has had time to settle', () => {
      const lb = make();
      lb.onTelemetry(telemetry('car', { currentsA: [6, 6, 6], timestamp: clock.now(), lastCommand: { currentA: 16, at: clock.now() - 20_000, accepted: true } }));
      const h = lb.onReading(reading(clock.now(), { L1: 14, L2: 14, L3: 14 }));
      expect(phase(h, 'L1').houseCurrentA).to.equal(8);
    });
  });

  describe('total power cap', () => {
    it('gives the power the cars may draw under the cap, held like the currents', () => {
      const lb = make({ powerCapW: 11_000 });
      lb.onTelemetry(telemetry('car', { currentsA: [10, 10, 10], timestamp: clock.now() }));
      const h = lb.onReading(reading(clock.now(), { L1: 15, L2: 12, L3: 12 }));
      expect(h.powerHeadroomW).to.be.closeTo(11_000 - 9 * 230, 1e-6);
      const later = lb.onReading(reading(clock.advance(1000), { L1: 10, L2: 10, L3: 10 }));
      expect(later.powerHeadroomW).to.be.closeTo(11_000 - 9 * 230, 1e-6);
    });

    it('is absent without a cap', () => {
      expect(make().onReading(reading(clock.now(), { L1: 1 }))).to.not.have.property('powerHeadroomW');
    });
  });

  describe('stale or missing meter data', () => {
    it('falls back to the fail-safe current after the timeout, every tick, and resumes on a fresh reading', () => {
      const lb = make({ failsafeCurrentA: 6 });
      lb.onReading(reading(clock.now(), { L1: 5, L2: 5, L3: 5 }));
      clock.advance(10_000);
      expect(lb.tick()).to.equal(undefined);
      clock.advance(2000);
      const first = lb.tick() as Headroom;
      expect(first.failsafe).to.deep.equal({ currentA: 6, reason: 'no meter reading for 12 s' });
      expect(first.phases).to.have.length(3);
      expect(first.readingAgeMs).to.equal(12_000);
      expect(first.timestamp).to.equal(clock.now());
      clock.advance(1000);
      expect((lb.tick() as Headroom).failsafe?.reason).to.equal('no meter reading for 13 s');
      const resumed = lb.onReading(reading(clock.now(), { L1: 5, L2: 5, L3: 5 }));
      expect(resumed).to.not.have.property('failsafe');
      expect(lb.tick()).to.equal(undefined);
    });

    it('allows a fail-safe current of 0 (pause)', () => {
      const lb = make({ failsafeCurrentA: 0 });
      clock.advance(11_000);
      expect((lb.tick() as Headroom).failsafe).to.deep.equal({ currentA: 0, reason: 'no meter reading yet (11 s since start)' });
    });

    it('applies the fail-safe from the very start until the first reading arrives', () => {
      const lb = make({ failsafeCurrentA: 6 });
      lb.onTelemetry(telemetry('a', { timestamp: clock.now() }));
      clock.advance(1000);
      const first = lb.tick() as Headroom;
      expect(first.failsafe).to.deep.equal({ currentA: 6, reason: 'no meter reading yet (1 s since start)' });
      expect(first.stations.map((t) => t.station)).to.deep.equal(['a']);
      expect(lb.onReading(reading(clock.now(), { L1: 5, L2: 5, L3: 5 }))).to.not.have.property('failsafe');
      expect(lb.tick()).to.equal(undefined);
    });

    it('waits 2.5 of its own periods for a meter that reports less often than the timeout, and the timeout for a faster one', () => {
      // Polled every 10 s, a reading 10.3 s after the last is not a silent meter.
      const lb = make({ staleAfterMs: 10_000 });
      lb.onReading(reading(clock.now(), { L1: 5 }));
      for (const gapMs of [10_000, 10_300, 9_900, 10_200]) lb.onReading(reading(clock.advance(gapMs), { L1: 5 }));
      clock.advance(11_000);
      expect(lb.tick()).to.equal(undefined);
      clock.advance(14_500); // 25.5 s: more than 2.5 periods of 10.1 s
      expect((lb.tick() as Headroom).failsafe?.reason).to.equal('no meter reading for 26 s');

      // A 1 s push meter, a monophase Pro 3EM's bursts of three: the 10 s timeout holds.
      const push = make({ staleAfterMs: 10_000 });
      for (let i = 0; i < 10; i++) {
        push.onReading(reading(clock.advance(1000), { L1: 5 }));
        push.onReading(reading(clock.advance(1), { L1: 5 }));
      }
      clock.advance(10_500);
      expect((push.tick() as Headroom).failsafe?.reason).to.equal('no meter reading for 11 s');
    });

    it('balances on one grid meter: another device\'s readings are refused while it is heard, taken once it is silent', () => {
      const lb = make();
      const from = (id: string, tMs: number, l1A: number) => ({ ...reading(tMs, { L1: l1A, L2: 3, L3: 3 }), device: { generation: 2, id } });
      expect(lb.onReading(from('shellypro3em-grid', clock.now(), 21)).phases[0].headroomA).to.equal(3);
      // A PV meter on the same broker, exporting 8 A: taken for the grid it would free every phase.
      expect(() => lb.onReading(from('shellypro3em-pv', clock.advance(1000), -8))).to.throw(
        InputError,
        /^meter reading from shellypro3em-pv, but this load balancer balances on the readings of shellypro3em-grid: one load balancer takes one grid meter/,
      );
      expect(lb.onReading(from('shellypro3em-grid', clock.advance(1000), 21)).phases[0].headroomA).to.equal(3);
      clock.advance(11_000); // the grid meter falls silent (replaced): the next device is taken
      const taken = lb.onReading(from('shellypro3em-new', clock.now(), 20));
      expect(taken).to.not.have.property('failsafe');
      expect(taken.phases[0].gridCurrentA).to.equal(20);
      expect(() => lb.onReading(from('shellypro3em-grid', clock.advance(1000), 21))).to.throw(InputError, /balances on the readings of shellypro3em-new/);
    });

    it('treats a reading that is already older than the timeout as stale', () => {
      const lb = make();
      const h = lb.onReading(reading(clock.now() - 15_000, { L1: 5 }));
      expect(h.failsafe?.reason).to.equal('meter reading is 15 s old');
    });
  });

  describe('telemetry', () => {
    it('returns a Headroom when a car plugs in or leaves, not on every update', () => {
      const lb = make();
      expect(lb.onTelemetry(telemetry('a', { carConnected: false, state: 'available', timestamp: clock.now() }))).to.equal(undefined);
      lb.onReading(reading(clock.now(), { L1: 5, L2: 5, L3: 5 }));
      const plugged = lb.onTelemetry(telemetry('a', { timestamp: clock.advance(500) }));
      expect(plugged?.stations[0].carConnected).to.equal(true);
      expect(lb.onTelemetry(telemetry('a', { currentsA: [6, 6, 6], timestamp: clock.advance(500) }))).to.equal(undefined);
      expect(lb.onTelemetry(telemetry('a', { carConnected: false, state: 'available', timestamp: clock.advance(500) }))).to.not.equal(undefined);
    });

    it('rejects telemetry older than the last of the same station', () => {
      const lb = make();
      lb.onTelemetry(telemetry('a', { timestamp: 2000 }));
      expect(() => lb.onTelemetry(telemetry('a', { timestamp: 1000 }))).to.throw(InputError, /out of order/);
    });

    it('rejects telemetry with unusable values', () => {
      const lb = make();
      expect(() => lb.onTelemetry(telemetry('a', { currentsA: [Number.NaN, 0, 0] }))).to.throw(InputError, /currentsA/);
      expect(() => lb.onTelemetry(telemetry('a', { gridPhases: ['L1', 'L1'] as never }))).to.throw(InputError, /gridPhases/);
      expect(() => lb.onTelemetry({ kind: 'station-telemetry' })).to.throw(InputError, /name its station/);
    });
  });

  describe('bad input', () => {
    it('rejects readings out of order or repeated', () => {
      const lb = make();
      lb.onReading(reading(2000, { L1: 1 }));
      expect(() => lb.onReading(reading(2000, { L1: 1 }))).to.throw(InputError, /out of order/);
      expect(() => lb.onReading(reading(1000, { L1: 1 }))).to.throw(InputError, /out of order/);
    });

    it('rejects readings with non-finite, negative or missing values and says which', () => {
      const lb = make();
      const base = reading(clock.now(), { L1: 5 });
      expect(() => lb.onReading({ ...base, phases: [] })).to.throw(InputError, /1 to 3 phases/);
      expect(() => lb.onReading({ ...base, phases: [{ phase: 'L1', current: Number.NaN, power: 1 }] })).to.throw(InputError, /L1 current/);
      expect(() => lb.onReading({ ...base, phases: [{ phase: 'L1', current: -3 }] })).to.throw(InputError, /negative/);
      expect(() => lb.onReading({ ...base, phases: [{ phase: 'L1' }] })).to.throw(InputError, /neither current nor power/);
      expect(() => lb.onReading({ ...base, phases: [{ phase: 'L4', current: 1 }] })).to.throw(InputError, /L1, L2 or L3/);
      expect(() => lb.onReading({ ...base, power: Number.POSITIVE_INFINITY })).to.throw(InputError, /power/);
      expect(() => lb.onReading({ ...base, timestamp: '12' })).to.throw(InputError, /timestamp/);
      expect(() => lb.onReading(null)).to.throw(InputError);
    });

    it('a rejected reading leaves the state untouched', () => {
      const lb = make();
      lb.onReading(reading(clock.now(), { L1: 18 }));
      expect(() => lb.onReading(reading(clock.now() + 1000, { L1: Number.NaN }))).to.throw(InputError);
      expect(phase(lb.onReading(reading(clock.now() + 2000, { L1: 18 })), 'L1').headroomA).to.equal(6);
    });

    it('rejects bad settings with a message naming them', () => {
      expect(() => make({ limitA: 5 })).to.throw(InputError, /limit per phase must be a number from 10 to 1000 A \(got 5\)/);
      expect(() => make({ limitA: Number.NaN })).to.throw(InputError, /limit per phase/);
      expect(() => make({ marginA: -1 })).to.throw(InputError, /safety margin/);
      expect(() => make({ marginA: 25 })).to.throw(InputError, /leaves less than a car's minimum of 6 A/);
      // As the edit dialog: a limit that leaves no car its minimum, or a fail-safe above what the limit allows.
      expect(() => make({ limitA: 10, marginA: 5 })).to.throw(InputError, /^the limit per phase minus the safety margin \(10 − 5 A\) leaves less than a car's minimum of 6 A$/);
      expect(make({ limitA: 10, marginA: 4, failsafeCurrentA: 6 })).to.be.an.instanceOf(LoadBalancer);
      expect(() => make({ limitA: 16, marginA: 1, failsafeCurrentA: 16 })).to.throw(InputError, /^fail-safe current \(16 A\) must not exceed the limit per phase minus the safety margin \(15 A\)/);
      expect(make({ limitA: 16, marginA: 1, failsafeCurrentA: 15 })).to.be.an.instanceOf(LoadBalancer);
      expect(() => make({ failsafeCurrentA: 3 })).to.throw(InputError, /0 \(pause\) or from 6 to 32/);
      expect(() => make({ staleAfterMs: 0 })).to.throw(InputError, /stale timeout/);
      expect(() => make({ increaseHoldMs: -1 })).to.throw(InputError, /increase hold/);
      expect(() => make({ powerCapW: 0 })).to.throw(InputError, /power cap/);
      // As the edit dialog: a cap below one car at its minimum (6 A × 230 V) would never let a car charge.
      expect(() => make({ powerCapW: 1000 })).to.throw(InputError, /^total power cap must be empty \(no cap\) or at least 1\.38 kW, one car at its minimum of 6 A \(got 1 kW\)$/);
      expect(make({ powerCapW: 1380 }).config.powerCapW).to.equal(1380);
    });
  });
});
