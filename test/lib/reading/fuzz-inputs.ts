import { seededRandom } from '../../../lib/random';

/**
 * Random and malformed normalizer inputs for the fuzz tests (lib and node): real-looking
 * messages of every supported kind, then mutated (keys deleted, numbers turned into strings,
 * NaN, Infinity, null, huge arrays, wrong nesting, random topics). Seeded, so a failure repeats.
 */
type Msg = { topic?: unknown; payload?: unknown; shelly?: unknown };

/** The package's seeded PRNG (mulberry32), for the fuzz tests. */
export const prng = seededRandom;

const TEMPLATES: Array<(r: () => number) => Msg> = [
  (r) => ({ payload: { emeters: [0, 1, 2].map(() => ({ power: w(r), pf: 0.9, current: 1.2, voltage: 230, is_valid: true, total: 10, total_returned: 2 })), total_power: 1 } }),
  (r) => ({ payload: { emeters: [{ power: w(r), reactive: 50, pf: -0.6, voltage: 231, is_valid: r() > 0.1, total: 1, total_returned: 1 }, { power: 0, reactive: 0, pf: 0, voltage: 231, total: 1, total_returned: 0 }] } }),
  (r) => ({ payload: { meters: [{ power: Math.abs(w(r)), is_valid: true, total: 600 }], relays: [{ ison: true }] } }),
  (r) => ({ payload: { 'em:0': { id: 0, a_act_power: w(r), a_voltage: 230, a_current: 1, b_act_power: w(r), b_voltage: 0, b_current: 0.03, b_freq: 198, c_act_power: w(r), c_voltage: 229, c_pf: 0.5, c_freq: 50, n_current: null }, 'emdata:0': { a_total_act_energy: 1, a_total_act_ret_energy: 2, b_total_act_energy: 3, b_total_act_ret_energy: 4, c_total_act_energy: 5, c_total_act_ret_energy: 6 }, sys: { mac: 'A0' } } }),
  (r) => ({ payload: { 'em1:0': { id: 0, act_power: w(r), voltage: 230 }, 'em1:1': { id: 1, act_power: w(r), voltage: 230 }, 'em1:2': { id: 2, act_power: w(r), voltage: 0 }, 'em1data:0': { total_act_energy: 1, total_act_ret_energy: 0 } } }),
  (r) => ({ payload: { 'switch:0': { id: 0, output: true, apower: w(r), voltage: 230, current: 1, aenergy: { total: 5, by_minute: [1, 2, 3] }, ret_aenergy: { total: 1 } } } }),
  (r) => ({ payload: { id: 0, voltage: 226, current: 0.4, apower: w(r), freq: 50, aenergy: { total: 10 }, ret_aenergy: { total: 9 } } }),
  (r) => ({ payload: { src: 'shellypro3em-fuzz', method: 'NotifyStatus', params: { ts: 1757059829.08, 'em:0': { c_act_power: w(r), c_voltage: 228 } } } }),
  (r) => ({ payload: { src: 'shellypro3em-fuzz', method: 'NotifyFullStatus', params: { ts: 1, 'em:0': { a_act_power: w(r), b_act_power: w(r), c_act_power: w(r) } } } }),
  (r) => ({ payload: { power: [w(r), w(r), w(r)], voltage: [230, 231, 229], energy: { import: 1, export: 2 } } }),
  (r) => ({ payload: { phases: [{ power: w(r), current: 1, voltage: 230 }] } }),
  (r) => ({ topic: `shellies/shellyem3-FUZZ${Math.floor(r() * 3)}/emeter/${Math.floor(r() * 3)}/${pick(r, ['power', 'current', 'voltage', 'pf', 'total', 'total_returned', 'energy'])}`, payload: String(w(r)) }),
  (r) => ({ topic: `shellies/plug-${Math.floor(r() * 2)}/relay/0/${pick(r, ['power', 'energy'])}`, payload: w(r) }),
  (r) => ({ topic: `shellypro3em-fuzz/status/${pick(r, ['em:0', 'emdata:0', 'em1:1', 'sys'])}`, payload: JSON.stringify({ id: 0, a_act_power: w(r), b_act_power: w(r), c_act_power: w(r), act_power: w(r) }) }),
  (r) => ({ topic: 'shellyplus1pm-fuzz/events/rpc', payload: { src: 'shellyplus1pm-fuzz', method: pick(r, ['NotifyStatus', 'NotifyEvent']), params: { ts: 1, 'switch:0': { apower: w(r) } } } }),
  (r) => ({ topic: 'shellypro3em-x', payload: { 'em:0': { a_act_power: w(r), b_act_power: 1, c_act_power: 2 } }, shelly: { id: 'shellypro3em-x', model: 'SPEM-003CEBEU', generation: 2, channels: [], timestamp: 1 } }),
];

