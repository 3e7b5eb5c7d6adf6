import { expect } from 'chai';
import { CarModel } from '../../../../lib/sim/lektrico/car-model';

describe('car model', () => {
  it('follows a new limit only after its reaction delay, plus a start lag from a pause', () => {
    const car = new CarModel({ reactionDelayMs: 3000, startLagMs: 2000, phases: 3, maxCurrentA: 32 }, 0);
    car.offer(16, 3, 0);
    car.advance(4999);
    expect(car.currentA).to.equal(0);
    car.advance(5000);
    expect(car.currentA).to.equal(16);
    car.offer(10, 3, 10_000);
    car.advance(12_999);
    expect(car.currentA).to.equal(16);
    car.advance(13_000);
    expect(car.currentA).to.equal(10);
    car.offer(0, 3, 20_000);
    car.advance(23_000);
    expect(car.currentA).to.equal(0);
  });

  it('follows every offer one reaction delay after it was made, however often they change (dead time)', () => {
    const car = new CarModel({ reactionDelayMs: 3000, startLagMs: 0, phases: 3, maxCurrentA: 32 }, 0);
    car.offer(16, 3, 0);
    car.advance(3000);
    expect(car.currentA).to.equal(16);
    // A controller stepping every second: each step lands 3 s after it was sent, in order.
    car.offer(14, 3, 4000);
    car.offer(12, 3, 5000);
    car.offer(10, 3, 6000);
    car.advance(6999);
    expect(car.currentA).to.equal(16);
    car.advance(7000);
    expect(car.currentA).to.equal(14);
    car.advance(8000);
    expect(car.currentA).to.equal(12);
    car.advance(9000);
    expect(car.currentA).to.equal(10);
    // Back and forth within the delay: both moves happen, each on time.
    car.offer(20, 3, 10_000);
    car.offer(10, 3, 11_000);
    car.advance(13_000);
    expect(car.currentA).to.equal(20);
    car.advance(14_000);
    expect(car.currentA).to.equal(10);
  });

  it('never draws below 6 A offered, and at most its own charger', () => {
    const car = new CarModel({ reactionDelayMs: 0, startLagMs: 0, maxCurrentA: 16 }, 0);
    car.offer(5, 3, 0);
    expect(car.currentA).to.equal(0);
    car.offer(32, 3, 1);
    expect(car.currentA).to.equal(16);
  });

  it('draws a little less or more than allowed', () => {
    const shy = new CarModel({ reactionDelayMs: 0, startLagMs: 0, drawRatio: 0.95 }, 0);
    const greedy = new CarModel({ reactionDelayMs: 0, startLagMs: 0, drawRatio: 1.07 }, 0);
    shy.offer(10, 1, 0);
    greedy.offer(10, 1, 0);
    expect(shy.currentA).to.be.closeTo(9.5, 1e-9);
    expect(greedy.currentA).to.be.closeTo(10.7, 1e-9);
  });

  it('uses one phase when it or the station has only one', () => {
    const single = new CarModel({ phases: 1 }, 0);
    single.offer(16, 3, 0);
    expect(single.phasesInUse).to.equal(1);
    const triple = new CarModel({ phases: 3 }, 0);
    triple.offer(16, 1, 0);
    expect(triple.phasesInUse).to.equal(1);
    triple.offer(16, 3, 0);
    expect(triple.phasesInUse).to.equal(3);
  });

  it('counts energy and with a battery tapers, then stops when full', () => {
    const car = new CarModel(
      { reactionDelayMs: 0, startLagMs: 0, phases: 1, maxCurrentA: 10, battery: { capacityWh: 2300, socPercent: 79 } },
      0,
    );
    car.offer(10, 1, 0);
    car.advance(3_600_000 / 100, 230); // 36 s at 10 A, 230 V = 23 Wh = 1 %
    expect(car.chargedWh).to.be.closeTo(23, 1e-6);
    expect(car.socPercent).to.be.closeTo(80, 1e-6);
    car.advance(3_600_000 / 10, 230);
    expect(car.currentA).to.be.below(10);
    for (let t = 1; t <= 200 && !car.full; t++) car.advance(t * 3_600_000, 230);
    expect(car.full).to.equal(true);
    expect(car.currentA).to.equal(0);
  });

  it('stops drawing at once when unplugged', () => {
    const car = new CarModel({ reactionDelayMs: 0, startLagMs: 0 }, 0);
    car.offer(16, 3, 0);
    car.unplug(10);
    expect(car.currentA).to.equal(0);
    expect(car.plugged).to.equal(false);
  });
});
