import { expect } from 'chai';
import { Backoff } from '../../lib/backoff';

describe('backoff', () => {
  const noJitter = { jitterRatio: 0, random: () => 0.5 };

  it('doubles from initialMs up to maxMs and stays there', () => {
    const backoff = new Backoff({ initialMs: 100, maxMs: 1000, ...noJitter });
    expect([1, 2, 3, 4, 5, 6].map(() => backoff.next())).to.deep.equal([100, 200, 400, 800, 1000, 1000]);
    expect(backoff.attempts).to.equal(6);
  });

  it('starts again from initialMs after reset()', () => {
    const backoff = new Backoff({ initialMs: 100, maxMs: 1000, ...noJitter });
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.next()).to.equal(100);
  });

  it('spreads each delay by at most ±jitterRatio and never beyond maxMs', () => {
    const low = new Backoff({ initialMs: 1000, maxMs: 8000, jitterRatio: 0.2, random: () => 0 });
    const high = new Backoff({ initialMs: 1000, maxMs: 8000, jitterRatio: 0.2, random: () => 0.999999 });
    expect(low.next()).to.equal(800);
    expect(high.next()).to.equal(1200);
    for (let i = 0; i < 10; i += 1) expect(high.next()).to.be.at.most(8000);
  });

  it('longest() jumps to the cap and keeps later steps there (no tight loop on a wrong password)', () => {
    const backoff = new Backoff({ initialMs: 100, maxMs: 3000, ...noJitter });
    expect(backoff.longest()).to.equal(3000);
    expect(backoff.next()).to.equal(3000);
  });

  it('refuses options that cannot work', () => {
    expect(() => new Backoff({ initialMs: 0, maxMs: 10 })).to.throw(RangeError);
    expect(() => new Backoff({ initialMs: 100, maxMs: 10 })).to.throw(RangeError);
  });
});
