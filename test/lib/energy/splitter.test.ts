import { expect } from 'chai';
import type { GridPhase } from '../../../lib/grid-phase';
import { InputError } from '../../../lib/input-error';
import type { StationTelemetry } from '../../../lib/lektrico/station-telemetry';
import type { ChargingTarget } from '../../../lib/energy/messages';
import { PowerSplitter, YIELD_RETURN_MS, type SplitterConfigInput } from '../../../lib/energy/splitter';
import { phaseHeadroom, SplitterRun, target, telemetry } from './builders';

/** No pacing, resume delay or under-use cap unless a test is about it. */
const FREE: SplitterConfigInput = {
  discipline: { increaseIntervalMs: 0, maxIncreaseStepA: 0 },
  resumeDelayMs: 0,
  underuse: { holdMs: 1e12 },
};

function run(config: SplitterConfigInput = {}): SplitterRun {
  return new SplitterRun(new PowerSplitter({ ...FREE, ...config }));
}

function heads(a: Partial<Record<GridPhase, number>>) {
  return (Object.entries(a) as Array<[GridPhase, number]>).map(([p, h]) => phaseHeadroom(p, h));
}

function t(tMs: number, stations: StationTelemetry[], over: Partial<ChargingTarget> = {}): ChargingTarget {
  return target({ timestamp: tMs, stations, ...over });
}

const tri = (id: string, over: Partial<StationTelemetry> = {}) => telemetry(id, over);
const mono = (id: string, phase: GridPhase, over: Partial<StationTelemetry> = {}) => telemetry(id, { gridPhases: [phase], ...over });

