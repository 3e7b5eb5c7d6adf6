import { isDeepStrictEqual } from 'node:util';
import type { Json } from './status-context';

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The part of `next` that differs from `previous`: nested objects recursively, arrays and
 * scalars as a whole. Deep-merging the result onto `previous` gives `next` (for keys that
 * `next` has). Undefined when nothing changed. This is what a partial NotifyStatus carries.
 */
export function changedFields(previous: unknown, next: Json): Json | undefined {
  if (!isPlainObject(previous)) return next;
  const changed: Json = {};
  for (const [key, value] of Object.entries(next)) {
    const before = previous[key];
    if (isPlainObject(value) && isPlainObject(before)) {
      const inner = changedFields(before, value);
      if (inner) changed[key] = inner;
    } else if (!isDeepStrictEqual(before, value)) {
      changed[key] = value;
    }
  }
  return Object.keys(changed).length > 0 ? changed : undefined;
}
