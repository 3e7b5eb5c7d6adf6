import type { DigestGuard } from './digest-guard';
import { invalidArgument, missingArgument, RPC_UNAUTHORIZED, type RpcErrorBody } from './rpc-errors';
import type { RpcMethods, RpcOutcome } from './rpc-methods';
import type { SimulatorStats } from './simulator-stats';
import type { Json } from './status-context';

/** What a JSON-RPC frame is answered with. */
export interface FrameContext {
  deviceId: string;
  methods: RpcMethods;
  /** Present when a password is set. */
  guard?: DigestGuard;
  stats: SimulatorStats;
}

export interface FrameAnswer {
  response: Json;
  /** The request passed authentication (it may still have failed otherwise). */
  accepted: boolean;
  unauthorized: boolean;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A reply frame: `{id, src, dst, result | error}` (shelly-protocol.md §3.2). */
export function replyFrame(deviceId: string, request: Json, outcome: RpcOutcome): Json {
  const frame: Json = { id: request.id ?? null, src: deviceId };
  if (typeof request.src === 'string') frame.dst = request.src;
  return { ...frame, ...outcome };
}

/**
 * Answers one request frame (HTTP POST /rpc or WebSocket). Authentication comes first: the
 * frame's `auth` object, or (HTTP only) an already verified `Authorization` header.
 */
export function answerFrame(frame: unknown, ctx: FrameContext, headerAuthorized = false): FrameAnswer {
  const request = isObject(frame) ? frame : {};
  const fail = (error: RpcErrorBody): FrameAnswer => ({
    response: replyFrame(ctx.deviceId, request, { error }), accepted: false, unauthorized: error.code === RPC_UNAUTHORIZED,
  });
  if (!isObject(frame)) return fail(invalidArgument('frame'));
  if (typeof frame.method !== 'string' || frame.method.length === 0) return fail(missingArgument('method'));
  const method = frame.method;
  ctx.stats.count(`RPC ${ctx.methods.canonicalName(method) ?? method}`);
  if (ctx.guard && !headerAuthorized && !ctx.methods.isAuthExempt(method)) {
    const authorized = frame.auth !== undefined && ctx.guard.verifyFrame(frame.auth);
    if (frame.auth !== undefined && !authorized) ctx.stats.authFailures++;
    if (!authorized) return fail(ctx.guard.frameChallenge());
  }
  if (frame.params !== undefined && !isObject(frame.params)) return { ...fail(invalidArgument('params')), accepted: true };
  const outcome = ctx.methods.call(method, (frame.params as Json | undefined) ?? {});
  return { response: replyFrame(ctx.deviceId, request, outcome), accepted: true, unauthorized: false };
}
