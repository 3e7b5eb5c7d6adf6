import { isDeepStrictEqual } from 'node:util';
import { isJsonObject, type Json } from './json';

/**
 * The part of `next` that differs from `previous`: nested objects recursively, arrays and
 * scalars as a whole. Deep-merging the result onto `previous` gives `next` (for keys that
 * `next` has). Undefined when nothing changed. This is what a partial NotifyStatus carries.
 */
export function changedFields(previous: unknown, next: Json): Json | undefined {
  if (!isJsonObject(previous)) return next;
  const changed: Json = {};
  for (const [key, value] of Object.entries(next)) {
    const before = previous[key];
    if (isJsonObject(value) && isJsonObject(before)) {
      const inner = changedFields(before, value);
      if (inner) changed[key] = inner;
    } else if (!isDeepStrictEqual(before, value)) {
      changed[key] = value;
    }
  }
  return Object.keys(changed).length > 0 ? changed : undefined;
}
