import { expect } from 'chai';
import type { StationSetup } from '../../bench/control/plant';
import { startBound } from '../../bench/control/start-bound';

/** A 3P22K with a 16 A car: 1 phase 6–16 A (1380–3680 W), 3 phases 6–16 A (4140–11040 W). */
function station(canSwitchPhases: boolean): StationSetup {
  return { id: 's', type: '3p22k', gridPhases: ['L1', 'L2', 'L3'], minCurrentA: 6, maxCurrentA: 32, canSwitchPhases, car: { maxCurrentA: 16, phases: 3, drawRatio: 1 } };
}

const HOUR_S = 3600;
const hoursAt = (...watts: number[]): number[] => watts.flatMap((w) => new Array<number>(HOUR_S).fill(w));

describe('start-limited foresight bound', () => {
  // An hour at 3 kW (13 A on 1 phase: 2990 W) then an hour at 5 kW (7 A on 3 phases: 4830 W).
  const day = hoursAt(3000, 5000);

  it('counts a 1↔3 switch of a charging car as a start', () => {
    const oneStart = startBound([day], station(true), 1, 0);
    // One start: 1 phase all along (2990 W, then 16 A = 3680 W); 3 phases the first hour would take grid.
    expect(oneStart.plan.pvKWh).to.be.closeTo(6.67, 0.01);
    expect(oneStart.plan.gridKWh).to.equal(0);
    const twoStarts = startBound([day], station(true), 2, 0);
    expect(twoStarts.plan.pvKWh).to.be.closeTo(2.99 + 4.83, 0.01); // the second start is the switch up
    expect(twoStarts.oracleKWh).to.be.closeTo(2.99 + 4.83, 0.01);
  });

  it('never bounds below the plan it found, nor above the oracle when no grid is allowed', () => {
    for (const maxStarts of [1, 2, 6]) {
      const b = startBound([day, hoursAt(1000, 2000, 6000)], station(true), maxStarts, 0);
      expect(b.boundKWh).to.be.at.least(b.plan.pvKWh - 1e-9);
      expect(b.boundKWh).to.be.at.most(b.oracleKWh + 1e-9);
    }
  });

  it('holds the start limit per day: a second day brings its own starts', () => {
    const b = startBound([day, day], station(true), 2, 0);
    expect(b.plan.pvKWh).to.be.closeTo(2 * (2.99 + 4.83), 0.01);
  });

  it('keeps the plan within the grid share, which buys PV below the minimum', () => {
    // 4 kW for two hours: 3 phases need 4140 W, so each hour at 6 A takes 140 Wh from the grid (3.4 %).
    const fixed3p = station(false);
    expect(startBound([hoursAt(4000, 4000)], fixed3p, 1, 0).plan.pvKWh).to.equal(0);
    const withGrid = startBound([hoursAt(4000, 4000)], fixed3p, 1, 0.04);
    expect(withGrid.plan.pvKWh).to.be.closeTo(8, 0.01);
    expect(withGrid.plan.gridKWh / (withGrid.plan.pvKWh + withGrid.plan.gridKWh)).to.be.at.most(0.04);
  });
});
