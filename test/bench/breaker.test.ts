import { expect } from 'chai';
import { ThermalBreaker } from '../../bench/control/breaker';

const HOUR = 3_600_000;

/** Carries a constant multiple of In in 1 s steps until it trips or maxMs passes; the trip time or Infinity. */
function tripTimeMs(multiple: number, maxMs: number): number {
  const b = new ThermalBreaker(25);
  for (let t = 0; t < maxMs; t += 1000) if (b.carry(25 * multiple, 1000, t)) return b.trippedAt as number;
  return Infinity;
}

describe('IEC 60898-1 breaker model', () => {
  it('holds 1.13 × In for an hour (conventional non-tripping current)', () => {
    expect(tripTimeMs(1.13, HOUR)).to.equal(Infinity);
    const b = new ThermalBreaker(25);
    b.carry(25 * 1.13, HOUR);
    expect(b.peakTripFraction).to.be.lessThan(1);
  });

  it('trips at 1.45 × In within the hour, also right after an hour at 1.13 × In', () => {
    expect(tripTimeMs(1.45, HOUR)).to.be.lessThan(HOUR);
    const warm = new ThermalBreaker(25);
    warm.carry(25 * 1.13, HOUR, 0);
    let t = HOUR;
    while (!warm.carry(25 * 1.45, 1000, t) && t < 2 * HOUR) t += 1000;
    expect(warm.trippedAt! - HOUR).to.be.lessThan(HOUR);
  });

  it('trips faster the larger the overload: 2 × In sooner than 1.45 × In; 2.55 × In within 1–60 s', () => {
    const t145 = tripTimeMs(1.45, HOUR);
    const t2 = tripTimeMs(2, HOUR);
    expect(t2).to.be.lessThan(t145);
    const t255 = tripTimeMs(2.55, HOUR);
    expect(t255).to.be.within(1000, 60_000);
  });

  it('agrees with its closed-form cold trip time, whatever the step size', () => {
    for (const x of [1.45, 2, 2.55]) {
      expect(tripTimeMs(x, HOUR)).to.be.closeTo(ThermalBreaker.coldTripTimeMs(x), 1);
      const coarse = new ThermalBreaker(10);
      coarse.carry(10 * x, HOUR, 0);
      expect(coarse.trippedAt).to.be.closeTo(ThermalBreaker.coldTripTimeMs(x), 1);
    }
    expect(ThermalBreaker.coldTripTimeMs(1.3)).to.equal(Infinity);
  });

  it('trips at once in the magnetic region (3 × In) and cools down after a short overload', () => {
    const b = new ThermalBreaker(16);
    expect(b.carry(48, 10, 5000)).to.equal(true);
    expect(b.trippedAt).to.equal(5000);
    const c = new ThermalBreaker(16);
    c.carry(16 * 1.6, 30_000); // 30 s at 1.6 × In: heats, no trip
    expect(c.tripped).to.equal(false);
    const hot = c.peakTripFraction;
    c.carry(0, 1_200_000);
    c.carry(16 * 1.6, 30_000);
    expect(c.peakTripFraction).to.be.closeTo(hot, 0.02); // it had cooled back down: the same heat again
  });
});
