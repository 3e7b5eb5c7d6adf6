import type { Random } from '../../../lib/random';

/**
 * Hostile values for the fuzz tests: wrong types, NaN, ±Infinity, ±1e308, -0, strings for
 * numbers, huge arrays, deep nesting and prototype keys, put at random places of otherwise
 * well-formed messages. Seeded, so a failure repeats.
 */
export function pick<T>(r: Random, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)];
}

/** An object with an own "__proto__" key, as JSON.parse makes one: must never reach Object.prototype. */
export function protoKeyObject(): Record<string, unknown> {
  return JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}') as Record<string, unknown>;
}

export const BAD_VALUES: ReadonlyArray<() => unknown> = [
  () => Number.NaN,
  () => Number.POSITIVE_INFINITY,
  () => Number.NEGATIVE_INFINITY,
  () => 1e308,
  () => -1e308,
  () => -0,
  () => Number.MIN_VALUE,
  () => 2 ** 53 + 1,
  () => '12',
  () => '',
  () => 'NaN',
  () => null,
  () => undefined,
  () => true,
  () => ({}),
  () => [],
  () => new Array(100_000).fill(7),
  () => ({ deeper: { and: [{ deeper: [1, '2', null] }] } }),
  () => protoKeyObject(),
  () => 'L4',
  () => ['L1', 'L1'],
];

/** Random JSON-like data, at most `depth` levels deep. */
export function randomJson(r: Random, depth = 3): unknown {
  const roll = r();
  if (depth <= 0 || roll < 0.35) return pick(r, BAD_VALUES)();
  if (roll < 0.5) return Math.round((r() - 0.5) * 1e4) / 10;
  if (roll < 0.6) return pick(r, ['headroom', 'charging-target', 'station-telemetry', 'station-command', 'L1', 'power', 'green', 'mode']);
  if (roll < 0.75) return Array.from({ length: Math.floor(r() * 4) }, () => randomJson(r, depth - 1));
  const keys = ['kind', 'timestamp', 'phases', 'power', 'current', 'station', 'currentA', 'stations', 'mode', 'headroomA', 'payload', 'x'];
  const out: Record<string, unknown> = {};
  for (let i = Math.floor(r() * 5); i > 0; i--) out[pick(r, keys)] = randomJson(r, depth - 1);
  return out;
}

/** A deep copy that keeps what JSON cannot carry (NaN, Infinity, undefined, -0): values are replaced, not serialised. */
function copy<T>(value: T): T {
  if (Array.isArray(value)) return (value.length > 1000 ? value : value.map(copy)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = copy(v);
  return out as T;
}

/** Containers and keys along a random path into value (at most 5 deep). */
function randomSlot(r: Random, root: unknown): { parent: Record<string | number, unknown>; key: string | number } | undefined {
  let parent: unknown = root;
  let slot: { parent: Record<string | number, unknown>; key: string | number } | undefined;
  for (let depth = 0; depth < 5; depth++) {
    if (typeof parent !== 'object' || parent === null) break;
    const keys: Array<string | number> = Array.isArray(parent) ? parent.map((_, i) => i) : Object.keys(parent);
    if (keys.length === 0 || (Array.isArray(parent) && parent.length > 10)) break;
    const key = pick(r, keys);
    slot = { parent: parent as Record<string | number, unknown>, key };
    if (r() < 0.35) break;
    parent = (parent as Record<string | number, unknown>)[key];
  }
  return slot;
}

/** A copy of value with 1 to 3 random changes: a key deleted, a value replaced by a bad one, a level wrapped or turned into a string. */
export function mutate<T>(r: Random, value: T): T {
  const out = copy(value);
  const changes = 1 + Math.floor(r() * 3);
  for (let i = 0; i < changes; i++) {
    const slot = randomSlot(r, out);
    if (!slot) continue;
    const { parent, key } = slot;
    const roll = r();
    if (roll < 0.25) delete parent[key];
    else if (roll < 0.32) parent[key] = { wrapped: parent[key] };
    else if (roll < 0.38) parent[key] = JSON.stringify(parent[key] ?? null);
    else if (roll < 0.42 && typeof parent[key] === 'number') parent[key] = -(parent[key] as number) * 1000;
    else parent[key] = pick(r, BAD_VALUES)();
  }
  return out;
}

/** Object.prototype untouched by any message: no "polluted" property appeared anywhere. */
export function prototypeClean(): boolean {
  return !('polluted' in Object.prototype) && ({} as Record<string, unknown>).polluted === undefined;
}