const BAD_VALUES: Array<() => unknown> = [
  () => '12',
  () => 'abc',
  () => NaN,
  () => Infinity,
  () => -Infinity,
  () => null,
  () => undefined,
  () => ({}),
  () => [],
  () => true,
  () => 1e308,
  () => -1e308,
  () => new Array(100000).fill(1),
  () => ({ nested: { deeper: [1, 'x'] } }),
  () => '__proto__',
];

function w(r: () => number): number {
  return Math.round((r() - 0.5) * 20000) / 10;
}

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)];
}

/** A random path into an object/array tree: the containers on the way and the last key. */
function randomSlot(r: () => number, root: unknown): { parent: Record<string, unknown> | unknown[]; key: string | number } | undefined {
  let parent: unknown = root;
  let slot: { parent: Record<string, unknown> | unknown[]; key: string | number } | undefined;
  for (let depth = 0; depth < 4; depth++) {
    if (typeof parent !== 'object' || parent === null) break;
    const keys: Array<string | number> = Array.isArray(parent) ? parent.map((_, i) => i) : Object.keys(parent);
    if (keys.length === 0 || (Array.isArray(parent) && parent.length > 10)) break;
    const key = pick(r, keys);
    slot = { parent: parent as Record<string, unknown>, key };
    if (r() < 0.4) break;
    parent = (parent as Record<string | number, unknown>)[key];
  }
  return slot;
}

function mutate(r: () => number, msg: Msg): Msg {
  const roll = r();
  if (roll < 0.05) return { topic: msg.topic, payload: pick(r, BAD_VALUES)() };
  if (roll < 0.08) return { topic: `${pick(r, ['shellies', 'x', ''])}/${Math.floor(r() * 99)}/${pick(r, ['emeter/0/power', 'status/em:0', 'events/rpc', 'a/b'])}`, payload: msg.payload };
  if (roll < 0.1) return { ...msg, payload: [msg.payload] };
  const mutations = 1 + Math.floor(r() * 3);
  for (let i = 0; i < mutations; i++) {
    const slot = randomSlot(r, msg.payload);
    if (!slot) continue;
    const { parent, key } = slot;
    const target = parent as Record<string | number, unknown>;
    if (r() < 0.3) delete target[key];
    else if (r() < 0.1) target[key] = { wrapped: target[key] };
    else target[key] = pick(r, BAD_VALUES)();
  }
  return msg;
}

/** count messages: about a third left valid, the rest mutated. */
export function fuzzMessages(seed: number, count: number): Msg[] {
  const r = prng(seed);
  const out: Msg[] = [];
  for (let i = 0; i < count; i++) {
    const msg = pick(r, TEMPLATES)(r);
    out.push(r() < 0.35 ? msg : mutate(r, msg));
  }
  return out;
}

const POWER_KEYS = new Set(['power', 'act_power', 'a_act_power', 'b_act_power', 'c_act_power', 'apower']);

/** Every finite number an input carries under a power key (arrays under `power` included). */
export function powerValues(msg: Msg, into: Set<number>): void {
  const walk = (value: unknown, underPower: boolean, depth: number): void => {
    if (depth > 6) return;
    if (typeof value === 'number' && underPower && Number.isFinite(value)) into.add(value);
    if (typeof value === 'string' && underPower && /^-?[\d.]+$/.test(value)) into.add(Number(value));
    if (Array.isArray(value)) {
      if (value.length <= 3) for (const v of value) walk(v, underPower, depth + 1);
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) walk(v, POWER_KEYS.has(k), depth + 1);
    }
  };
  let payload = msg.payload;
  if (typeof payload === 'string' && payload.startsWith('{')) {
    try {
      payload = JSON.parse(payload);
    } catch {
      // not JSON: carries no power
    }
  }
  walk(payload, typeof msg.topic === 'string' && /\/power$/.test(msg.topic), 0);
}
