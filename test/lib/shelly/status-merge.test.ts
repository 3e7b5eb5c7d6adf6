import { expect } from 'chai';
import { applyNotification, deepMerge, MAX_STATUS_DEPTH, mergeInto } from '../../../lib/shelly/status-merge';

/** `levels` objects nested in one another, as a JSON text (as deep as a frame can bring them). */
function nestedJson(levels: number): string {
  return '{"a":'.repeat(levels - 1) + '{"a":1' + '}'.repeat(levels);
}

describe('shelly/status-merge', () => {
  it('deep-merges objects and replaces arrays and scalars', () => {
    const base = { 'switch:0': { id: 0, output: true, apower: 5, aenergy: { total: 10, by_minute: [1, 2, 3] } }, sys: { uptime: 1 } };
    const merged = deepMerge(base, { 'switch:0': { apower: 7, aenergy: { by_minute: [4, 5, 6] } } });
    expect(merged).to.deep.equal({
      'switch:0': { id: 0, output: true, apower: 7, aenergy: { total: 10, by_minute: [4, 5, 6] } },
      sys: { uptime: 1 },
    });
    expect(base['switch:0'].apower).to.equal(5); // the cached status is never mutated
  });

  it('merges NotifyStatus into the cached status and reports the components touched and the device time', () => {
    const cached = { 'em:0': { a_act_power: 1, b_act_power: 2 }, sys: {} };
    const outcome = applyNotification(cached, { method: 'NotifyStatus', params: { ts: 1757059829.08, 'em:0': { a_act_power: 9 } } });
    expect(outcome).to.deep.equal({
      kind: 'delta',
      status: { 'em:0': { a_act_power: 9, b_act_power: 2 }, sys: {} },
      components: ['em:0'],
      deviceTimeMs: 1757059829080,
    });
  });

  it('ignores NotifyStatus before any full status (a delta is not a status)', () => {
    expect(applyNotification(undefined, { method: 'NotifyStatus', params: { 'em:0': {} } }).kind).to.equal('ignored');
  });

  it('replaces on NotifyFullStatus, without the ts', () => {
    const outcome = applyNotification({ old: {} }, { method: 'NotifyFullStatus', params: { ts: 1, 'pm1:0': { apower: 3 } } });
    expect(outcome).to.deep.equal({ kind: 'full', status: { 'pm1:0': { apower: 3 } }, deviceTimeMs: 1000 });
  });

  it('ignores NotifyEvent, unknown methods and malformed frames', () => {
    expect(applyNotification({}, { method: 'NotifyEvent', params: { ts: 1, events: [] } }).kind).to.equal('ignored');
    expect(applyNotification({}, { method: 'NotifySomethingNew', params: {} }).kind).to.equal('ignored');
    expect(applyNotification({}, 'garbage').kind).to.equal('ignored');
    expect(applyNotification({}, { method: 'NotifyStatus' }).kind).to.equal('ignored');
  });

  it('never merges keys that reach Object.prototype, and copies what it takes from the delta', () => {
    const delta = JSON.parse('{"em:0": {"__proto__": {"polluted": true}, "a_act_power": 5, "errors": ["x"]}}') as Record<string, unknown>;
    const merged = deepMerge({}, delta) as Record<string, Record<string, unknown>>;
    expect(merged['em:0'].a_act_power).to.equal(5);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    expect(Object.getPrototypeOf(merged['em:0'])).to.equal(Object.prototype);
    ((delta['em:0'] as Record<string, unknown[]>).errors).push('y');
    expect(merged['em:0'].errors).to.deep.equal(['x']);
  });

  it('refuses a delta nested deeper than MAX_STATUS_DEPTH whole, with a reason instead of a stack overflow', () => {
    const atLimit = JSON.parse(`{"em:0":${nestedJson(MAX_STATUS_DEPTH - 1)}}`) as Record<string, unknown>;
    expect(deepMerge({}, atLimit)).to.deep.equal(atLimit);
    for (const levels of [MAX_STATUS_DEPTH, 20_000]) {
      const tooDeep = JSON.parse(`{"em:0":${nestedJson(levels)}}`) as Record<string, unknown>;
      expect(() => deepMerge({}, tooDeep), `${levels} levels`).to.throw(RangeError, /^status nested deeper than 32 levels/);
      const target = { 'em:0': { a: 1 } };
      expect(() => mergeInto(target, tooDeep)).to.throw(RangeError, /nested deeper/);
      expect(target, 'left as it was').to.deep.equal({ 'em:0': { a: 1 } });
      const notification = { method: 'NotifyStatus', params: tooDeep };
      expect(() => applyNotification({ 'em:0': {} }, notification)).to.throw(RangeError, /nested deeper/);
    }
  });
});
