/** The `error` object of a JSON-RPC reply (shelly-protocol.md §3.9). */
export interface RpcErrorBody {
  code: number;
  message: string;
}

export const RPC_UNAUTHORIZED = 401;
export const RPC_NO_HANDLER = 404;
export const RPC_INVALID_ARGUMENT = -103;
export const RPC_NOT_FOUND = -105;
/** "Unavailable": what the simulator answers over RPC while an http-500 fault is set. */
export const RPC_UNAVAILABLE = -114;

export function noHandler(method: string): RpcErrorBody {
  return { code: RPC_NO_HANDLER, message: `No handler for ${method}` };
}

export function missingArgument(name: string): RpcErrorBody {
  return { code: RPC_INVALID_ARGUMENT, message: `Missing required argument '${name}'!` };
}

export function invalidArgument(name: string): RpcErrorBody {
  return { code: RPC_INVALID_ARGUMENT, message: `Invalid argument '${name}'!` };
}

export function componentNotFound(id: unknown): RpcErrorBody {
  return { code: RPC_NOT_FOUND, message: `Argument 'id', value ${String(id)} not found!` };
}

/**
 * HTTP status of an RPC error on the per-method HTTP path: 401 and 404 as real devices send
 * them; everything else as 500 (evcc saw 500 for failing calls; the exact map is unconfirmed).
 */
export function httpStatusOfRpcError(code: number): number {
  if (code === RPC_UNAUTHORIZED || code === RPC_NO_HANDLER) return code;
  return 500;
}
