import { expect } from 'chai';
import { CAR_SETTLE_MS } from '../../../lib/energy/car-timing';
import { DrawRatios } from '../../../lib/energy/draw-ratios';
import { telemetry } from './builders';

describe('draw ratios', () => {
  const drawing = (measuredA: number, commandA: number, at: number, carConnected = true) =>
    telemetry('a', { carConnected, currentsA: [measuredA, measuredA, measuredA], lastCommand: { currentA: commandA, at, accepted: true } });

  it('keeps a car\'s settled ratio while it settles after the next command, instead of falling back to 1', () => {
    const ratios = new DrawRatios();
    expect(ratios.ratio(drawing(5.7, 6, 0), 1000), 'never settled').to.equal(1);
    expect(ratios.ratio(drawing(5.7, 6, 0), CAR_SETTLE_MS)).to.be.closeTo(0.95, 1e-9);
    // Raised to 7 A: still drawing 5.7 A while it settles; the ratio is the one it had.
    const raisedAt = CAR_SETTLE_MS + 1000;
    expect(ratios.ratio(drawing(5.7, 7, raisedAt), raisedAt + 1000)).to.be.closeTo(0.95, 1e-9);
    expect(ratios.ratio(drawing(6.65, 7, raisedAt), raisedAt + CAR_SETTLE_MS)).to.be.closeTo(0.95, 1e-9);
  });

  it('keeps the ratio while the car limits itself, and forgets it when the car leaves', () => {
    const ratios = new DrawRatios();
    ratios.ratio(drawing(15.2, 16, 0), CAR_SETTLE_MS);
    expect(ratios.ratio(drawing(15.2, 32, CAR_SETTLE_MS), 3 * CAR_SETTLE_MS), 'a 16 A car offered 32 A').to.be.closeTo(0.95, 1e-9);
    expect(ratios.ratio(drawing(0, 16, 0, false), 4 * CAR_SETTLE_MS), 'unplugged').to.equal(1);
    expect(ratios.ratio(drawing(16, 16, 5 * CAR_SETTLE_MS), 5 * CAR_SETTLE_MS + 1000), 'the next car, not settled yet').to.equal(1);
  });
});
