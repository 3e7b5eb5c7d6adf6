import { expect } from 'chai';
import { InputError } from '../../../lib/input-error';
import { parseStationInput, validateCurrent } from '../../../lib/lektrico/station-input';

const limits = { minCurrentA: 6, maxCurrentA: 32 };

function rejects(payload: unknown, pattern: RegExp, lim = limits): void {
  let error: unknown;
  try {
    parseStationInput({ payload }, lim);
  } catch (err) {
    error = err;
  }
  expect(error, JSON.stringify(payload) ?? String(payload)).to.be.instanceOf(InputError);
  expect((error as Error).message).to.match(pattern);
}

describe('station input', () => {
  it('accepts a StationCommand, a bare number and {currentA, phases}', () => {
    expect(
      parseStationInput({ payload: { kind: 'station-command', station: 's1', currentA: 16, phases: 1, reason: 'x', timestamp: 1 } }, limits),
    ).to.deep.equal({ kind: 'set', setpoint: { currentA: 16, phases: 1 } });
    expect(parseStationInput({ payload: 0 }, limits)).to.deep.equal({ kind: 'set', setpoint: { currentA: 0 } });
    expect(parseStationInput({ payload: { currentA: 6, phases: 3 } }, limits)).to.deep.equal({
      kind: 'set',
      setpoint: { currentA: 6, phases: 3 },
    });
    expect(parseStationInput({ topic: 'start' }, limits)).to.deep.equal({ kind: 'start' });
    expect(parseStationInput({ topic: 'stop', payload: 'anything' }, limits)).to.deep.equal({ kind: 'stop' });
  });

  it('rejects, never clamps, currents outside {0} ∪ [6, 32] and non-integers', () => {
    for (const bad of [1, 5, 33, 6.5, -6, NaN, Infinity, -Infinity, 1e9, -0.5]) rejects(bad, /not allowed/);
    for (const bad of ['16', true, null, undefined, [16]]) rejects(bad, /not a (number|command)/);
    rejects({ currentA: '16' }, /not a number/);
    rejects({ currentA: 16, phases: 2 }, /phases 2 must be 1 or 3/);
  });

  it("respects the node's own minimum and maximum", () => {
    rejects(7, /outside this station's range/, { minCurrentA: 8, maxCurrentA: 16 });
    rejects(20, /outside this station's range/, { minCurrentA: 8, maxCurrentA: 16 });
    expect(validateCurrent(0, { minCurrentA: 8, maxCurrentA: 16 })).to.equal(0);
    expect(validateCurrent(16, { minCurrentA: 8, maxCurrentA: 16 })).to.equal(16);
  });

  it('ignores commands for other stations, and holds those whose owner is not known yet, before validating them against our limits', () => {
    const command = { kind: 'station-command', station: 'other', currentA: 32, reason: '', timestamp: 0 };
    const narrow = { minCurrentA: 6, maxCurrentA: 16 };
    expect(parseStationInput({ payload: command }, narrow, () => 'other')).to.deep.equal({ kind: 'ignore' });
    expect(parseStationInput({ payload: command }, narrow, () => 'unknown')).to.deep.equal({ kind: 'hold', station: 'other', command: { currentA: 32, phases: undefined } });
    expect(() => parseStationInput({ payload: command }, narrow, () => 'ours')).to.throw(InputError, /outside this station's range/);
    expect(() => parseStationInput({ payload: { ...command, station: 7 } }, narrow, () => 'unknown')).to.throw(InputError, /without a station id/);
  });
});
