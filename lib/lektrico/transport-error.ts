/**
 * The station could not be asked or did not answer usefully: nothing was applied and the
 * state of the station is unknown. `kind` says why, for status texts and retries.
 */
export type TransportErrorKind =
  | 'timeout' // no reply within the client's timeout
  | 'network' // connection refused / reset / host unreachable
  | 'http' // an HTTP status other than 2xx
  | 'auth' // 401/403: credentials missing or wrong
  | 'content-type' // a reply that is not application/json
  | 'protocol' // JSON that is not what the method returns
  | 'aborted'; // the client was closed

export class LektricoTransportError extends Error {
  constructor(
    readonly kind: TransportErrorKind,
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'LektricoTransportError';
  }
}

/** A few words for a status line: "timeout", "ECONNREFUSED", "HTTP 500", "not JSON". */
export function shortReasonOf(err: unknown): string {
  if (err instanceof LektricoTransportError) {
    switch (err.kind) {
      case 'timeout':
        return 'timeout';
      case 'http':
        return `HTTP ${err.httpStatus ?? '?'}`;
      case 'auth':
        return 'auth failed';
      case 'content-type':
        return 'not JSON';
      case 'protocol':
        return 'bad reply';
      case 'aborted':
        return 'closed';
      case 'network':
        return err.message.slice(err.message.lastIndexOf(': ') + 2) || 'network error';
    }
  }
  return err instanceof Error ? err.message : String(err);
}
