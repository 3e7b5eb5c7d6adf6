/**
 * Why talking to a Shelly failed, in words a user can act on ("401 from shellypro3em-…: wrong
 * password for user admin", "GET /shelly at 10.0.0.5: not a Shelly (no gen/type)", "timeout
 * after 5 s"). `kind` drives the retry policy: a problem that retrying soon cannot fix
 * (credentials, wrong device, no meter) waits the longest back-off step.
 */
export type ShellyErrorKind =
  | 'timeout' // no (complete) answer in time
  | 'unreachable' // connection refused, host unknown, network down
  | 'auth' // credentials missing or wrong
  | 'not-shelly' // something else answers at the address
  | 'bad-reply' // HTTP error status, malformed JSON, RPC error, unexpected shape
  | 'no-meter' // a Shelly, but its status has no metering component
  | 'connection-lost' // the device closed the socket, or it stalled
  | 'closed'; // we closed the connection (not a device fault)

const SLOW_RETRY: ReadonlySet<ShellyErrorKind> = new Set(['auth', 'not-shelly', 'no-meter']);

export class ShellyError extends Error {
  /**
   * @param where  what was being done, where ("GET /status at 10.0.0.5", "401 from shellyem3-…"); may be empty
   * @param reason what went wrong, short enough for a node status ("timeout after 5 s", "wrong password for user admin")
   */
  constructor(
    readonly kind: ShellyErrorKind,
    readonly where: string,
    readonly reason: string,
  ) {
    super(where ? `${where}: ${reason}` : reason);
    this.name = 'ShellyError';
  }

  /** Retrying at once cannot help: wait the longest back-off step (no tight loop on a wrong password). */
  get slowRetry(): boolean {
    return SLOW_RETRY.has(this.kind);
  }
}

/** Any thrown value as a ShellyError (unknown errors count as bad replies, keeping their message). */
export function asShellyError(err: unknown): ShellyError {
  if (err instanceof ShellyError) return err;
  return new ShellyError('bad-reply', '', err instanceof Error ? err.message : String(err));
}

/** "5 s", "0.5 s": a duration as error messages show it. */
export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
