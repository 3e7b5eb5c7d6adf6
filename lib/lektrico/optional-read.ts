import { LektricoRpcError } from './rpc-error';
import { LektricoTransportError } from './transport-error';

/**
 * A read some firmware may not support: an error reply, an HTTP error status (404) or a reply of
 * another shape gives undefined; no answer at all (network, timeout, auth) still throws.
 */
export async function optionalRead<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof LektricoRpcError) return undefined;
    if (err instanceof LektricoTransportError && (err.kind === 'http' || err.kind === 'protocol')) return undefined;
    throw err;
  }
}
