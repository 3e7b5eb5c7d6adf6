import { expect } from 'chai';
import { ExponentialSmoother } from '../../../lib/energy/smoothing';

describe('ExponentialSmoother', () => {
  it('settles in the same time whatever the sample period (1 s push or 10 s poll)', () => {
    const push = new ExponentialSmoother(10_000);
    const poll = new ExponentialSmoother(10_000);
    push.push(0, 0);
    poll.push(0, 0);
    for (let t = 1000; t <= 20_000; t += 1000) push.push(t, 1000);
    for (let t = 10_000; t <= 20_000; t += 10_000) poll.push(t, 1000);
    expect(push.current).to.be.closeTo(poll.current as number, 1e-9);
    expect(push.current).to.be.closeTo(1000 * (1 - Math.exp(-2)), 1e-6);
  });

  it('falls with its own, shorter time constant and rises with the long one', () => {
    const s = new ExponentialSmoother(10_000, 2_000);
    s.push(0, 4000);
    // A cloud: down to 1000 W; after 4 s (two falling τ) the value is within 14 % of the step.
    for (let t = 1000; t <= 4000; t += 1000) s.push(t, 1000);
    expect(s.current).to.be.closeTo(1000 + 3000 * Math.exp(-2), 1e-6);
    // The sun is back: the same 4 s bring it only 33 % of the way up.
    const low = s.current as number;
    for (let t = 5000; t <= 8000; t += 1000) s.push(t, 4000);
    expect(s.current).to.be.closeTo(low + (4000 - low) * (1 - Math.exp(-0.4)), 1e-6);
  });

  it('passes samples through with τ = 0', () => {
    const s = new ExponentialSmoother(0);
    expect(s.push(0, 5)).to.equal(5);
    expect(s.push(1, -3)).to.equal(-3);
  });
});
