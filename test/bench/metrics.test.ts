import { expect } from 'chai';
import { EventQueue } from '../../bench/control/event-queue';
import { LogHistogram } from '../../bench/control/histogram';
import { RunMetrics } from '../../bench/control/metrics';
import type { PlantState } from '../../bench/control/plant';
import { loweredPhases, quantiles, ReactionTracker } from '../../bench/control/reaction';
import { reading } from './fixtures';

function state(gridA: [number, number, number], carW: number[], houseW = 0, pvW = 0): PlantState {
  return { gridA, carsA: [0, 0, 0], carW, houseW: [houseW / 3, houseW / 3, houseW / 3], pvW: [pvW / 3, pvW / 3, pvW / 3] };
}

describe('run metrics on a hand-made run', () => {
  it('counts time and ampere-seconds above the limit per phase, and the peak', () => {
    const m = new RunMetrics(25, 1);
    m.segment(0, 10_000, state([20, 20, 20], [0]));
    m.segment(10_000, 4_000, state([28, 20, -30], [0])); // L1 3 A over, L3 export 5 A over
    m.segment(14_000, 6_000, state([25, 20, 20], [0])); // exactly at the limit: not over
    const f = m.figures();
    expect(f.durationS).to.equal(20);
    expect(f.phases[0].secondsOver).to.equal(4);
    expect(f.phases[0].ampSecondsOver).to.be.closeTo(12, 1e-9);
    expect(f.phases[2].ampSecondsOver).to.be.closeTo(20, 1e-9);
    expect(f.secondsOverAny).to.equal(4);
    expect(f.pctTimeOver).to.be.closeTo(20, 1e-9);
    expect(f.peakRatio).to.be.closeTo(30 / 25, 1e-9);
    expect(f.tripped).to.equal(false);
  });

  it('splits the car energy into PV and grid on the netted surplus, and counts starts and stops', () => {
    const m = new RunMetrics(25, 2);
    const h = 3_600_000;
    m.segment(0, h, state([0, 0, 0], [0, 0], 500, 4500)); // surplus 4 kW, no car
    m.segment(h, h, state([0, 0, 0], [6000, 0], 500, 4500)); // car 6 kW: 4 kW PV + 2 kW grid
    m.segment(2 * h, h, state([0, 0, 0], [0, 3000], 1000, 0)); // night: all grid
    m.segment(3 * h, h, state([0, 0, 0], [2000, 3000], 0, 10_000)); // all PV
    m.command();
    m.command();
    const f = m.figures();
    expect(f.energyKWh).to.be.closeTo(14, 1e-9);
    expect(f.pvToCarKWh).to.be.closeTo(9, 1e-9);
    expect(f.gridToCarKWh).to.be.closeTo(5, 1e-9);
    expect(f.surplusKWh).to.be.closeTo(18, 1e-9);
    expect(f.stations[0]).to.deep.include({ starts: 2, stops: 1 });
    expect(f.stations[1]).to.deep.include({ starts: 1, stops: 0 });
    expect(f.commands).to.equal(2);
  });
});

describe('reaction tracking', () => {
  it('times reading → command, onset → command and onset → cleared for one episode', () => {
    const r = new ReactionTracker(25);
    r.plant(0, [20, 20, 20]);
    r.plant(1000, [27, 20, 20]); // onset
    r.reading(1150, reading(1000, [20, 20, 20])); // a stale reading does not count
    r.reading(2150, reading(2000, [27, 20, 20]));
    r.command(2150, ['L2'], 5); // lowers another phase: not this episode's cure
    r.command(2150, ['L1', 'L2', 'L3'], 12);
    r.command(3000, ['L1'], 99); // only the first counts
    r.plant(6000, [24, 20, 20]);
    const f = r.figures();
    expect(f).to.deep.include({ episodes: 1, detected: 1, commanded: 1 });
    expect(quantiles(f.readingToCommandMs).max).to.equal(0);
    expect(quantiles(f.onsetToCommandMs).max).to.equal(1150);
    expect(quantiles(f.onsetToClearMs).max).to.equal(5000);
    expect(quantiles(f.commandWallUs).max).to.equal(12);
  });

  it('knows which grid phases a command lowers, through the wiring and 1↔3 switches', () => {
    expect(loweredPhases(['L2', 'L3', 'L1'], { currentA: 16, phases: 3 }, { currentA: 10, phases: 3 })).to.deep.equal(['L1', 'L2', 'L3']);
    expect(loweredPhases(['L2', 'L3', 'L1'], { currentA: 10, phases: 3 }, { currentA: 16, phases: 1 })).to.deep.equal(['L1', 'L3']);
    expect(loweredPhases(['L1'], { currentA: 10, phases: 1 }, { currentA: 12, phases: 1 })).to.deep.equal([]);
  });
});

describe('event queue and histogram', () => {
  it('runs events in time order, ties in insertion order, including ones scheduled while running', () => {
    const q = new EventQueue();
    const seen: string[] = [];
    q.schedule(20, () => seen.push('b'));
    q.schedule(10, (t) => {
      seen.push('a');
      q.schedule(t, () => seen.push('a2'));
      q.schedule(t + 100, () => seen.push('late'));
    });
    q.schedule(20, () => seen.push('c'));
    q.runUntil(20);
    expect(seen).to.deep.equal(['a', 'a2', 'b', 'c']);
    expect(q.nextAtMs()).to.equal(110);
  });

  it('gives percentiles within a bin (~2 %) and merges across runs', () => {
    const a = new LogHistogram();
    const b = new LogHistogram();
    for (let i = 1; i <= 1000; i++) (i % 2 ? a : b).add(i);
    a.merge(b.toData());
    expect(a.count).to.equal(1000);
    expect(a.quantile(0.5)).to.be.within(500, 512);
    expect(a.quantile(0.99)).to.be.within(990, 1012);
    expect(a.quantile(1)).to.equal(1000);
    const z = new LogHistogram();
    z.add(0);
    z.add(0);
    z.add(5);
    expect(z.quantile(0.5)).to.equal(0);
  });
});
