import { expect } from 'chai';
import { CommandDiscipline } from '../../../lib/energy/command-discipline';

describe('CommandDiscipline', () => {
  const sent = (d: CommandDiscipline, station: string, currentA: number, atMs: number, phases?: 1 | 3) =>
    d.commit(station, { currentA, ...(phases ? { phases } : {}) }, atMs);

  it('sends the first command as asked, then only changes', () => {
    const d = new CommandDiscipline({ increaseIntervalMs: 5000, maxIncreaseStepA: 6 });
    expect(d.pace('a', { currentA: 20 }, 6, 32, 0)).to.deep.equal({ currentA: 20 });
    expect(sent(d, 'a', 20, 0)).to.equal(true);
    expect(sent(d, 'a', 20, 1000)).to.equal(false);
  });

  it('treats 1 → 3 phases at the same current as an increase (three times the power)', () => {
    const d = new CommandDiscipline({ increaseIntervalMs: 5000, maxIncreaseStepA: 0 });
    sent(d, 'a', 10, 0, 1);
    expect(d.pace('a', { currentA: 10, phases: 3 }, 6, 32, 1000)).to.deep.equal({ currentA: 10, phases: 1 });
    expect(d.pace('a', { currentA: 10, phases: 3 }, 6, 32, 5000)).to.deep.equal({ currentA: 10, phases: 3 });
    // 3 → 1 phase is a decrease: at once.
    sent(d, 'a', 10, 5000, 3);
    expect(d.pace('a', { currentA: 10, phases: 1 }, 6, 32, 5001)).to.deep.equal({ currentA: 10, phases: 1 });
  });

  it('a switch down to 1 phase with a higher current goes out at once, the current on that phase held', () => {
    const d = new CommandDiscipline({ increaseIntervalMs: 5000, maxIncreaseStepA: 6 });
    sent(d, 'a', 6, 1000, 3);
    // 13 A on 1 phase (2990 W) instead of 6 A on 3 (4140 W): never 6 A on 3 phases again, 6 A on L1 for now.
    expect(d.pace('a', { currentA: 13, phases: 1 }, 6, 32, 3000)).to.deep.equal({ currentA: 6, phases: 1 });
  });

  it('never holds a value the station no longer accepts (its minimum rose above it)', () => {
    const d = new CommandDiscipline({ increaseIntervalMs: 5000, maxIncreaseStepA: 6 });
    sent(d, 'a', 6, 0);
    expect(d.pace('a', { currentA: 8 }, 8, 32, 1000)).to.deep.equal({ currentA: 8 });
  });

  it('keeps a paused station paused until the interval has passed, then starts it at its minimum', () => {
    const d = new CommandDiscipline({ increaseIntervalMs: 5000, maxIncreaseStepA: 2 });
    sent(d, 'a', 0, 0);
    expect(d.pace('a', { currentA: 16 }, 10, 32, 4999).currentA).to.equal(0);
    expect(d.pace('a', { currentA: 16 }, 10, 32, 5000).currentA).to.equal(10);
  });
});
