import { expect } from 'chai';
import { CombinedHome } from '../../../../lib/sim/home/combined-home';
import { HomeModel } from '../../../../lib/sim/home/home-model';
import { sumPhases } from '../../../../lib/sim/home/home-sample';
import { acceleratedClock, HomeSimulation } from '../../../../lib/sim/home/home-simulation';
import type { HomeTrace } from '../../../../lib/sim/home/home-trace';
import { splitByShares, splitPv } from '../../../../lib/sim/home/phase-split';
import { PowerSeries } from '../../../../lib/sim/home/power-series';
import { TraceHome } from '../../../../lib/sim/home/trace-home';
import { ManualClock } from '../../../../lib/clock';

const Q = 15 * 60_000;

function trace(): HomeTrace {
  return {
    name: 'hand-made',
    house: PowerSeries.regular(0, Q, [1000, 3000, 600, 2000]),
    pv: PowerSeries.regular(0, Q, [0, 3000, 6000, 3000]),
    circuits: { heat_pump: PowerSeries.regular(0, Q, [600, 1500, 0, 0]), washing_machine: PowerSeries.regular(0, Q, [0, 0, 0, 1800]) },
    notes: [],
  };
}

describe('phase split and trace replay', () => {
  it('splits by shares and PV symmetric or onto one phase, keeping the totals', () => {
    expect(sumPhases(splitByShares(1000))).to.be.closeTo(1000, 1e-9);
    expect(splitByShares(1000)).to.deep.equal([400, 350, 250]);
    expect(splitPv(3000)).to.deep.equal([1000, 1000, 1000]);
    expect(splitPv(3000, 'L2')).to.deep.equal([0, 3000, 0]);
  });

  it('places sub-metered circuits on their phases and shares the rest; the phases sum to the house', () => {
    const home = new TraceHome(trace());
    for (let t = 0; t < 4 * Q; t += 60_000) {
      const s = home.at(t);
      expect(sumPhases(s.houseW)).to.be.closeTo(trace().house.at(t), 1e-9);
    }
    const first = home.at(0).houseW; // heat pump 600 on all three + 400 unplaced 40/35/25
    expect(first[0]).to.be.closeTo(200 + 160, 1e-9);
    expect(first[2]).to.be.closeTo(200 + 100, 1e-9);
    const washing = home.at(3 * Q).houseW; // 1800 on L2 + 200 unplaced
    expect(washing[1]).to.be.closeTo(1800 + 70, 1e-9);
  });

  it('with the variability layer keeps each interval energy and makes higher instantaneous peaks', () => {
    const plain = new TraceHome(trace());
    const peaky = new TraceHome(trace(), { variability: { seed: 3 } });
    for (let i = 0; i < 4; i++) {
      let plainWh = 0;
      let peakyWh = 0;
      for (let t = i * Q; t < (i + 1) * Q; t += 1000) {
        plainWh += sumPhases(plain.at(t).houseW) / 3600;
        peakyWh += sumPhases(peaky.at(t).houseW) / 3600;
      }
      expect(peakyWh).to.be.closeTo(plainWh, plainWh * 0.01);
    }
    let maxPlain = 0;
    let maxPeaky = 0;
    for (let t = 0; t < 4 * Q; t += 1000) {
      maxPlain = Math.max(maxPlain, ...plain.at(t).houseW);
      maxPeaky = Math.max(maxPeaky, ...peaky.at(t).houseW);
    }
    expect(maxPeaky).to.be.greaterThan(maxPlain);
  });

  it('uses measured phases when the trace has them, and wraps time when looping', () => {
    const t = trace();
    t.housePhases = [PowerSeries.regular(0, Q, [1, 2, 3, 4]), PowerSeries.regular(0, Q, [10, 20, 30, 40]), PowerSeries.regular(0, Q, [100, 200, 300, 400])];
    const home = new TraceHome(t, { loop: true });
    expect(home.at(Q).houseW).to.deep.equal([2, 20, 200]);
    expect(home.at(4 * Q + Q).houseW).to.deep.equal([2, 20, 200]);
    expect(home.at(-3 * Q).houseW).to.deep.equal([2, 20, 200]);
  });

  it('rejects phase shares that do not sum to 1', () => {
    expect(() => new TraceHome(trace(), { split: { houseShares: [0.5, 0.5, 0.5] } })).to.throw(/sum to 1/);
  });

  it('combines a modelled house with recorded PV', () => {
    const model = new HomeModel({ seed: 1 });
    const pv = PowerSeries.regular(0, Q, [3000]);
    const home = new CombinedHome(model, pv, { pvInverter: 'L3' });
    expect(home.at(100).houseW).to.deep.equal(model.at(100).houseW);
    expect(home.at(100).pvW).to.deep.equal([0, 0, 3000]);
  });
});

describe('HomeSimulation', () => {
  it('reads the home through the injected clock and gives the grid per phase', () => {
    const clock = new ManualClock(Q);
    const sim = new HomeSimulation(new TraceHome(trace(), { pvInterpolation: 'step' }), clock.now);
    const now = sim.now();
    expect(now.timestamp).to.equal(Q);
    expect(now.houseTotalW).to.be.closeTo(3000, 1e-9);
    expect(now.pvTotalW).to.equal(3000);
    const grid = sim.gridNow([2300, 2300, 2300]);
    expect(sumPhases(grid)).to.be.closeTo(3000 - 3000 + 6900, 1e-9);
    clock.advance(Q);
    expect(sim.now().pvTotalW).to.equal(6000);
  });

  it('runs accelerated simulated time from a wall clock', () => {
    const wall = new ManualClock(1_000_000);
    const clock = acceleratedClock(Date.UTC(2024, 5, 21), 60, wall.now);
    wall.advance(1000);
    expect(clock()).to.equal(Date.UTC(2024, 5, 21) + 60_000);
    expect(() => acceleratedClock(0, 0)).to.throw(/speed/);
  });
});
