import { expect } from 'chai';
import { ManualClock } from '../../../lib/clock';
import { LoadBalancer } from '../../../lib/energy/balancer';
import { InputError } from '../../../lib/input-error';
import type { CanonicalReading } from '../../../lib/reading/canonical-reading';
import { DEFAULT_CHANNEL_MAP, parseChannelMapSettings } from '../../../lib/reading/channel-map';
import { normalize, Normalizer, type Outcome } from '../../../lib/reading/normalizer';
import { expectCanonical } from './reading-invariants';

const T0 = 1_700_000_000_000;
type Msg = { payload?: unknown; topic?: unknown; shelly?: unknown };

function setup(settings: Record<string, unknown> = {}, roundTimeoutMs = 500): { clock: ManualClock; normalizer: Normalizer } {
  const clock = new ManualClock(T0);
  return { clock, normalizer: new Normalizer({ channelMap: parseChannelMapSettings(settings), clock: clock.now, roundTimeoutMs }) };
}

function grid(outcomes: Outcome[]): CanonicalReading {
  expect(outcomes.map((o) => o.kind)).to.deep.equal(['reading']);
  const outcome = outcomes[0] as Extract<Outcome, { kind: 'reading' }>;
  expect(outcome.grid, 'grid reading').to.not.equal(undefined);
  expectCanonical(outcome.grid!);
  return outcome.grid!;
}

function powers(reading: CanonicalReading): Array<[string, number | undefined]> {
  return reading.phases.map((p) => [p.phase, p.power]);
}

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).to.be.instanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('expected an InputError');
}

/** A Gen1 3EM burst as the device publishes it: channel by channel, all fields as text. */
function gen1Burst(id: string, channels: Array<Record<string, number>>): Msg[] {
  const out: Msg[] = [];
  channels.forEach((fields, i) => {
    for (const [field, value] of Object.entries(fields)) out.push({ topic: `shellies/${id}/emeter/${i}/${field}`, payload: String(value) });
  });
  return out;
}

const phaseA = { power: 1200.5, pf: 0.98, current: 5.3, voltage: 231.2, total: 1000, total_returned: 10 };
const phaseB = { power: -300.25, pf: 0.9, current: 1.5, voltage: 229.8, total: 2000, total_returned: 20 };
const phaseC = { power: 15, pf: 0.5, current: 0.2, voltage: 230.4, total: 3000, total_returned: 30 };

