/**
 * An input that a node cannot use. The message says what was wrong and what was expected,
 * so the node's status and a Catch node show something a user can act on.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** A finite number, or undefined. Strings are never coerced: "12" is not a reading. */
export function finiteOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
