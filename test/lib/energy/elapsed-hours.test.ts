import { expect } from 'chai';
import { ElapsedHours } from '../../../lib/energy/elapsed-hours';

describe('ElapsedHours', () => {
  it('gives the hours since the previous update, none for the first', () => {
    const elapsed = new ElapsedHours();
    expect(elapsed.next(1_000)).to.equal(0);
    expect(elapsed.next(1_000 + 1_800_000)).to.equal(0.5);
    expect(elapsed.next(1_000 + 1_800_000 + 36_000)).to.equal(0.01);
  });

  it('counts no time across a pause: the next update starts afresh', () => {
    const elapsed = new ElapsedHours();
    elapsed.next(0);
    elapsed.pause();
    expect(elapsed.next(3_600_000), 'an hour of unknown power').to.equal(0);
    expect(elapsed.next(5_400_000)).to.equal(0.5);
  });

  it('counts no time twice when the clock is set back', () => {
    const elapsed = new ElapsedHours();
    elapsed.next(0);
    expect(elapsed.next(3_600_000)).to.equal(1);
    expect(elapsed.next(1_800_000), 'set back half an hour').to.equal(0);
    expect(elapsed.next(3_600_000), 'still at or behind the latest update').to.equal(0);
    expect(elapsed.next(5_400_000), 'only the time after the latest update').to.equal(0.5);
  });
});