describe('normalizer', () => {
  describe('generic format', () => {
    it('reads power arrays in L1..L3 order with optional per-phase arrays, energy and timestamp', () => {
      const reading = grid(normalize({ payload: { power: [100, -2500, 30], current: [0.5, 11, null], voltage: [230, 229, 231], energy: { import: 5, export: 7 }, timestamp: 42 } }, DEFAULT_CHANNEL_MAP, T0));
      expect(powers(reading)).to.deep.equal([['L1', 100], ['L2', -2500], ['L3', 30]]);
      expect(reading.power).to.equal(-2370);
      expect(reading.phases[2]).to.not.have.property('current');
      expect(reading.energy).to.deep.equal({ import: 5, export: 7 });
      expect(reading.timestamp).to.equal(42);
    });

    it('keeps pf and frequency of a meter that gives no voltage, and drops them on an unwired phase (0 V)', () => {
      const reading = grid(normalize({ payload: { power: [1200, 300, 0], current: [5.3, 1.4, 0], voltage: [null, null, 0], pf: [0.98, 0.9, 0.7], frequency: [50, 50, 50] } }, DEFAULT_CHANNEL_MAP, T0));
      expect(reading.phases.map((p) => [p.pf, p.frequency])).to.deep.equal([[0.98, 50], [0.9, 50], [undefined, undefined]]);
    });

    it('reads a single number as L1 and the phases form', () => {
      expect(powers(grid(normalize({ payload: { power: -50, voltage: 230 } }, DEFAULT_CHANNEL_MAP, T0)))).to.deep.equal([['L1', -50]]);
      const reading = grid(normalize({ payload: { phases: [{ power: 1, current: 0.1, voltage: 230 }, { power: 2 }] } }, DEFAULT_CHANNEL_MAP, T0));
      expect(powers(reading)).to.deep.equal([['L1', 1], ['L2', 2]]);
      expect(reading.timestamp).to.equal(T0);
    });

    it('applies rotation and reversal to the array entries (channels 0, 1, 2)', () => {
      const settings = parseChannelMapSettings({ rotation: 'L3,L1,L2', reverse: '1' });
      expect(powers(grid(normalize({ payload: { power: [10, 20, 30] } }, settings, T0)))).to.deep.equal([['L1', -20], ['L2', 30], ['L3', 10]]);
    });

    const bad: Array<[string, unknown, RegExp]> = [
      ['a string number', { power: [100, '12', 3] }, /^power\[1\] is a string \("12"\); expected a number in W$/],
      ['NaN', { power: NaN }, /^power is NaN; expected a number in W$/],
      ['Infinity', { phases: [{ power: Infinity }] }, /^phases\[0\]\.power is Infinity; expected a number in W$/],
      ['null power', { power: [1, null] }, /^power\[1\] is null; expected a number in W$/],
      ['four phases', { power: [1, 2, 3, 4] }, /^power has 4 entries; expected 1 to 3 \(L1, L2, L3\)$/],
      ['an empty list', { power: [] }, /^power has 0 entries/],
      ['a huge array', { power: new Array(100000).fill(1) }, /^power has 100000 entries/],
      ['mismatched lengths', { power: [1, 2], voltage: [230] }, /voltage has 1 entries but power has 2/],
      ['a negative current', { power: [1], current: [-1] }, /^current\[0\] is -1; expected a number in A \(never negative\)$/],
      ['a string energy', { power: 1, energy: { import: '5' } }, /^energy\.import is a string/],
      ['wrong nesting', { phases: { power: 1 } }, /^phases is a nested object; expected a list/],
      ['both forms', { power: 1, phases: [] }, /both power and phases/],
      ['a bad timestamp', { power: 1, timestamp: 'now' }, /^timestamp is a string/],
    ];
    for (const [what, payload, message] of bad) {
      it(`rejects ${what} with one clear error`, () => {
        expect(errorOf(() => normalize({ payload }, DEFAULT_CHANNEL_MAP, T0))).to.match(message);
      });
    }

    it('names a mapped entry the payload does not have', () => {
      const settings = parseChannelMapSettings({ mapping: 'explicit', rules: [{ channel: '2', role: 'L1' }] });
      expect(errorOf(() => normalize({ payload: { power: [1, 2] } }, settings, T0))).to.match(/no entry 2 .* expected entries 0 to 1/);
    });
  });

  describe('Shelly statuses', () => {
    it('uses the meter node\'s identity and timestamp (msg.shelly)', () => {
      const payload = { 'em1:0': { id: 0, act_power: -1500, voltage: 231, current: 6.5, pf: -0.99, freq: 50 }, 'em1:1': { id: 1, act_power: 7000, voltage: 231, current: 30, pf: 1, freq: 50 } };
      const shelly = { id: 'shellyproem50-a0dd6ca09158', model: 'SPEM-002CEBEU50', generation: 2, channels: [], timestamp: 123456 };
      const reading = grid(normalize({ payload, shelly, topic: shelly.id }, DEFAULT_CHANNEL_MAP, T0));
      expect(reading.device).to.deep.equal({ generation: 2, model: 'SPEM-002CEBEU50', id: 'shellyproem50-a0dd6ca09158' });
      expect(reading.timestamp).to.equal(123456);
      expect(powers(reading)).to.deep.equal([['L1', -1500]]);
    });

    it('wraps single-component results (EM1.GetStatus, Switch.GetStatus via msg.topic)', () => {
      expect(powers(grid(normalize({ payload: { id: 1, act_power: 42, voltage: 230 } }, parseChannelMapSettings({ mapping: 'explicit', rules: [{ channel: 'em1:1', role: 'L2' }] }), T0)))).to.deep.equal([['L2', 42]]);
      // msg.topic names the component: a Switch without output/source is still switch:0.
      const viaTopic = grid(normalize({ payload: { id: 0, apower: 12, aenergy: { total: 5 } }, topic: 'Switch.GetStatus' }, parseChannelMapSettings({ mapping: 'explicit', rules: [{ channel: 'switch:0', role: 'L1' }] }), T0));
      expect(powers(viaTopic)).to.deep.equal([['L1', 12]]);
      const reading = grid(normalize({ payload: { id: 0, apower: 12, aenergy: { total: 5 } } }, parseChannelMapSettings({ mapping: 'explicit', rules: [{ channel: 'pm1:0', role: 'L1' }] }), T0));
      expect(powers(reading)).to.deep.equal([['L1', 12]]);
    });

    it('names the bad field of a mapped channel; ignores garbage in channels that are not mapped', () => {
      const status = { emeters: [{ power: 10, voltage: 230 }, { power: 'x', voltage: 230 }] };
      expect(powers(grid(normalize({ payload: status }, DEFAULT_CHANNEL_MAP, T0)))).to.deep.equal([['L1', 10]]);
      const settings = parseChannelMapSettings({ evChannel: 'emeter:1' });
      expect(errorOf(() => normalize({ payload: status }, settings, T0))).to.equal('emeters[1].power is a string ("x"); expected a number in W');
      expect(errorOf(() => normalize({ payload: { 'em:0': { a_act_power: 1, b_act_power: 2, c_act_power: 3, b_current: -2 } } }, DEFAULT_CHANNEL_MAP, T0)))
        .to.equal('em:0.b_current is -2; expected a number in A (never negative)');
      expect(errorOf(() => normalize({ payload: { 'switch:0': { apower: 1, aenergy: 5 } } }, DEFAULT_CHANNEL_MAP, T0))).to.match(/^switch:0\.aenergy is 5; expected an object with a total in Wh$/);
    });

    it('names mapped channels the status lacks and lists the ones it has', () => {
      const settings = parseChannelMapSettings({ mapping: 'explicit', rules: [{ channel: 'em:0:A', role: 'L1' }] });
      expect(errorOf(() => normalize({ payload: { 'em1:0': { act_power: 1 } } }, settings, T0))).to.equal(
        'the payload has no channel em:0:A (named in the channel map); expected one of the channels it has: em1:0',
      );
    });

    it('drops a reading the device flags invalid, warning once until a valid one arrives', () => {
      const { normalizer } = setup();
      const bad = { emeters: [{ power: 5, is_valid: false }, { power: 1 }, { power: 1 }] };
      const good = { emeters: [{ power: 5 }, { power: 1 }, { power: 1 }] };
      const first = normalizer.accept({ payload: bad })[0];
      expect(first.kind).to.equal('dropped');
      expect((first as { warnings: string[] }).warnings).to.have.length(1);
      expect((first as { warnings: string[] }).warnings[0]).to.match(/emeter:0 flagged invalid/);
      expect((normalizer.accept({ payload: bad })[0] as { warnings: string[] }).warnings).to.deep.equal([]);
      grid(normalizer.accept({ payload: good }));
      expect((normalizer.accept({ payload: bad })[0] as { warnings: string[] }).warnings).to.have.length(1);
      const failure = normalizer.accept({ payload: { 'em1:0': { act_power: 0, errors: ['power_meter_failure'] } } })[0];
      expect(failure.kind).to.equal('dropped');
    });

    it('warns once that a magnitude-only grid channel cannot show export, and never flips its sign', () => {
      const { normalizer } = setup({ reverse: 'switch:0' });
      const plus1pm = { 'switch:0': { id: 0, output: true, apower: 230, voltage: 230, aenergy: { total: 1 } } };
      const [first] = normalizer.accept({ payload: plus1pm, topic: undefined });
      const warnings = (first as { warnings: string[] }).warnings;
      expect(warnings.some((w) => /magnitude only, so export/.test(w))).to.equal(true);
      expect(warnings.some((w) => /reversal is not applied/.test(w))).to.equal(true);
      expect(powers(grid([first]))).to.deep.equal([['L1', 230]]);
      expect((normalizer.accept({ payload: plus1pm })[0] as { warnings: string[] }).warnings).to.deep.equal([]);
    });

    it('reverses a signed channel: power negated, counters swapped, and a reversed 0 W is +0', () => {
      const reading = grid(normalize({ payload: { 'pm1:0': { apower: 0, aenergy: { total: 10 }, ret_aenergy: { total: 4 } } } }, parseChannelMapSettings({ reverse: 'pm1:0' }), T0));
      expect(Object.is(reading.phases[0].power, 0)).to.equal(true);
      expect(reading.energy).to.deep.equal({ import: 4, export: 6 });
    });

    it('derives the current from P and pf when the reactive power is not known', () => {
      const reading = grid(normalize({ payload: { emeters: [{ power: -460, pf: -0.5, voltage: 230 }, { power: 0 }] } }, DEFAULT_CHANNEL_MAP, T0));
      expect(reading.phases[0].current).to.be.closeTo(4, 1e-12);
      expect(reading.phases[0].derived).to.deep.equal(['current']);
    });

    it('accepts RPC response frames and reports device errors', () => {
      expect(powers(grid(normalize({ payload: { id: 1, src: 'shellyproem50-1', result: { 'em1:0': { act_power: 5 } } } }, DEFAULT_CHANNEL_MAP, T0)))).to.deep.equal([['L1', 5]]);
      expect(errorOf(() => normalize({ payload: { id: 1, error: { code: -105, message: 'Argument id, value 3 not found!' } } }, DEFAULT_CHANNEL_MAP, T0)))
        .to.equal('the device answered with RPC error -105: Argument id, value 3 not found!');
    });

    it('parses JSON text payloads, and says what it expected for anything else', () => {
      expect(powers(grid(normalize({ payload: '{"power":[1,2]}' }, DEFAULT_CHANNEL_MAP, T0)))).to.deep.equal([['L1', 1], ['L2', 2]]);
      expect(errorOf(() => normalize({ payload: 'hello' }, DEFAULT_CHANNEL_MAP, T0))).to.match(/^msg\.payload is text that is not JSON; expected a Shelly status/);
      expect(errorOf(() => normalize({ payload: 12 }, DEFAULT_CHANNEL_MAP, T0))).to.match(/^msg\.payload is 12; expected a Shelly status/);
      expect(errorOf(() => normalize({ payload: { hello: 1 } }, DEFAULT_CHANNEL_MAP, T0))).to.match(/^msg\.payload is not a meter reading; expected/);
    });

    it('keeps the energy counters of an EMData.GetStatus answer for the device\'s next reading, and says what to read when it names no device', () => {
      // Field names as in Shelly's EMData and EM1Data component docs.
      const emData = { id: 0, a_total_act_energy: 1200.5, a_total_act_ret_energy: 0, b_total_act_energy: 80, b_total_act_ret_energy: 12, c_total_act_energy: 5, c_total_act_ret_energy: 0, total_act: 1285.5, total_act_ret: 12 };
      const em1Data = { id: 1, total_act_energy: 52.3, total_act_ret_energy: 0 };
      const src = 'shellypro3em-a0dd6ca0c27c';
      const n = new Normalizer({ channelMap: DEFAULT_CHANNEL_MAP, clock: () => T0, roundTimeoutMs: 500 });
      expect(n.accept({ payload: { id: 7, src, result: emData } }).map((o) => o.kind)).to.deep.equal(['pending']);
      const emStatus = { id: 0, a_act_power: 100, a_voltage: 230, b_act_power: 0, b_voltage: 230, c_act_power: 0, c_voltage: 230, total_act_power: 100 };
      const [reading] = n.accept({ payload: { id: 8, src, result: emStatus } });
      if (reading.kind !== 'reading' || !reading.grid) throw new Error(JSON.stringify(reading));
      expect(reading.grid.energy).to.deep.equal({ import: 1285.5, export: 12 });
      for (const payload of [emData, em1Data]) {
        expect(errorOf(() => normalize({ payload }, DEFAULT_CHANNEL_MAP, T0)), JSON.stringify(payload)).to.equal(
          'msg.payload is an EMData.GetStatus or EM1Data.GetStatus result (energy counters, no power) that names no device; expected EM.GetStatus, EM1.GetStatus or Shelly.GetStatus for the power (counters are kept when the answer has its src)',
        );
      }
    });
  });

  describe('Gen2+ notifications and MQTT status topics', () => {
    const prefix = 'shellypro3em-a0dd6ca0c27c';
    const em0 = { id: 0, a_act_power: 100, a_voltage: 230, a_current: 0.5, b_act_power: -200, b_voltage: 231, b_current: 1, c_act_power: 300, c_voltage: 229, c_current: 1.4 };

    it('merges NotifyStatus deltas onto the last full status (partial frames change only what they carry)', () => {
      const { normalizer, clock } = setup();
      grid(normalizer.accept({ payload: { id: 1, src: prefix, result: { 'em:0': em0, 'emdata:0': { a_total_act_energy: 1, a_total_act_ret_energy: 2, b_total_act_energy: 3, b_total_act_ret_energy: 4, c_total_act_energy: 5, c_total_act_ret_energy: 6 }, sys: {} } } }));
      clock.advance(1000);
      const reading = grid(normalizer.accept({ payload: { src: prefix, method: 'NotifyStatus', params: { ts: 1700000005.25, 'em:0': { b_act_power: -250 } } } }));
      expect(powers(reading)).to.deep.equal([['L1', 100], ['L2', -250], ['L3', 300]]);
      expect(reading.phases[1].voltage).to.equal(231);
      expect(reading.energy).to.deep.equal({ import: 9, export: 12 });
      expect(reading.timestamp).to.equal(1700000005250);
      expect(reading.device).to.deep.equal({ generation: 2, id: prefix });
      // Counters alone: stored, no reading (the next power update carries them).
      expect(normalizer.accept({ payload: { src: prefix, method: 'NotifyStatus', params: { ts: 1, 'emdata:0': { a_total_act_energy: 11 } } } })[0].kind).to.equal('ignored');
      expect(grid(normalizer.accept({ payload: { src: prefix, method: 'NotifyStatus', params: { 'em:0': { a_act_power: 1 } } } })).energy!.import).to.equal(19);
      // NotifyFullStatus replaces: the old em:0 fields are gone.
      expect(errorOf(() => normalizer.accept({ payload: { src: prefix, method: 'NotifyFullStatus', params: { ts: 2, 'em:0': { a_act_power: 1 } } } })))
        .to.equal('em:0.b_act_power is missing; expected a number in W');
      expect(normalizer.accept({ payload: { src: prefix, method: 'NotifyEvent', params: { events: [] } } })[0].kind).to.equal('ignored');
    });

    it('assembles <prefix>/status/<component> topics: counters first, then a reading on the power update', () => {
      const { normalizer } = setup();
      expect(normalizer.accept({ topic: `${prefix}/status/emdata:0`, payload: JSON.stringify({ id: 0, a_total_act_energy: 10, a_total_act_ret_energy: 0, b_total_act_energy: 20, b_total_act_ret_energy: 1, c_total_act_energy: 30, c_total_act_ret_energy: 2 }) })[0].kind).to.equal('pending');
      expect(normalizer.accept({ topic: `${prefix}/status/sys`, payload: '{"uptime":1}' })[0].kind).to.equal('ignored');
      const reading = grid(normalizer.accept({ topic: `${prefix}/status/em:0`, payload: Buffer.from(JSON.stringify(em0)) }));
      expect(powers(reading)).to.deep.equal([['L1', 100], ['L2', -200], ['L3', 300]]);
      expect(reading.energy).to.deep.equal({ import: 60, export: 3 });
      expect(reading.timestamp).to.equal(T0);
      expect(errorOf(() => normalizer.accept({ topic: `${prefix}/status/em:0`, payload: 'not json' }))).to.match(/status\/em:0 is text that is not JSON/);
    });

    it('takes a <prefix>/status/<component> message as the whole component: a key it no longer carries is gone', () => {
      // The topic carries the entire status of the component; errors[] is there only while there
      // is an error. Merged onto the last one, a power_meter_failure that had cleared stayed, and
      // every later reading was dropped as flagged invalid.
      const { normalizer } = setup();
      const id = 'shellyemg3-84fce636582c';
      const em1 = (extra: Record<string, unknown>): Msg => ({ topic: `${id}/status/em1:0`, payload: { id: 0, act_power: 120, voltage: 230, current: 0.6, ...extra } });
      expect(normalizer.accept(em1({ errors: ['power_meter_failure'] }))[0].kind).to.equal('dropped');
      expect(powers(grid(normalizer.accept(em1({}))))).to.deep.equal([['L1', 120]]);
      // A single component's result with a msg.topic (EM1.GetStatus polled over HTTP) is whole too.
      const polled = (extra: Record<string, unknown>): Msg => ({ topic: 'EM1.GetStatus', payload: { id: 0, act_power: 80, voltage: 230, ...extra } });
      expect(normalizer.accept(polled({ errors: ['power_meter_failure'] }))[0].kind).to.equal('dropped');
      expect(powers(grid(normalizer.accept(polled({}))))).to.deep.equal([['L1', 80]]);
      // A NotifyStatus frame is a delta: what it does not carry is kept.
      const frame = { src: id, method: 'NotifyStatus', params: { 'em1:0': { act_power: 130 } } };
      expect(grid(normalizer.accept({ payload: frame })).phases[0]).to.deep.include({ power: 130, voltage: 230, current: 0.6 });
    });

    it('waits for all three em1 of a three-phase meter in the monophase profile before the first reading', () => {
      const { normalizer } = setup();
      const em1 = (i: number, w: number): Msg => ({ topic: `${prefix}/status/em1:${i}`, payload: { id: i, act_power: w, voltage: 230 } });
      expect(normalizer.accept(em1(0, 10))[0]).to.deep.include({ kind: 'pending', reason: 'waiting for em1:1, em1:2' });
      expect(normalizer.accept(em1(1, 20))[0].kind).to.equal('pending');
      expect(powers(grid(normalizer.accept(em1(2, 30))))).to.deep.equal([['L1', 10], ['L2', 20], ['L3', 30]]);
      expect(powers(grid(normalizer.accept(em1(1, 25))))).to.deep.equal([['L1', 10], ['L2', 25], ['L3', 30]]);
    });

    it('stamps each reading of a device after the one before, even when its pieces arrive in the same millisecond', () => {
      // A monophase Pro 3EM publishes em1:0, em1:1 and em1:2 in one burst: each update is a
      // reading, all at the same clock ms. The load balancer refuses a reading that is not after
      // the last one, so without a later stamp the updates of L2 and L3 were dropped as "out of order".
      const { normalizer, clock } = setup();
      const balancer = new LoadBalancer({}, clock.now);
      const em1 = (i: number, w: number): Msg => ({ topic: `${prefix}/status/em1:${i}`, payload: { id: i, act_power: w, voltage: 230, current: Math.abs(w) / 230 } });
      normalizer.accept(em1(0, 10));
      normalizer.accept(em1(1, 20));
      const stamps: number[] = [];
      for (const [i, w] of [[2, 30], [0, 11], [1, 4600], [2, 31]] as const) {
        const reading = grid(normalizer.accept(em1(i, w)));
        stamps.push(reading.timestamp);
        expect(() => balancer.onReading(reading)).to.not.throw();
      }
      expect(stamps).to.deep.equal([T0, T0 + 1, T0 + 2, T0 + 3]);
      // Frames stamped by the device with the same ts (10 ms steps) are made later too.
      const frame = (w: number): Msg => ({ payload: { src: 'shellypmminig3-84fce63957f4', method: 'NotifyStatus', params: { ts: 1700000005.25, 'pm1:0': { apower: w, ret_aenergy: { total: 0 } } } } });
      expect([grid(normalizer.accept(frame(1))).timestamp, grid(normalizer.accept(frame(2))).timestamp]).to.deep.equal([1700000005250, 1700000005251]);
    });

    it('emits the EV output alone when only the EV channel changed', () => {
      const { normalizer } = setup({ evChannel: 'em1:1' });
      const id = 'shellyproem50-a0dd6ca09158';
      expect(normalizer.accept({ topic: `${id}/status/em1:1`, payload: { id: 1, act_power: 7000 } })[0].kind).to.equal('pending');
      const both = normalizer.accept({ topic: `${id}/status/em1:0`, payload: { id: 0, act_power: 500 } })[0] as Extract<Outcome, { kind: 'reading' }>;
      expect(both.grid && powers(both.grid)).to.deep.equal([['L1', 500]]);
      expect(both.ev).to.equal(undefined);
      const ev = normalizer.accept({ topic: `${id}/status/em1:1`, payload: { id: 1, act_power: 7100 } })[0] as Extract<Outcome, { kind: 'reading' }>;
      expect(ev.grid).to.equal(undefined);
      expect(powers(ev.ev!)).to.deep.equal([['L1', 7100]]);
    });

    it('takes NotifyStatus frames from <prefix>/events/rpc and keeps devices apart', () => {
      const { normalizer } = setup();
      const frame = (src: string, w: number): Msg => ({ topic: 'custom/prefix/events/rpc', payload: JSON.stringify({ src, method: 'NotifyStatus', params: { ts: 2, 'pm1:0': { apower: w, ret_aenergy: { total: 0 } } } }) });
      expect(powers(grid(normalizer.accept(frame('shellypmminig3-1', -5))))).to.deep.equal([['L1', -5]]);
      expect(powers(grid(normalizer.accept(frame('shellypmminig3-2', 7))))).to.deep.equal([['L1', 7]]);
    });

    it('after a restart waits for a relay\'s energy counters before it trusts the sign of a partial frame', () => {
      // A partial NotifyStatus carries only what changed: without ret_aenergy (or aenergy) it does
      // not say whether the hardware measures direction, and a guess of "magnitude only" would
      // drop the installer's reversal until the minute's counters came (the sign flipping then).
      const { normalizer } = setup({ reverse: 'pm1:0' });
      const frame = (body: Record<string, unknown>): Msg => ({ payload: { src: 'shellypmminig3-84fce63957f4', method: 'NotifyStatus', params: { ts: 1700000005, 'pm1:0': body } } });
      expect(normalizer.accept(frame({ apower: -800, current: 3.478 }))).to.deep.equal([{ kind: 'pending', reason: 'waiting for pm1:0.aenergy', warnings: [] }]);
      const minute = normalizer.accept(frame({ aenergy: { total: 90 }, ret_aenergy: { total: 10 } }))[0] as Extract<Outcome, { kind: 'reading' }>;
      expect(powers(minute.grid!)).to.deep.equal([['L1', 800]]);
      expect(minute.warnings).to.deep.equal([]);
    });

    it('after a restart waits for every phase of a three-phase meter whose frames carry only the phase that changed', () => {
      const { normalizer } = setup();
      const frame = (body: Record<string, unknown>): Msg => ({ payload: { src: 'shellypro3em-a0dd6cf5c001', method: 'NotifyStatus', params: { ts: 1700000005, 'em:0': body } } });
      expect(normalizer.accept(frame({ a_act_power: 3000, a_current: 13 }))).to.deep.equal([
        { kind: 'pending', reason: 'waiting for em:0.b_act_power, em:0.c_act_power', warnings: [] },
      ]);
      expect(normalizer.accept(frame({ b_act_power: 400, c_act_power: 150 }))[0].kind).to.equal('reading');
      expect(() => normalizer.accept(frame({ a_act_power: 'x' }))).to.throw(/em:0\.a_act_power is a string/);
    });

    it('does not let a __proto__ key in a frame reach Object.prototype', () => {
      const { normalizer } = setup();
      normalizer.accept({ topic: 'p/events/rpc', payload: '{"src":"x-1","method":"NotifyStatus","params":{"pm1:0":{"apower":1,"__proto__":{"polluted":true}}}}' });
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
    });
  });

  describe('Gen1 MQTT', () => {
    it('assembles a 3EM burst into one reading when the last field of the last channel arrives', () => {
      const { normalizer } = setup();
      const burst = gen1Burst('shellyem3-485519D732F4', [phaseA, phaseB, phaseC]);
      for (const msg of burst.slice(0, -1)) expect(normalizer.accept(msg).map((o) => o.kind)).to.deep.equal(['pending']);
      const reading = grid(normalizer.accept(burst[burst.length - 1]));
      expect(powers(reading)).to.deep.equal([['L1', 1200.5], ['L2', -300.25], ['L3', 15]]);
      expect(reading.phases.map((p) => [p.current, p.voltage, p.pf])).to.deep.equal([[5.3, 231.2, 0.98], [1.5, 229.8, 0.9], [0.2, 230.4, 0.5]]);
      expect(reading.energy).to.deep.equal({ import: 6000, export: 60 });
      expect(reading.device).to.deep.equal({ generation: 1, id: 'shellyem3-485519D732F4' });
      expect(normalizer.nextDeadline()).to.equal(undefined);
      // The next burst completes the same way.
      const next = gen1Burst('shellyem3-485519D732F4', [{ ...phaseA, power: 1 }, phaseB, phaseC]);
      const outcomes = next.flatMap((m) => normalizer.accept(m)).filter((o) => o.kind === 'reading');
      expect(outcomes).to.have.length(1);
    });

    it('ignores the non-metering topics of a Gen1 device', () => {
      const { normalizer } = setup();
      const topics = ['shellies/shellyem3-1/emeter/0/energy', 'shellies/shellyem3-1/relay/0', 'shellies/shellyem3-1/online', 'shellies/announce', 'shellypro3em-1/online', 'shellypro3em-1/status/sys'];
      for (const topic of topics) expect(normalizer.accept({ topic, payload: 'true' })[0].kind, topic).to.equal('ignored');
    });

    it('emits a round whose channels are not known yet (custom MQTT id) at the debounce deadline', () => {
      const { normalizer, clock } = setup({}, 400);
      const burst = gen1Burst('garage-meter', [{ power: 100, voltage: 230, reactive_power: 50 }, { power: 5, voltage: 230 }]);
      for (const msg of burst) expect(normalizer.accept(msg)[0].kind).to.equal('pending');
      expect(normalizer.nextDeadline()).to.equal(T0 + 400);
      clock.advance(399);
      expect(normalizer.flushDue()).to.deep.equal([]);
      clock.advance(1);
      const [outcome] = normalizer.flushDue();
      const reading = grid([outcome]);
      expect(powers(reading)).to.deep.equal([['L1', 100]]); // two emeters without a 3EM id: an EM, channel 0 = grid
      expect(reading.phases[0].current).to.be.closeTo(Math.hypot(100, 50) / 230, 1e-12); // Gen1 EM: derived from P and Q
      expect(reading.timestamp).to.equal(T0);
      expect(normalizer.nextDeadline()).to.equal(undefined);
      // Channels are known now: the next burst completes without waiting.
      const next = gen1Burst('garage-meter', [{ power: 90, voltage: 230, reactive_power: 50 }, { power: 5, voltage: 230 }]);
      expect(next.flatMap((m) => normalizer.accept(m)).map((o) => o.kind)).to.deep.equal(['pending', 'pending', 'pending', 'pending', 'reading']);
    });

    it('finishes an open round when a field repeats (the next burst began)', () => {
      const { normalizer } = setup();
      normalizer.accept({ topic: 'shellies/plug-1/relay/0/power', payload: 10 });
      normalizer.accept({ topic: 'shellies/plug-1/relay/0/energy', payload: '600' });
      const outcomes = normalizer.accept({ topic: 'shellies/plug-1/relay/0/power', payload: 11 });
      const reading = grid(outcomes.slice(0, 1));
      expect(powers(reading)).to.deep.equal([['L1', 10]]);
      expect(reading.energy).to.deep.equal({ import: 10 }); // watt-minutes / 60
    });

    it('reports a channel that fell silent when the round is flushed', () => {
      const { normalizer, clock } = setup();
      const burst = gen1Burst('shellyem3-AABBCC', [phaseA, phaseB]);
      for (const msg of burst) normalizer.accept(msg);
      clock.advance(500);
      const [outcome] = normalizer.flushDue();
      expect(outcome.kind).to.equal('error');
      expect((outcome as { error: Error }).error.message).to.equal(
        'shellies/shellyem3-AABBCC: emeter:2 sent no power within 500 ms of the round\'s first field; expected every channel of the device in each burst',
      );
    });

    it('reports a channel missing from a burst that the next burst ended, before any deadline', () => {
      const { normalizer } = setup();
      for (const msg of gen1Burst('shellyem3-AABBCC', [phaseA, phaseB])) normalizer.accept(msg);
      // Phase C never came, and phase A's power came again: a new burst, with no time passed.
      expect(errorOf(() => normalizer.accept({ topic: 'shellies/shellyem3-AABBCC/emeter/0/power', payload: 12 }))).to.equal(
        'shellies/shellyem3-AABBCC: emeter:2 sent no power before the next burst began; expected every channel of the device in each burst',
      );
    });

    it('reads plain-text numbers only on Gen1 topics, and rejects text that is not a number', () => {
      const { normalizer } = setup();
      expect(errorOf(() => normalizer.accept({ topic: 'shellies/shellyem3-1/emeter/0/power', payload: 'on' })))
        .to.equal('shellies/shellyem3-1/emeter/0/power: the payload is a string ("on"); expected a number in W (Gen1 publishes plain-text numbers)');
      expect(errorOf(() => normalizer.accept({ topic: 'shellies/shellyem3-1/emeter/0/voltage', payload: '-3' }))).to.match(/is -3; expected a number in V/);
      expect(normalizer.accept({ topic: 'shellies/shellyem3-1/emeter/0/power', payload: Buffer.from('12.5') })[0].kind).to.equal('pending');
    });
  });
});