describe('PowerSplitter', () => {
  describe('fair share (water-filling)', () => {
    it('splits the headroom equally', () => {
      const r = run();
      r.step(t(0, [tri('a'), tri('b')], { phases: heads({ L1: 24, L2: 24, L3: 24 }) }));
      expect([r.a('a'), r.a('b')]).to.deep.equal([12, 12]);
    });

    it('respects each station\'s maximum and gives what one cannot take to the others', () => {
      const r = run();
      r.step(t(0, [tri('a', { maxCurrentA: 10 }), tri('b'), tri('c')], { phases: heads({ L1: 40, L2: 40, L3: 40 }) }));
      expect([r.a('a'), r.a('b'), r.a('c')]).to.deep.equal([10, 15, 15]);
      expect(r.reason('a')).to.equal('charging at its maximum 10 A');
      expect(r.reason('b')).to.equal('charging 15 A, limited by L1');
    });

    it('shares per phase: a single-phase car on a free phase is not held back by a loaded one', () => {
      const r = run();
      r.step(t(0, [mono('one', 'L2'), tri('three')], { phases: heads({ L1: 10, L2: 30, L3: 30 }) }));
      expect(r.a('three')).to.equal(10);
      expect(r.a('one')).to.equal(20);
    });

    it('a single-phase car on the overloaded phase is paused, one on another phase keeps charging', () => {
      const r = run();
      r.step(t(0, [mono('onL1', 'L1'), mono('onL2', 'L2', { maxCurrentA: 16 })], { phases: heads({ L1: 3, L2: 20, L3: 20 }) }));
      expect(r.a('onL1')).to.equal(0);
      expect(r.reason('onL1')).to.equal('paused: not enough on L1 (3 A left, needs 6 A on L1)');
      expect(r.a('onL2')).to.equal(16);
    });

    it('hands out whole amps: rounds down, then gives the amps left over', () => {
      const r = run();
      r.step(t(0, [tri('a'), tri('b'), tri('c')], { phases: heads({ L1: 20.5, L2: 24, L3: 24 }) }));
      const currents = [r.a('a'), r.a('b'), r.a('c')];
      expect(currents.reduce((s, a) => s + a, 0)).to.equal(20);
      expect(Math.max(...currents) - Math.min(...currents)).to.be.at.most(1);
    });

    it('counts the PV budget at what the cars actually draw per ampere (a car at 95 % gets one more ampere)', () => {
      const r = run();
      const drawing = tri('a', { maxCurrentA: 16, currentsA: [7.6, 7.6, 7.6], lastCommand: { currentA: 8, at: 0, accepted: true } });
      r.step(t(60_000, [drawing], { mode: 'green', budgetW: 5300 }));
      // 8 A × 690 W/A = 5520 W commanded, but 8 × 0.95 × 690 = 5244 W drawn ≤ 5300 W.
      expect(r.a('a')).to.equal(8);
      const exact = run();
      exact.step(t(60_000, [tri('a', { maxCurrentA: 16, currentsA: [8, 8, 8], lastCommand: { currentA: 8, at: 0, accepted: true } })], { mode: 'green', budgetW: 5300 }));
      expect(exact.a('a')).to.equal(7);
    });

    it('counts a car that draws more than commanded at its draw on the phase limits, and one that draws less at its command', () => {
      // A Zoe draws ~108 % of the signal: at 24 A it would take 25.9 A on a phase with 24 A of room.
      const zoe = run();
      zoe.step(t(60_000, [tri('zoe', { currentsA: [17.28, 17.28, 17.28], lastCommand: { currentA: 16, at: 0, accepted: true } })], { phases: heads({ L1: 24, L2: 24, L3: 24 }) }));
      expect(zoe.a('zoe')).to.equal(22); // 22 × 1.08 = 23.8 A
      const slow = run();
      slow.step(t(60_000, [tri('slow', { currentsA: [15.2, 15.2, 15.2], lastCommand: { currentA: 16, at: 0, accepted: true } })], { phases: heads({ L1: 24, L2: 24, L3: 24 }) }));
      expect(slow.a('slow')).to.equal(24);
    });

    it('respects the power cap and the budget', () => {
      const capped = run();
      capped.step(t(0, [tri('a'), tri('b')], { powerHeadroomW: 11_040 }));
      expect([capped.a('a'), capped.a('b')]).to.deep.equal([8, 8]);
      const budget = run();
      budget.step(t(0, [mono('a', 'L1'), mono('b', 'L2')], { mode: 'green', budgetW: 3500 }));
      expect(budget.a('a') + budget.a('b')).to.be.at.most(15);
      expect(budget.a('a')).to.be.at.least(6);
    });
  });

  describe('a single-phase car on a three-phase station', () => {
    /** A car drawing on the station's L1 alone, at 16 A, seconds 0..untilS (one telemetry and target a second). */
    const onL1 = (over: Partial<StationTelemetry> = {}) => tri('tri', { currentsA: [16, 0, 0], ...over });
    const settle = (r: SplitterRun, untilS: number, over: Partial<ChargingTarget> = {}): void => {
      for (let s = 0; s <= untilS; s++) r.step(t(s * 1000, [onL1()], { phases: heads({ L1: 24, L2: 24, L3: 24 }), ...over }));
    };

    it('Power: an overload on L2, where the settled car draws nothing, does not pause it (evcc #29532)', () => {
      const r = run();
      settle(r, 60);
      expect(r.a('tri')).to.equal(24);
      r.step(t(61_000, [onL1()], { phases: heads({ L1: 24, L2: 4, L3: 24 }) }));
      expect(r.a('tri')).to.equal(24);
      expect(r.reason('tri')).to.equal('charging 24 A, limited by L1');
    });

    it('counts a car that has just started on all phases: it may yet bring up the others', () => {
      const r = run();
      r.step(t(0, [onL1()], { phases: heads({ L1: 24, L2: 4, L3: 24 }) }));
      expect(r.a('tri')).to.equal(0);
      expect(r.reason('tri')).to.equal('paused: not enough on L2 (4 A left, needs 6 A on L1+L2+L3)');
    });

    it('counts a car that goes from 1 to 3 phases mid-session on all three on the first reading that shows it', () => {
      const r = run();
      settle(r, 60);
      r.step(t(61_000, [onL1()], { phases: heads({ L1: 24, L2: 10, L3: 24 }) }));
      expect(r.a('tri')).to.equal(24);
      r.step(t(62_000, [tri('tri', { currentsA: [16, 16, 16] })], { phases: heads({ L1: 24, L2: 10, L3: 24 }) }));
      expect(r.a('tri')).to.equal(10);
      expect(r.reason('tri')).to.equal('charging 10 A, limited by L2');
    });

    it('Green: prices each ampere at one phase, so the budget carries three times the current', () => {
      const r = run();
      settle(r, 60, { mode: 'green', budgetW: 3000 });
      expect(r.a('tri')).to.equal(13);
    });
  });

  describe('not enough for everyone', () => {
    it('gives the minimum first by priority and pauses the lowest rather than starving all', () => {
      const r = run({ priorities: { low: -1, high: 5 } });
      r.step(t(0, [tri('low'), tri('mid'), tri('high')], { phases: heads({ L1: 13, L2: 13, L3: 13 }) }));
      expect(r.a('high')).to.be.at.least(6);
      expect(r.a('mid')).to.be.at.least(6);
      expect(r.a('low')).to.equal(0);
      expect(r.reason('low')).to.match(/^paused: not enough on L1/);
    });

    it('among equal priorities the car that came first keeps charging', () => {
      const r = run();
      r.step(t(0, [tri('first')], { phases: heads({ L1: 10, L2: 10, L3: 10 }) }));
      r.step(t(1000, [tri('first'), tri('second')], { phases: heads({ L1: 10, L2: 10, L3: 10 }) }));
      expect([r.a('first'), r.a('second')]).to.deep.equal([10, 0]);
    });

    it('Green, PV for one car: the car that has charged least starts next, and a charging car is never displaced', () => {
      const r = run();
      const oneCar = { mode: 'green' as const, budgetW: 6 * 230 + 100 };
      const cars = [mono('first', 'L1'), mono('second', 'L2')];
      r.step(t(0, cars, oneCar));
      expect([r.a('first'), r.a('second')], 'equal: the first in line').to.deep.equal([6, 0]);
      // It keeps the sun while it charges, though the other has had nothing.
      r.step(t(600_000, cars, oneCar));
      expect([r.a('first'), r.a('second')]).to.deep.equal([6, 0]);
      // A cloud stops it; when the sun is back, the other car's turn.
      r.step(t(660_000, cars, { mode: 'green', budgetW: 0, enabled: false }));
      r.step(t(1_260_000, cars, oneCar));
      expect([r.a('first'), r.a('second')]).to.deep.equal([0, 6]);
      // Power mode keeps the order of arrival.
      r.step(t(1_320_000, cars, { mode: 'power', phases: heads({ L1: 6, L2: 6, L3: 6 }), powerHeadroomW: 6 * 230 + 100 }));
      expect([r.a('first'), r.a('second')]).to.deep.equal([6, 0]);
    });

    it('Green turns count the time each car was commanded a current, not the wait before its start', () => {
      const r = run();
      const oneCar = { mode: 'green' as const, budgetW: 6 * 230 + 100 };
      const cloud = { mode: 'green' as const, budgetW: 0, enabled: false };
      const cars = [mono('first', 'L1'), mono('second', 'L2')];
      r.step(t(0, cars, oneCar));
      r.step(t(600_000, cars, oneCar));
      r.step(t(660_000, cars, cloud)); // first: 660 s
      r.step(t(1_260_000, cars, oneCar));
      expect([r.a('first'), r.a('second')]).to.deep.equal([0, 6]);
      r.step(t(1_320_000, cars, cloud)); // second: 60 s, after waiting 600 s
      r.step(t(1_920_000, cars, oneCar));
      expect([r.a('first'), r.a('second')], 'the second car has charged less').to.deep.equal([0, 6]);
    });

    it('Green with a limit on starts: a car whose starts are used does not start; a cut stops the car with most starts left', () => {
      const r = run();
      const cars = [mono('used', 'L1'), mono('fresh', 'L2')];
      const sunForOne = { mode: 'green' as const, budgetW: 6 * 230 + 100 };
      r.step(t(0, cars, { ...sunForOne, startsLeft: { used: 0, fresh: 1 } }));
      expect([r.a('used'), r.a('fresh')], 'first in line, but no start left').to.deep.equal([0, 6]);
      expect(r.reason('used')).to.equal('paused: no Green start left in the last 24 h');
      // Both charging (the used one's last start was before), then sun for one: the one with a start left pauses.
      const both = run();
      both.step(t(0, cars, { mode: 'green', budgetW: 2 * 6 * 230 + 100, startsLeft: { used: 1, fresh: 1 } }));
      expect([both.a('used'), both.a('fresh')]).to.deep.equal([6, 6]);
      both.step(t(600_000, cars, { ...sunForOne, startsLeft: { used: 0, fresh: 1 } }));
      expect([both.a('used'), both.a('fresh')]).to.deep.equal([6, 0]);
    });

    it('Green with a limit on starts: a car paused for the limits resumes though its starts are used', () => {
      const r = run();
      const car = [mono('car', 'L1')];
      const sun = { mode: 'green' as const, budgetW: 3000, startsLeft: { car: 0 } };
      r.step(t(0, car, { ...sun, startsLeft: { car: 1 } })); // its last start
      expect(r.a('car')).to.equal(13);
      r.step(t(1000, car, { ...sun, phases: heads({ L1: 3, L2: 25, L3: 25 }) }));
      expect(r.a('car'), 'the oven is on').to.equal(0);
      r.step(t(2000, car, sun));
      expect(r.a('car'), 'the oven is off').to.equal(13);
    });

    it('never commands a current between 0 and the minimum', () => {
      const r = run();
      r.step(t(0, [tri('a', { minCurrentA: 8 })], { phases: heads({ L1: 7.9, L2: 24, L3: 24 }) }));
      expect(r.a('a')).to.equal(0);
      r.step(t(1000, [tri('a', { minCurrentA: 8 })], { phases: heads({ L1: 8, L2: 24, L3: 24 }) }));
      expect(r.a('a')).to.equal(8);
    });

    it('priority strategy fills the higher priority to its maximum first', () => {
      const r = run({ strategy: 'priority', priorities: { vip: 1 } });
      r.step(t(0, [tri('other'), tri('vip', { maxCurrentA: 16 })], { phases: heads({ L1: 24, L2: 24, L3: 24 }) }));
      expect([r.a('vip'), r.a('other')]).to.deep.equal([16, 8]);
    });

    it('a paused car resumes only after the room has stayed for the resume delay', () => {
      const r = run({ resumeDelayMs: 60_000 });
      const cars = [tri('a'), tri('b')];
      r.step(t(0, cars, { phases: heads({ L1: 20, L2: 20, L3: 20 }) }));
      r.step(t(1000, cars, { phases: heads({ L1: 8, L2: 8, L3: 8 }) }));
      expect([r.a('a'), r.a('b')]).to.deep.equal([8, 0]);
      r.step(t(2000, cars, { phases: heads({ L1: 20, L2: 20, L3: 20 }) }));
      expect(r.a('b')).to.equal(0);
      expect(r.reason('b')).to.equal('paused: room again, resuming in 60 s');
      // The shortage comes back for a moment: the delay starts again.
      r.step(t(30_000, cars, { phases: heads({ L1: 8, L2: 8, L3: 8 }) }));
      r.step(t(31_000, cars, { phases: heads({ L1: 20, L2: 20, L3: 20 }) }));
      r.step(t(90_000, cars, { phases: heads({ L1: 20, L2: 20, L3: 20 }) }));
      expect(r.a('b')).to.equal(0);
      r.step(t(91_000, cars, { phases: heads({ L1: 20, L2: 20, L3: 20 }) }));
      expect([r.a('a'), r.a('b')]).to.deep.equal([10, 10]);
    });

    it('rotation lets a long-waiting car take its turn', () => {
      const r = run({ rotation: { enabled: true, intervalMs: 30 * 60_000 } });
      const cars = [tri('a'), tri('b')];
      const room = { phases: heads({ L1: 10, L2: 10, L3: 10 }) };
      r.step(t(0, cars, room));
      expect([r.a('a'), r.a('b')]).to.deep.equal([10, 0]);
      r.step(t(29 * 60_000, cars, room));
      expect([r.a('a'), r.a('b')]).to.deep.equal([10, 0]);
      r.step(t(30 * 60_000, cars, room));
      expect([r.a('a'), r.a('b')]).to.deep.equal([0, 10]);
      r.step(t(59 * 60_000, cars, room));
      expect([r.a('a'), r.a('b')]).to.deep.equal([0, 10]);
      r.step(t(60 * 60_000, cars, room));
      expect([r.a('a'), r.a('b')]).to.deep.equal([10, 0]);
    });

    it('rotation works in Green too: the long-waiting car takes the place of the one charging on the sun', () => {
      const r = run({ rotation: { enabled: true, intervalMs: 30 * 60_000 } });
      const cars = [tri('a'), tri('b')];
      const sunForOne = { mode: 'green' as const, budgetW: 3 * 6 * 230 + 100 };
      r.step(t(0, cars, sunForOne));
      expect([r.a('a'), r.a('b')]).to.deep.equal([6, 0]);
      r.step(t(29 * 60_000, cars, sunForOne));
      expect([r.a('a'), r.a('b')]).to.deep.equal([6, 0]);
      r.step(t(30 * 60_000, cars, sunForOne));
      expect([r.a('a'), r.a('b')]).to.deep.equal([0, 6]);
    });

    it('a car rotated out keeps the time it charged until then for the Green turns', () => {
      const r = run({ rotation: { enabled: true, intervalMs: 30 * 60_000 } });
      const cars = [tri('a'), tri('b')];
      const sunForOne = { mode: 'green' as const, budgetW: 3 * 6 * 230 + 100 };
      r.step(t(0, cars, sunForOne));
      r.step(t(30 * 60_000, cars, sunForOne));
      expect([r.a('a'), r.a('b')], 'a has charged 30 min, rotated out').to.deep.equal([0, 6]);
      r.step(t(40 * 60_000, cars, { mode: 'green', budgetW: 0, enabled: false }));
      r.step(t(50 * 60_000, cars, sunForOne));
      expect([r.a('a'), r.a('b')], 'b has charged 10 min, a 30').to.deep.equal([0, 6]);
    });

    it('without rotation the waiting car keeps waiting', () => {
      const r = run();
      const cars = [tri('a'), tri('b')];
      r.step(t(0, cars, { phases: heads({ L1: 10, L2: 10, L3: 10 }) }));
      r.step(t(5 * 3600_000, cars, { phases: heads({ L1: 10, L2: 10, L3: 10 }) }));
      expect([r.a('a'), r.a('b')]).to.deep.equal([10, 0]);
    });
  });

  describe('a car that takes less than it gets', () => {
    it('is capped at its draw + margin after the hold, and the others get the rest', () => {
      const r = run({ underuse: { thresholdA: 2, holdMs: 30_000, marginA: 2 } });
      const room = { phases: heads({ L1: 32, L2: 32, L3: 32 }) };
      const lazy = (ms: number) => tri('lazy', { currentsA: [4, 4, 4], timestamp: ms });
      const busy = tri('b', { currentsA: [16, 16, 16] });
      r.step(t(0, [lazy(0), busy], room));
      expect(r.a('lazy')).to.equal(16);
      // Under its command from the first look at 1 s on.
      r.step(t(1000, [lazy(1000), busy], room));
      r.step(t(30_999, [lazy(30_999), busy], room));
      expect(r.a('lazy')).to.equal(16);
      r.step(t(31_000, [lazy(31_000), busy], room));
      expect([r.a('lazy'), r.a('b')]).to.deep.equal([6, 26]);
      expect(r.reason('lazy')).to.equal('charging 6 A: the car draws 4 A, capped at 6 A so others get the rest');
      // It draws close to its cap again: the cap lifts.
      r.step(t(32_000, [tri('lazy', { currentsA: [5.5, 5.5, 5.5] }), busy], room));
      expect(r.a('lazy')).to.equal(16);
    });

    it('a car that draws nothing keeps its minimum but takes no PV budget', () => {
      const r = run({ underuse: { holdMs: 0 } });
      const full = tri('full', { gridPhases: ['L1'], currentsA: [0] });
      const green = { mode: 'green' as const, budgetW: 2 * 6 * 230 + 100 };
      r.step(t(0, [full, mono('b', 'L2')], green));
      expect([r.a('full'), r.a('b')]).to.deep.equal([6, 6]);
      r.step(t(1000, [full, mono('b', 'L2', { currentsA: [6] })], green));
      expect(r.last?.stations.find((s) => s.station === 'full')?.idle).to.equal(true);
      expect(r.a('b')).to.equal(12);
    });
  });

  describe('a full car next to a car that waits for room', () => {
    // Room for one minimum only (6 + 6 > 10 A); the full car was there first.
    const room = { phases: heads({ L1: 10, L2: 10, L3: 10 }) };
    const full = (ms: number) => tri('full', { timestamp: ms, state: 'connected', currentsA: [0, 0, 0] });
    const waiting = (ms: number) => tri('next', { timestamp: ms, state: 'paused', currentsA: [0, 0, 0] });

    it('pauses the car that draws nothing so the other charges, and gives it its minimum back once the other leaves', () => {
      const r = run({ underuse: { holdMs: 30_000 } });
      r.step(t(0, [full(0)], room));
      expect(r.a('full')).to.equal(10);
      r.step(t(1000, [full(1000), waiting(1000)], room));
      expect(r.a('next'), 'the full car still may start drawing').to.equal(0);
      r.step(t(44_999, [full(44_999), waiting(44_999)], room));
      expect(r.a('next'), 'a car often waits 10–40 s before it draws').to.equal(0);
      r.step(t(45_000, [full(45_000), waiting(45_000)], room));
      expect([r.a('full'), r.a('next')]).to.deep.equal([0, 10]);
      expect(r.reason('full')).to.equal('paused: its car draws nothing, next charges in its place');
      expect(r.last?.stations.find((s) => s.station === 'full')).to.include({ yielded: true, idle: false });
      // The other car charges; the full one waits last in line, and the two do not swap back.
      const charging = (ms: number) => tri('next', { timestamp: ms, currentsA: [10, 10, 10] });
      for (const ms of [46_000, 200_000, 400_000]) {
        r.step(t(ms, [tri('full', { timestamp: ms, state: 'paused' }), charging(ms)], room));
        expect([r.a('full'), r.a('next')], `at ${ms} ms`).to.deep.equal([0, 10]);
      }
      // It leaves: the full car has its minimum again (after the resume delay, 0 here).
      r.step(t(401_000, [tri('full', { timestamp: 401_000, state: 'paused' }), tri('next', { carConnected: false, state: 'available' })], room));
      expect(r.a('full')).to.equal(10);
    });

    it('gives a car that gave way its place back once the other draws nothing too and it has waited 15 min (its own charge timer)', () => {
      const r = run({ underuse: { holdMs: 30_000 } });
      r.step(t(0, [full(0)], room));
      r.step(t(1000, [full(1000), waiting(1000)], room));
      r.step(t(45_000, [full(45_000), waiting(45_000)], room));
      expect([r.a('full'), r.a('next')]).to.deep.equal([0, 10]);
      // The other car charges for a while, then is full too.
      for (let ms = 46_000; ms <= 600_000; ms += 1000) r.step(t(ms, [tri('full', { timestamp: ms, state: 'paused' }), tri('next', { timestamp: ms, currentsA: [10, 10, 10] })], room));
      expect([r.a('full'), r.a('next')]).to.deep.equal([0, 10]);
      const nowFull = (ms: number) => tri('next', { timestamp: ms, state: 'connected', currentsA: [0, 0, 0] });
      let backAt: number | undefined;
      for (let ms = 601_000; ms <= 45_000 + YIELD_RETURN_MS + 120_000 && backAt === undefined; ms += 1000) {
        r.step(t(ms, [tri('full', { timestamp: ms, state: 'paused' }), nowFull(ms)], room));
        if (r.a('full') > 0) backAt = ms;
      }
      expect(backAt, 'its place back').to.not.equal(undefined);
      expect(backAt as number).to.be.at.least(45_000 + YIELD_RETURN_MS);
      expect(r.a('next')).to.equal(0);
    });

    it('does not rotate a car that gave way back in: it draws nothing, the other would only be paused', () => {
      const r = run({ underuse: { holdMs: 30_000 }, rotation: { enabled: true, intervalMs: 30 * 60_000 } });
      r.step(t(0, [full(0)], room));
      r.step(t(1000, [full(1000)], room));
      r.step(t(45_000, [full(45_000), waiting(45_000)], room));
      expect([r.a('full'), r.a('next')]).to.deep.equal([0, 10]);
      for (const min of [31, 61, 120]) {
        const ms = min * 60_000;
        r.step(t(ms, [tri('full', { timestamp: ms, state: 'paused' }), tri('next', { timestamp: ms, currentsA: [10, 10, 10] })], room));
        expect([r.a('full'), r.a('next')], `after ${min} min`).to.deep.equal([0, 10]);
      }
    });

    it('a car that gave way stays last in line once back until it draws: room shrinking again pauses it, not the car that charges', () => {
      const r = run({ underuse: { holdMs: 30_000 }, resumeDelayMs: 60_000 });
      const both = { phases: heads({ L1: 20, L2: 20, L3: 20 }) };
      const next = (ms: number, a: number) => tri('next', { timestamp: ms, state: a > 0 ? 'charging' : 'paused', currentsA: [a, a, a] });
      r.step(t(0, [full(0)], room));
      r.step(t(1000, [full(1000), next(1000, 0)], room));
      r.step(t(45_000, [full(45_000), next(45_000, 0)], room));
      expect([r.a('full'), r.a('next')]).to.deep.equal([0, 10]);
      // Room for both: after the resume delay the full car has its minimum again, and still draws nothing.
      let ms = 46_000;
      for (; r.a('full') === 0 && ms < 200_000; ms += 1000) r.step(t(ms, [full(ms), next(ms, r.a('next'))], both));
      expect(r.a('full')).to.be.at.least(6);
      // 20 s later the room shrinks again: the car that charges keeps charging.
      for (const end = ms + 20_000; ms < end; ms += 1000) r.step(t(ms, [full(ms), next(ms, r.a('next'))], both));
      r.step(t(ms, [full(ms), next(ms, r.a('next'))], room));
      expect([r.a('full'), r.a('next')]).to.deep.equal([0, 10]);
    });

    it('gives a car restarted by a 1↔3 switch the same 45 s to draw before it counts as drawing nothing', () => {
      const r = run({ underuse: { holdMs: 30_000 } });
      const sw = (ms: number, a: number, activePhases: 1 | 3) =>
        tri('sw', { timestamp: ms, canSwitchPhases: true, activePhases, state: a > 0 ? 'charging' : 'connected', currentsA: activePhases === 1 ? [a, 0, 0] : [a, a, a] });
      const waitingCar = (ms: number) => tri('other', { timestamp: ms, state: 'paused' });
      const lopsided = { phases: heads({ L1: 14, L2: 10, L3: 10 }) };
      r.step(t(0, [sw(0, 0, 1)], { ...lopsided, phaseChoice: { sw: 1 } }));
      for (let ms = 1000; ms <= 100_000; ms += 1000) r.step(t(ms, [sw(ms, 10, 1), waitingCar(ms)], { ...lopsided, phaseChoice: { sw: 1 } }));
      expect(r.a('sw')).to.be.at.least(6);
      // Switched to 3 phases at 100 s: the car takes 40 s to draw again.
      for (let ms = 101_000; ms <= 140_000; ms += 1000) {
        r.step(t(ms, [sw(ms, 0, 3), waitingCar(ms)], { ...lopsided, phaseChoice: { sw: 3 } }));
        expect(r.a('sw'), `at ${ms} ms`).to.be.at.least(6);
      }
      expect(r.last?.stations.find((s) => s.station === 'sw')?.yielded).to.equal(undefined);
    });

    it('keeps the full car where pausing it would not make room for the other', () => {
      const r = run({ underuse: { holdMs: 0 } });
      const fullOnL2 = (ms: number) => mono('full', 'L2', { timestamp: ms, state: 'connected', currentsA: [0] });
      const onL1 = mono('onL1', 'L1', { state: 'paused' });
      const l1Full = { phases: heads({ L1: 4, L2: 10, L3: 10 }) };
      r.step(t(0, [fullOnL2(0), onL1], l1Full));
      r.step(t(100_000, [fullOnL2(100_000), onL1], l1Full));
      expect(r.a('onL1'), 'L1 has 4 A whatever the car on L2 does').to.equal(0);
      expect(r.a('full'), 'it keeps its minimum (capped there as it draws nothing)').to.equal(6);
    });
  });

  describe('a station that does not apply a lower current', () => {
    const room = (a: number) => heads({ L1: a, L2: a, L3: a });
    // Both cars at 15 A on 30 A of room; then the oven leaves 20 A and both are cut to 10 A.
    function cutToTen(): SplitterRun {
      const r = run();
      r.step(t(0, [tri('a'), tri('b')], { phases: room(30) }));
      r.step(t(20_000, [tri('a'), tri('b')], { phases: room(20) }));
      expect([r.a('a'), r.a('b')]).to.deep.equal([10, 10]);
      return r;
    }
    /** Station a refused 10 A (old firmware, a fault) and still offers 15 A. */
    const refusing = (ms: number, over: Partial<StationTelemetry> = {}) =>
      tri('a', { timestamp: ms, dynamicCurrentA: 15, pwmCurrentA: 15, currentsA: [15, 15, 15], lastCommand: { currentA: 10, at: 20_000, accepted: false }, ...over });
    const share = (r: SplitterRun, id: string) => r.last?.stations.find((x) => x.station === id);

    it('counts a station that refused the cut at what it still offers: the other car pauses', () => {
      const r = cutToTen();
      r.step(t(21_000, [refusing(21_000), tri('b', { currentsA: [10, 10, 10] })], { phases: room(20) }));
      expect(r.a('b'), '15 A + 6 A would not fit 20 A').to.equal(0);
      expect(r.reason('b')).to.match(/^paused: not enough on L1 \(5 A left, needs 6 A/);
      expect(r.a('a'), 'commanded at least what it holds (the rest of the room): a command it can follow').to.equal(20);
      expect(r.reason('a')).to.equal('charging 20 A: its station still offers 15 A (it did not apply a lower current)');
      expect(share(r, 'a')).to.include({ offeredA: 15 });
      expect(share(r, 'b')).to.not.have.property('offeredA');
    });

    it('gives the others what it leaves, and asks it to pause (keeping what it holds free) where that does not fit', () => {
      const r = cutToTen();
      r.step(t(21_000, [refusing(21_000), tri('b')], { phases: room(24) }));
      expect([r.a('a'), r.a('b')], '24 − 15').to.deep.equal([15, 9]);
      // The room falls to 4 A: 15 A no longer fits. It is asked to pause; nobody else gets the room it holds.
      const a = r.step(t(22_000, [refusing(22_000), tri('b')], { phases: room(4) }));
      expect([r.a('a'), r.a('b')]).to.deep.equal([0, 0]);
      expect(r.reason('a')).to.equal('paused: no room for what it holds; its station still offers 15 A, kept free for its car');
      expect(a.problems).to.deep.equal([]);
      // Its maximum falls below what it holds: asked to pause, the other still served, no failed self-check.
      const capped = r.step(t(23_000, [refusing(23_000, { maxCurrentA: 8 }), tri('b')], { phases: room(24) }));
      expect(capped.problems).to.deep.equal([]);
      expect([r.a('a'), r.a('b')]).to.deep.equal([0, 9]);
    });

    it('shares normally again once it offers less, and keeps counting it at what it holds until then', () => {
      const r = cutToTen();
      r.step(t(21_000, [refusing(21_000), tri('b')], { phases: room(24) }));
      expect([r.a('a'), r.a('b')]).to.deep.equal([15, 9]);
      // Still holding 15 A under a 15 A command an hour on: nothing shows whether it would now apply less.
      const holding = (ms: number) => refusing(ms, { lastCommand: { currentA: 15, at: 21_000, accepted: true } });
      r.step(t(3_600_000, [holding(3_600_000), tri('b')], { phases: room(24) }));
      expect([r.a('a'), r.a('b')]).to.deep.equal([15, 9]);
      // The room shrinks below what it holds: asked to pause; it applies it, and is a car like any other again.
      r.step(t(3_601_000, [holding(3_601_000), tri('b')], { phases: room(12) }));
      expect([r.a('a'), r.a('b')]).to.deep.equal([0, 0]);
      const applied = tri('a', { timestamp: 3_602_000, dynamicCurrentA: 0, lastCommand: { currentA: 0, at: 3_601_000, accepted: true } });
      r.step(t(3_602_000, [applied, tri('b')], { phases: room(24) }));
      expect(share(r, 'a')).to.not.have.property('offeredA');
      r.step(t(3_700_000, [tri('a', { timestamp: 3_700_000 }), tri('b')], { phases: room(24) }));
      expect([r.a('a'), r.a('b')]).to.deep.equal([12, 12]);
    });

    it('pauses every station holding a current when what they hold does not fit together, and keeps the self-check clean', () => {
      const r = run();
      r.step(t(0, [tri('a'), tri('b')], { phases: room(32) }));
      r.step(t(20_000, [tri('a'), tri('b')], { phases: room(24) }));
      expect([r.a('a'), r.a('b')]).to.deep.equal([12, 12]);
      // Neither station applied the cut from 16 to 12 A (the flow to the station nodes is broken).
      const stuck = (id: string, ms: number) => tri(id, { timestamp: ms, dynamicCurrentA: 16, currentsA: [16, 16, 16] });
      for (let ms = 30_000; ms <= 120_000; ms += 6000) {
        const a = r.step(t(ms, [stuck('a', ms), stuck('b', ms)], { phases: room(24) }));
        expect(a.problems, `at ${ms} ms`).to.deep.equal([]);
      }
      expect([r.a('a'), r.a('b')]).to.deep.equal([0, 0]);
      expect(r.reason('b')).to.equal('paused: no room for what the stations that did not apply a lower current hold; its station still offers 16 A, kept free for its car');
    });

    it('in Green, takes off the PV budget only what a held car draws: one that draws nothing does not starve the others', () => {
      const r = run();
      const green = (budgetW: number) => ({ mode: 'green' as const, budgetW, phases: room(40) });
      r.step(t(0, [tri('a'), tri('b', { gridPhases: ['L1'] })], green(20_000)));
      r.step(t(20_000, [tri('a'), tri('b', { gridPhases: ['L1'] })], green(5_000)));
      const heldIdle = tri('a', { timestamp: 31_000, state: 'connected', dynamicCurrentA: 16, currentsA: [0, 0, 0] });
      r.step(t(31_000, [heldIdle, tri('b', { gridPhases: ['L1'], timestamp: 31_000 })], green(5_000)));
      expect(share(r, 'a')).to.include({ currentA: 0, offeredA: 16 });
      expect(r.a('b'), '5 kW for the car on L1: 21 A (L1 keeps 16 A free for a, 24 A left)').to.equal(21);
    });

    it('gives a station that cannot pause its current back: asked for 0 A, accepted, still 6 A offered 10 s later', () => {
      const r = run();
      r.step(t(0, [tri('a')], { phases: room(20) }));
      r.step(t(10_000, [tri('a')], { phases: room(3) }));
      expect(r.a('a')).to.equal(0);
      const noPause = (ms: number) => tri('a', { timestamp: ms, dynamicCurrentA: 0, pwmCurrentA: 6, currentsA: [6, 6, 6], lastCommand: { currentA: 0, at: 10_000, accepted: true } });
      r.step(t(19_000, [noPause(19_000)], { phases: room(3) }));
      expect(share(r, 'a'), 'its station took the pause 9 s ago').to.not.have.property('offeredA');
      r.step(t(20_000, [noPause(20_000)], { phases: room(3) }));
      expect(share(r, 'a')).to.include({ offeredA: 6, currentA: 0 });
      // Room again: it is commanded at least what it draws, so it follows the chain again.
      r.step(t(21_000, [noPause(21_000), tri('b')], { phases: room(32) }));
      expect([r.a('a'), r.a('b')]).to.deep.equal([16, 16]);
    });

    it('never pauses a station that holds a current for a waiting car, even when its car draws nothing: the pause would free nothing', () => {
      const r = run({ underuse: { holdMs: 30_000 } });
      const one = { phases: room(10) };
      r.step(t(0, [tri('a')], one));
      r.step(t(1000, [tri('a', { timestamp: 1000 })], one));
      expect(r.a('a')).to.equal(10);
      // Its car is full; its station refused the under-use cap to 6 A and still offers 10 A.
      const fullHolding = (ms: number) =>
        tri('a', { timestamp: ms, state: 'connected', dynamicCurrentA: 10, currentsA: [0, 0, 0], lastCommand: { currentA: 6, at: 31_000, accepted: false } });
      for (let ms = 2000; ms <= 200_000; ms += 1000) {
        r.step(t(ms, [fullHolding(ms), tri('b', { timestamp: ms, state: 'paused' })], one));
        expect(r.a('b'), `at ${ms} ms: 10 A held on 10 A of room`).to.equal(0);
      }
      expect(r.last?.stations.find((x) => x.station === 'a')).to.not.have.property('yielded');
    });

    it('waits 10 s for a station whose node has not sent the command yet (another controller, a flow that does not deliver)', () => {
      const r = cutToTen();
      const notYet = (ms: number) => tri('a', { timestamp: ms, dynamicCurrentA: 15 });
      r.step(t(25_000, [notYet(25_000), tri('b')], { phases: room(20) }));
      expect(r.a('b')).to.equal(10);
      r.step(t(30_000, [notYet(30_000), tri('b')], { phases: room(20) }));
      expect(r.a('b'), 'still 15 A offered 10 s after the cut').to.equal(0);
    });
  });

  describe('command discipline', () => {
    it('sends a value only when it changes', () => {
      const r = run();
      expect(r.step(t(0, [tri('a')])).commands).to.have.length(1);
      expect(r.step(t(1000, [tri('a')])).commands).to.have.length(0);
      expect(r.step(t(2000, [tri('a')], { phases: heads({ L1: 10, L2: 10, L3: 10 }) })).commands[0]).to.include({ station: 'a', currentA: 10 });
    });

    it('decreases at once, increases at most every interval and by at most one step', () => {
      const r = run({ discipline: { increaseIntervalMs: 5000, maxIncreaseStepA: 6 } });
      const at = (ms: number, h: number) => r.step(t(ms, [tri('a')], { phases: heads({ L1: h, L2: h, L3: h }) }));
      at(0, 10);
      expect(r.a('a')).to.equal(10);
      at(1000, 7);
      expect(r.a('a')).to.equal(7);
      at(2000, 30);
      expect(r.a('a')).to.equal(7);
      expect(r.reason('a')).to.equal('charging 30 A, limited by L1 (rising from 7 A)');
      at(5999, 30);
      expect(r.a('a')).to.equal(7);
      at(6000, 30);
      expect(r.a('a')).to.equal(13);
      at(7000, 9);
      expect(r.a('a')).to.equal(9);
      at(12_000, 30);
      expect(r.a('a')).to.equal(15);
    });

    it('starts a paused car at its minimum, never between 0 and it', () => {
      const r = run({ discipline: { increaseIntervalMs: 5000, maxIncreaseStepA: 2 } });
      r.step(t(0, [tri('a', { minCurrentA: 8 })], { phases: heads({ L1: 0, L2: 0, L3: 0 }) }));
      r.step(t(10_000, [tri('a', { minCurrentA: 8 })]));
      expect(r.a('a')).to.equal(8);
    });
  });

  describe('modes and fail-safe', () => {
    it('Hybrid gives every car at least the guaranteed current', () => {
      const r = run();
      r.step(t(0, [mono('a', 'L1'), mono('b', 'L2')], { mode: 'hybrid', guaranteedA: 10, budgetW: 2 * 10 * 230 }));
      expect([r.a('a'), r.a('b')]).to.deep.equal([10, 10]);
    });

    it('Hybrid: where a phase leaves less than the guaranteed current, the car charges what is there instead of pausing', () => {
      const r = run({ resumeDelayMs: 60_000 });
      r.step(t(0, [tri('a')], { mode: 'hybrid', guaranteedA: 16, budgetW: 3 * 16 * 230, phases: heads({ L1: 10, L2: 10, L3: 10 }) }));
      expect(r.a('a'), 'what Power mode gives in the same house').to.equal(10);
      expect(r.reason('a')).to.equal('charging 10 A, limited by L1');
    });

    it('Hybrid: every car is admitted at its minimum, then raised towards the guaranteed current as the room allows', () => {
      const hybrid = { mode: 'hybrid' as const, guaranteedA: 10, budgetW: 2 * 10 * 230, phases: heads({ L1: 14, L2: 24, L3: 24 }) };
      const fair = run();
      fair.step(t(0, [mono('a', 'L1'), mono('b', 'L1')], hybrid));
      expect([fair.a('a'), fair.a('b')], 'two cars share L1 rather than one pausing').to.deep.equal([7, 7]);
      const priority = run({ strategy: 'priority', priorities: { a: 1 } });
      priority.step(t(0, [mono('a', 'L1'), mono('b', 'L1')], { ...hybrid, phases: heads({ L1: 16, L2: 24, L3: 24 }) }));
      expect([priority.a('a'), priority.a('b')], 'the higher priority reaches the guarantee first').to.deep.equal([10, 6]);
    });

    it('Off and a disabled Green pause everyone', () => {
      const r = run();
      r.step(t(0, [tri('a')], { mode: 'off', budgetW: 0, enabled: false, reason: 'Off: charging stopped' }));
      expect(r.a('a')).to.equal(0);
      expect(r.reason('a')).to.equal('paused: Off: charging stopped');
    });

    it('fail-safe: every car gets min(fail-safe, its max), or 0 when that is below its minimum', () => {
      const r = run();
      const failsafe = { currentA: 6, reason: 'no meter reading for 12 s' };
      r.step(t(0, [tri('a'), tri('b', { minCurrentA: 8 }), tri('c', { maxCurrentA: 6 })], { failsafe, phases: heads({ L1: 0 }) }));
      expect([r.a('a'), r.a('b'), r.a('c')]).to.deep.equal([6, 0, 6]);
      expect(r.reason('a')).to.equal('fail-safe 6 A: no meter reading for 12 s');
    });

    it('fail-safe never raises a car: paused cars stay paused, a car below the fail-safe keeps its current', () => {
      // L1 was full: the cars there were paused. Raised to 6 A each when the meter fell silent,
      // three of them would have put 18 A on top of a phase that had 2 A left.
      const r = run();
      const phases = heads({ L1: 2, L2: 20, L3: 20 });
      r.step(t(0, [mono('a', 'L1'), mono('b', 'L1'), mono('c', 'L1'), mono('d', 'L2')], { phases }));
      expect([r.a('a'), r.a('b'), r.a('c'), r.a('d')]).to.deep.equal([0, 0, 0, 20]);
      const failsafe = { currentA: 6, reason: 'no meter reading for 12 s' };
      r.step(t(15_000, [mono('a', 'L1'), mono('b', 'L1'), mono('c', 'L1'), mono('d', 'L2')], { failsafe, phases }));
      expect([r.a('a'), r.a('b'), r.a('c'), r.a('d')]).to.deep.equal([0, 0, 0, 6]);
      expect(r.reason('a')).to.equal('paused: the fail-safe does not start a paused car (no meter reading for 12 s)');
      // A station that drops offline is commanded 0 meanwhile; back during the outage, it gets the
      // fail-safe as its car charged before. A new car on a station takes its place afresh.
      r.step(t(16_000, [mono('a', 'L1'), mono('b', 'L1'), mono('c', 'L1'), mono('d', 'L2', { online: false, carConnected: false, state: 'offline' })], { failsafe, phases }));
      expect(r.a('d')).to.equal(0);
      r.step(t(17_000, [mono('a', 'L1'), mono('b', 'L1'), mono('c', 'L1'), mono('d', 'L2', { dynamicCurrentA: 0 })], { failsafe, phases }));
      expect(r.a('d')).to.equal(6);
      r.step(t(18_000, [mono('a', 'L1', { carConnected: false, state: 'available' }), mono('b', 'L1'), mono('c', 'L1'), mono('d', 'L2')], { failsafe, phases }));
      r.step(t(19_000, [mono('a', 'L1', { dynamicCurrentA: 0 }), mono('b', 'L1'), mono('c', 'L1'), mono('d', 'L2')], { failsafe, phases }));
      expect(r.a('a')).to.equal(0);
      // Before anything was commanded, the station's own dynamic current says what it has.
      const fresh = run();
      fresh.step(t(0, [tri('p', { dynamicCurrentA: 0 }), tri('q', { dynamicCurrentA: 32 }), tri('u')], { failsafe }));
      expect([fresh.a('p'), fresh.a('q'), fresh.a('u')]).to.deep.equal([0, 6, 6]);
    });

    it('fail-safe 0 pauses everyone', () => {
      const r = run();
      r.step(t(0, [tri('a')], { failsafe: { currentA: 0, reason: 'x' } }));
      expect(r.a('a')).to.equal(0);
    });
  });

  describe('stations', () => {
    it('sends the phases to switchable stations and counts a pending switch on all phases', () => {
      const r = run();
      const sw = tri('sw', { canSwitchPhases: true, activePhases: 3 });
      r.step(t(0, [sw, mono('b', 'L1')], { phaseChoice: { sw: 1 }, phases: heads({ L1: 20, L2: 20, L3: 20 }) }));
      expect(r.book.current.get('sw')).to.include({ phases: 1, currentA: 10 });
      expect(r.book.current.get('b')).to.not.have.property('phases');
    });

    it('a car switched down to 1 phase in Green keeps charging: the PV budget counts the phase it will charge on', () => {
      const r = run();
      const onThree = tri('sw', { canSwitchPhases: true, activePhases: 3, currentsA: [6, 6, 6] });
      r.step(t(0, [onThree], { mode: 'green', budgetW: 4500, phaseChoice: { sw: 3 } }));
      expect(r.book.current.get('sw')).to.include({ phases: 3, currentA: 6 });
      // The sun no longer carries 6 A on 3 phases (4.1 kW): down to 1 phase, at once and without a pause.
      r.step(t(1000, [onThree], { mode: 'green', budgetW: 3600, phaseChoice: { sw: 1 } }));
      expect(r.book.current.get('sw')).to.include({ phases: 1, currentA: 15 });
    });

    it('pauses a station on a phase the meter does not measure', () => {
      const r = run();
      r.step(t(0, [mono('a', 'L3')], { phases: heads({ L1: 20 }) }));
      expect(r.a('a')).to.equal(0);
      expect(r.reason('a')).to.equal('paused: L3 is not in the meter reading');
    });

    it('pauses a station whose minimum is above its maximum, reports it, and still serves the others', () => {
      const r = run();
      const a = r.step(t(0, [tri('bad', { minCurrentA: 16, maxCurrentA: 10 }), tri('good')]));
      expect(r.a('bad')).to.equal(0);
      expect(a.problems).to.deep.equal(['station bad: minimum 16 A is above its maximum 10 A']);
      expect(r.a('good')).to.equal(24);
    });

    it('offline stations and stations without a car get 0; an empty station parks at its minimum when there is room', () => {
      const r = run({ resumeDelayMs: 10_000 });
      const empty = tri('empty', { carConnected: false, state: 'available' });
      const off = tri('off', { online: false, state: 'offline' });
      r.step(t(0, [empty, off, tri('car', { maxCurrentA: 16 })]));
      expect([r.a('empty'), r.a('off'), r.a('car')]).to.deep.equal([0, 0, 16]);
      expect(r.reason('off')).to.equal('station is offline');
      r.step(t(10_000, [empty, off, tri('car', { maxCurrentA: 16 })]));
      expect(r.a('empty')).to.equal(6);
      expect(r.reason('empty')).to.equal('no car: ready at 6 A');
      // No room left for one more car at its minimum: back to 0 at once.
      r.step(t(11_000, [empty, off, tri('car', { maxCurrentA: 16 })], { phases: heads({ L1: 20, L2: 20, L3: 20 }) }));
      expect(r.a('empty')).to.equal(0);
    });

    it('a station whose car has just left parks only after the room has lasted the resume delay, whenever it parked before', () => {
      const r = run({ resumeDelayMs: 60_000 });
      const empty = tri('st', { carConnected: false, state: 'available' });
      r.step(t(0, [empty]));
      r.step(t(70_000, [empty]));
      expect(r.a('st'), 'parked').to.equal(6);
      r.step(t(100_000, [tri('st')]));
      r.step(t(200_000, [tri('st')], { phases: heads({ L1: 5, L2: 5, L3: 5 }) }));
      expect(r.a('st'), 'no room for its minimum').to.equal(0);
      r.step(t(300_000, [empty]));
      expect(r.a('st'), 'the room is back this instant').to.equal(0);
      r.step(t(360_000, [empty]));
      expect(r.a('st')).to.equal(6);
    });

    it('an empty station does not park in Off, Green (even in full sun) or fail-safe', () => {
      const empty = tri('empty', { carConnected: false, state: 'available' });
      const offers = [
        { mode: 'off' as const, enabled: false },
        { mode: 'green' as const, budgetW: 0, enabled: false },
        { mode: 'green' as const, budgetW: 20_000 },
        { failsafe: { currentA: 6, reason: 'x' } },
      ];
      for (const over of offers) {
        const r = run();
        r.step(t(0, [empty], over));
        r.step(t(100_000, [empty], over));
        expect(r.a('empty'), JSON.stringify(over)).to.equal(0);
      }
    });
  });

  describe('bad input', () => {
    it('rejects a message that is not a ChargingTarget or has unusable values', () => {
      const s = new PowerSplitter({});
      expect(() => s.allocate({ kind: 'headroom' })).to.throw(InputError, /ChargingTarget/);
      expect(() => s.allocate({ ...target(), mode: 'turbo' })).to.throw(InputError, /unknown mode/);
      expect(() => s.allocate({ ...target(), budgetW: -5 })).to.throw(InputError, /budgetW/);
      expect(() => s.allocate({ ...target(), phases: [{ ...phaseHeadroom('L1', 10), headroomA: Number.NaN }] })).to.throw(InputError, /headroomA/);
      expect(() => s.allocate({ ...target(), phaseChoice: { a: 2 } })).to.throw(InputError, /phaseChoice/);
    });

    it('rejects bad settings', () => {
      expect(() => new PowerSplitter({ strategy: 'random' as never })).to.throw(InputError, /strategy/);
      expect(() => new PowerSplitter({ priorities: { a: Number.NaN } })).to.throw(InputError, /priority of station a/);
      expect(() => new PowerSplitter({ discipline: { increaseIntervalMs: -1 } })).to.throw(InputError, /increase interval/);
      expect(() => new PowerSplitter({ rotation: { intervalMs: 1000 } })).to.throw(InputError, /rotation interval/);
    });

    it('refuses an increase step between 0 and 1 A, which would hold every car at its minimum (commands are whole amperes)', () => {
      for (const maxIncreaseStepA of [0.5, 0.99]) {
        expect(() => new PowerSplitter({ discipline: { maxIncreaseStepA } }), String(maxIncreaseStepA)).to.throw(
          InputError,
          new RegExp(`^increase step must be 0 \\(no limit\\) or at least 1 A \\(got ${maxIncreaseStepA}\\)`),
        );
      }
      for (const maxIncreaseStepA of [0, 1, 1.5, 6]) expect(new PowerSplitter({ discipline: { maxIncreaseStepA } }).config.discipline.maxIncreaseStepA).to.equal(maxIncreaseStepA);
    });
  });
});
