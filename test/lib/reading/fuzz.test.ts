import { expect } from 'chai';
import { ManualClock } from '../../../lib/clock';
import { InputError } from '../../../lib/input-error';
import type { CanonicalReading } from '../../../lib/reading/canonical-reading';
import { parseChannelMapSettings } from '../../../lib/reading/channel-map';
import { Normalizer, type Outcome } from '../../../lib/reading/normalizer';
import { fuzzMessages, powerValues } from './fuzz-inputs';
import { expectCanonical } from './reading-invariants';

/**
 * Thousands of random and malformed messages through one normalizer: each either gives outcomes
 * or throws exactly one InputError that says what was expected; nothing else ever escapes; every
 * reading is canonical (no NaN, no Infinity, phases in order, power = sum); and every phase power
 * is a power value the input carried, with the sign it had (negated only on a reversed channel).
 */
const MESSAGES = 6000;

function check(settings: Record<string, unknown>, seed: number, reversed: boolean): { readings: number; errors: number } {
  const clock = new ManualClock(1_700_000_000_000);
  const normalizer = new Normalizer({ channelMap: parseChannelMapSettings(settings), clock: clock.now, roundTimeoutMs: 300 });
  const seen = new Set<number>();
  let readings = 0;
  let errors = 0;
  const expectReading = (reading: CanonicalReading | undefined): void => {
    if (!reading) return;
    readings++;
    expectCanonical(reading);
    for (const phase of reading.phases) {
      const power = phase.power as number;
      const fromInput = seen.has(power) || (reversed && seen.has(0 - power));
      expect(fromInput, `phase power ${power} not among the input's power values`).to.equal(true);
    }
  };
  const take = (outcomes: Outcome[]): void => {
    for (const outcome of outcomes) {
      if (outcome.kind === 'reading') {
        expectReading(outcome.grid);
        expectReading(outcome.ev);
      } else if (outcome.kind === 'error') {
        errors++;
        expect(outcome.error.message).to.match(/expected/);
      }
    }
  };
  for (const msg of fuzzMessages(seed, MESSAGES)) {
    powerValues(msg, seen);
    clock.advance(50);
    let outcomes: Outcome[] | undefined;
    try {
      outcomes = normalizer.accept(msg);
    } catch (err) {
      errors++;
      expect(err, String(err)).to.be.instanceOf(InputError);
      const message = (err as Error).message;
      expect(message.length).to.be.within(10, 600);
      expect(message).to.match(/expected|answered with/);
      expect(message).to.not.match(/\[object Object\]|undefined/);
    }
    if (outcomes) take(outcomes);
    take(normalizer.flushDue());
  }
  return { readings, errors };
}

describe('normalizer fuzz', function () {
  this.timeout(60000);

  it(`survives ${MESSAGES} random and malformed messages with the default map`, () => {
    const { readings, errors } = check({}, 1, false);
    // Both paths must really be exercised.
    expect(readings).to.be.above(500);
    expect(errors).to.be.above(500);
  });

  it(`survives ${MESSAGES} more with a rotation and reversed channels`, () => {
    const settings = { rotation: 'L3,L1,L2', reverse: 'emeter:0, em:0:B, em1:0, switch:0, pm1:0, 0, 1, meter:0' };
    const { readings } = check(settings, 2, true);
    expect(readings).to.be.above(300);
  });

  it('survives an explicit table (with an EV sub-meter) naming channels most inputs lack', () => {
    const settings = {
      mapping: 'explicit',
      rules: [{ channel: 'emeter:2', role: 'L1', reverse: true }, { channel: 'em1:0', role: 'L2' }, { channel: '0', role: 'L3' }, { channel: 'em1:1', role: 'ev' }],
    };
    check(settings, 3, true);
  });
});
