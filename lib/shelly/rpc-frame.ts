import { parseFrameChallenge, type DigestChallenge, type FrameAuth } from './digest-auth';

/**
 * Gen2+ JSON-RPC frames (shelly-protocol.md §3.2, §3.9): what we send, and how a frame that
 * arrives is told apart: a response has an `id` and `result` or `error`; a notification has
 * a `method` and no `id`.
 */
export interface RpcRequestFrame {
  id: number;
  src: string;
  method: string;
  params?: Record<string, unknown>;
  auth?: FrameAuth;
}

export interface RpcError {
  code: number;
  message: string;
  /** Set when the error is a 401 carrying a digest challenge. */
  challenge?: DigestChallenge;
}

export type IncomingFrame =
  | { kind: 'response'; id: number | string; result?: unknown; error?: RpcError }
  | { kind: 'notification'; method: string; frame: Record<string, unknown> }
  | { kind: 'malformed' } // text that is not JSON at all
  | { kind: 'invalid'; reason: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An RPC error object (`{code, message}`), or undefined when the value is not one. */
export function parseRpcError(value: unknown): RpcError | undefined {
  if (!isObject(value) || typeof value.code !== 'number') return undefined;
  const message = typeof value.message === 'string' ? value.message : '';
  const error: RpcError = { code: value.code, message };
  if (value.code === 401) {
    const challenge = parseFrameChallenge(message);
    if (challenge) error.challenge = challenge;
  }
  return error;
}

/** 404 "No handler for <Method>": the device does not know the method (e.g. a component it lacks). */
export function isNoHandlerError(error: RpcError | undefined): boolean {
  return error !== undefined && error.code === 404 && /^No handler for /i.test(error.message);
}

/** Classifies a text WebSocket frame (or a parsed HTTP POST /rpc reply). */
export function parseIncomingFrame(data: unknown): IncomingFrame {
  let frame: unknown = data;
  if (typeof data === 'string') {
    try {
      frame = JSON.parse(data);
    } catch {
      return { kind: 'malformed' };
    }
  }
  if (!isObject(frame)) return { kind: 'invalid', reason: 'frame is not a JSON object' };
  if (typeof frame.id === 'number' || typeof frame.id === 'string') {
    if ('error' in frame) {
      const error = parseRpcError(frame.error);
      return error ? { kind: 'response', id: frame.id, error } : { kind: 'invalid', reason: 'malformed error in response' };
    }
    return { kind: 'response', id: frame.id, result: frame.result };
  }
  if (typeof frame.method === 'string') return { kind: 'notification', method: frame.method, frame };
  return { kind: 'invalid', reason: 'frame has neither an id nor a method' };
}
