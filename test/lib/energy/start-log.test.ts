import { expect } from 'chai';
import { SAME_CYCLE_MS, StartLog, fewerStartsLeftFirst } from '../../../lib/energy/start-log';

const HOUR_MS = 3_600_000;

describe('StartLog', () => {
  it('counts the starts of each station within the last 24 hours', () => {
    const log = new StartLog(3);
    log.record('garage', 0);
    log.record('garage', 2 * HOUR_MS);
    log.record('carport', HOUR_MS);
    expect(log.left('garage', 3 * HOUR_MS)).to.equal(1);
    expect(log.left('carport', 3 * HOUR_MS)).to.equal(2);
    expect(log.left('street', 3 * HOUR_MS), 'a station never seen').to.equal(3);
    // The first start leaves the window 24 h after it was made.
    expect(log.left('garage', 24 * HOUR_MS - 1)).to.equal(1);
    expect(log.left('garage', 24 * HOUR_MS)).to.equal(2);
  });

  it('never reports fewer than 0 left', () => {
    const log = new StartLog(1);
    for (let i = 0; i < 3; i++) log.record('garage', i * HOUR_MS);
    expect(log.left('garage', 3 * HOUR_MS)).to.equal(0);
  });

  it('a stop and a start within a minute are one cycle (a phase switch, then the car resuming)', () => {
    const log = new StartLog(6);
    log.record('garage', 0); // the switch, as commanded
    log.record('garage', 5_000); // the car charging again on its new phases
    expect(log.left('garage', 10_000)).to.equal(5);
    log.record('garage', SAME_CYCLE_MS);
    expect(log.left('garage', SAME_CYCLE_MS)).to.equal(4);
  });

  it('forgets a station\'s starts when its car leaves, and only that station\'s', () => {
    const log = new StartLog(2);
    log.record('garage', 0);
    log.record('carport', 0);
    log.forget('garage');
    expect(log.left('garage', HOUR_MS)).to.equal(2);
    expect(log.left('carport', HOUR_MS)).to.equal(1);
  });

  it('without a limit keeps nothing and has starts without end', () => {
    const log = new StartLog(0);
    log.record('garage', 0);
    expect(log.limited).to.equal(false);
    expect(log.left('garage', 0)).to.equal(Infinity);
  });

  it('sorts by starts left, fewest first, with no limit (Infinity) last', () => {
    expect([Infinity, 2, 0, Infinity, 1].sort(fewerStartsLeftFirst)).to.deep.equal([0, 1, 2, Infinity, Infinity]);
  });
});
