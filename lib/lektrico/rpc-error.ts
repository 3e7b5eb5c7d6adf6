/**
 * An `{error: {code, message}}` reply of the station: the command was not applied.
 * Codes and meanings from the vendor's firmware docs.
 */
export const RPC_ERROR_MEANINGS: Readonly<Record<number, string>> = {
  [-1]: 'general failure',
  [-2]: 'bad JSON or missing keys',
  [-3]: 'string length wrong',
  [-4]: 'integer out of range',
  [-5]: 'wrong value type',
  [-6]: 'unknown key',
  [-7]: 'action prohibited',
};

export function rpcErrorMeaning(code: number): string {
  return RPC_ERROR_MEANINGS[code] ?? 'unknown error code';
}

export class LektricoRpcError extends Error {
  /** The documented meaning of `code` ("integer out of range"). */
  readonly meaning: string;

  constructor(
    readonly method: string,
    readonly code: number,
    /** The station's own text, as sent (it may be misspelled). */
    readonly deviceMessage: string,
  ) {
    // Short enough for a node status: "dynamic_current.set: -4 integer out of range".
    super(`${method}: ${code} ${rpcErrorMeaning(code)}`);
    this.name = 'LektricoRpcError';
    this.meaning = rpcErrorMeaning(code);
  }
}
