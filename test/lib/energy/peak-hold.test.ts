import { expect } from 'chai';
import { PeakHold } from '../../../lib/energy/peak-hold';

describe('PeakHold', () => {
  it('shows a rise at once', () => {
    const h = new PeakHold(10_000);
    h.push(0, 5);
    expect(h.push(1000, 9)).to.equal(9);
  });

  it('shows a fall once the lower value has stood the whole window, with irregular samples', () => {
    const h = new PeakHold(10_000);
    h.push(0, 9);
    // The 9 stands until the next sample at 7.3 s: the fall counts from there.
    expect(h.push(7300, 4)).to.equal(9);
    expect(h.push(12_000, 4)).to.equal(9);
    expect(h.push(17_299, 4)).to.equal(9);
    expect(h.push(17_300, 4)).to.equal(4);
  });

  it('keeps the highest of several values in the window and lets them go in turn', () => {
    const h = new PeakHold(10_000);
    h.push(0, 9);
    h.push(1000, 7);
    h.push(2000, 3);
    expect(h.push(11_000, 3)).to.equal(7);
    expect(h.push(12_000, 3)).to.equal(3);
    expect(h.value).to.equal(3);
  });

  it('with a zero window follows the signal', () => {
    const h = new PeakHold(0);
    h.push(0, 9);
    expect(h.push(1, 2)).to.equal(2);
  });
});
