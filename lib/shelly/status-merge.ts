/**
 * Keeping a Gen2+ status current from WebSocket notifications (shelly-protocol.md §3.7):
 *  - NotifyStatus carries partial component statuses ("unchanged keys may be missing"): deep
 *    merge them into the last full status, never replace a component;
 *  - NotifyFullStatus replaces the cached status;
 *  - NotifyEvent changes no status (EMData minute rows, button events): ignored here.
 * Pure functions; the cached status is never mutated, so a reading already emitted stays as it was.
 */
type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keys that would reach Object.prototype through an assignment: never merged. */
const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * How deep a status may nest. A real one has a handful of levels (status → component →
 * aenergy → by_minute); anything far deeper is not a status, and merging it recursively
 * could exhaust the stack (a 120 kB frame can nest 20 000 levels).
 */
export const MAX_STATUS_DEPTH = 32;

/** Throws a RangeError when value nests objects or arrays deeper than MAX_STATUS_DEPTH levels. */
export function checkStatusDepth(value: unknown): void {
  if (nestsDeeperThan(value, MAX_STATUS_DEPTH)) {
    throw new RangeError(`status nested deeper than ${MAX_STATUS_DEPTH} levels: not a device status, refused`);
  }
}

/** A walk that stops at `levels`, so it never recurses deeper than that itself. */
function nestsDeeperThan(value: unknown, levels: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (levels === 0) return true;
  return Object.values(value).some((child) => nestsDeeperThan(child, levels - 1));
}

/**
 * base overlaid with delta, as a new object: objects merge key by key, anything else (arrays,
 * null, numbers) replaces. Objects and arrays taken from delta are copied, so later changes to
 * the delta's message never reach the merged status. A delta nested too deep is refused whole.
 */
export function deepMerge(base: Json, delta: Json): Json {
  checkStatusDepth(delta);
  return overlay({ ...base }, delta, true);
}

/**
 * delta overlaid onto target in place (same rules as deepMerge), for a status its owner holds
 * privately (the normalizer's per-device store): no copy of the untouched parts on every message.
 */
export function mergeInto(target: Json, delta: Json): Json {
  checkStatusDepth(delta); // before touching target: a refused delta leaves it as it was
  return overlay(target, delta, false);
}

function overlay(out: Json, delta: Json, copyBase: boolean): Json {
  for (const key of Object.keys(delta)) {
    if (UNSAFE_KEYS.has(key)) continue;
    const value = delta[key];
    const previous = out[key];
    if (isObject(value)) {
      const base = isObject(previous) ? previous : {};
      out[key] = overlay(copyBase ? { ...base } : base, value, copyBase);
    } else {
      out[key] = Array.isArray(value) ? value.slice() : value;
    }
  }
  return out;
}

export type NotificationOutcome =
  | { kind: 'delta'; status: Json; components: string[]; deviceTimeMs?: number }
  | { kind: 'full'; status: Json; deviceTimeMs?: number }
  | { kind: 'ignored'; reason: string };

/** Device time of a notification: `params.ts` is seconds (with fractions) since the epoch. */
function deviceTimeMs(params: Json): number | undefined {
  const ts = params.ts;
  return typeof ts === 'number' && Number.isFinite(ts) && ts > 0 ? Math.round(ts * 1000) : undefined;
}

/**
 * Applies one notification frame (`{method, params}`) to the cached status. Without a cached
 * status a delta cannot be applied (it is not a whole status): it is ignored until the first
 * full status arrives.
 */
export function applyNotification(cached: Json | undefined, frame: unknown): NotificationOutcome {
  if (!isObject(frame) || typeof frame.method !== 'string') return { kind: 'ignored', reason: 'not a notification frame' };
  const params = frame.params;
  if (!isObject(params)) return { kind: 'ignored', reason: `${frame.method} without params` };
  const { ts: _ts, ...components } = params;
  switch (frame.method) {
    case 'NotifyFullStatus':
      return { kind: 'full', status: components, deviceTimeMs: deviceTimeMs(params) };
    case 'NotifyStatus': {
      if (!cached) return { kind: 'ignored', reason: 'NotifyStatus before the first full status' };
      const changed = Object.keys(components).filter((key) => isObject(components[key]));
      const delta: Json = {};
      for (const key of changed) delta[key] = components[key];
      return { kind: 'delta', status: deepMerge(cached, delta), components: changed, deviceTimeMs: deviceTimeMs(params) };
    }
    case 'NotifyEvent':
      return { kind: 'ignored', reason: 'NotifyEvent changes no status' };
    default:
      return { kind: 'ignored', reason: `unknown notification ${frame.method}` };
  }
}
