import { expect } from 'chai';
import { GREEN_DEFAULTS, GreenControl, type GreenCar } from '../../../lib/energy/green-control';

const car = (minPowerW = 1380): GreenCar => ({ startsLeft: 6, minPowerW, lowestMinPowerW: minPowerW });

describe('GreenControl', () => {
  it('a car that leaves ends the stop timer the cars ran together: the one left gets its whole stop delay', () => {
    const green = new GreenControl({ ...GREEN_DEFAULTS, stopBudgetWh: 0 });
    const two = [car(), car()];
    for (let s = 0; s <= 700; s += 10) green.update(s * 1000, 5000, two, 2, 2760);
    // 2 kW: short for two cars (2760 − 200 W), not for one. The stop timer runs for 200 s.
    for (let s = 710; s <= 900; s += 10) expect(green.update(s * 1000, 2000, two, 2, 2760).enabledCars).to.equal(2);
    // One car leaves, and 1 kW is short for the other alone: its own stop delay starts now.
    const stoppedAtS = [];
    for (let s = 910; s <= 1300; s += 10) if (green.update(s * 1000, 1000, [car()], 1, 1380).enabledCars === 0) stoppedAtS.push(s);
    expect(stoppedAtS[0] - 910).to.equal(GREEN_DEFAULTS.disableDelayMs / 1000);
  });

  it('the hours with no car count neither as charged nor as grid energy when the next car arrives', () => {
    const green = new GreenControl({ ...GREEN_DEFAULTS, stopBudgetWh: 0 });
    const HOUR_MS = 3_600_000;
    green.update(0, 5000, [car(4140)], 1, 4500);
    green.update(10_000, 5000, [car(4140)], 1, 4500);
    for (let t = 20_000; t < 12 * HOUR_MS; t += 60_000) green.update(t, 0, [], 0, 0);
    green.update(12 * HOUR_MS, 2000, [car(4140)], 1, 4500);
    // The car that arrives charges on its last start: a dip may take grid energy only within 5 % of the last
    // 24 h's charging. Had the 12 h without a car been booked at 4.5 kW from a 2 kW surplus, that share would be spent.
    const { chargedWh, gridWh } = (green as unknown as { ledger: { lastDay(nowMs: number): { chargedWh: number; gridWh: number } } }).ledger.lastDay(12 * HOUR_MS);
    expect(chargedWh).to.be.closeTo(12.5, 1e-9);
    expect(gridWh).to.equal(0);
  });
});
