import { LektricoRpcError } from './rpc-error';
import { LektricoTransportError } from './transport-error';

/** A POST /rpc request: `{src, id, method, params}` (params omitted when there are none). */
export interface RpcRequestFrame {
  src: string;
  id: number;
  method: string;
  params?: Record<string, unknown>;
}

export function buildRequestFrame(
  src: string,
  id: number,
  method: string,
  params?: Record<string, unknown>,
): RpcRequestFrame {
  return params === undefined ? { src, id, method } : { src, id, method, params };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The result of a reply frame `{id, src, dst, result}`; an `{error: {code, message}}` frame
 * throws a LektricoRpcError. An id that does not match the request is a protocol error: with one
 * request in flight per station it means the reply is not ours.
 */
export function decodeReplyFrame(method: string, body: unknown, expectedId?: number): unknown {
  if (!isRecord(body)) throw new LektricoTransportError('protocol', `${method}: reply is not a JSON object`);
  if (expectedId !== undefined && body.id !== undefined && body.id !== expectedId) {
    throw new LektricoTransportError('protocol', `${method}: reply id ${String(body.id)} does not match request ${expectedId}`);
  }
  if (body.error !== undefined) {
    const error = isRecord(body.error) ? body.error : {};
    const code = typeof error.code === 'number' && Number.isInteger(error.code) ? error.code : -1;
    const message = typeof error.message === 'string' ? error.message : '';
    throw new LektricoRpcError(method, code, message);
  }
  if (!('result' in body)) throw new LektricoTransportError('protocol', `${method}: reply has neither result nor error`);
  return body.result;
}
