/**
 * How a value that should have been a number looks, for error messages a user can act on:
 * "emeters[1].power is a string ("12"); expected a number in W".
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    return `${value}`;
  }
  if (typeof value === 'string') {
    const shown = value.length > 20 ? `${value.slice(0, 20)}…` : value;
    return `a string (${JSON.stringify(shown)})`;
  }
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value === 'object' ? 'nested object' : typeof value}`;
}

/** "is a string ("12"); expected a number in W": what follows the path in an error message. */
export function badValue(value: unknown, expected: string): string {
  return `is ${describeValue(value)}; expected ${expected}`;
}
