import type { DigestGuard } from './digest-guard';
import { invalidArgument, missingArgument, RPC_UNAUTHORIZED } from './rpc-errors';
import type { RpcMethods, RpcOutcome } from './rpc-methods';
import type { SimulatorStats } from './simulator-stats';
import { isJsonObject, type Json } from './json';

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
  /** The sender is authenticated (or no password is set): it may receive notifications. */
  authenticated: boolean;
  unauthorized: boolean;
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
  const request = isJsonObject(frame) ? frame : {};
  let authenticated = ctx.guard === undefined || headerAuthorized;
  const reply = (outcome: RpcOutcome): FrameAnswer => ({
    response: replyFrame(ctx.deviceId, request, outcome),
    authenticated,
    unauthorized: 'error' in outcome && outcome.error.code === RPC_UNAUTHORIZED,
  });
  if (!isJsonObject(frame)) return reply({ error: invalidArgument('frame') });
  if (typeof frame.method !== 'string' || frame.method.length === 0) return reply({ error: missingArgument('method') });
  const method = frame.method;
  ctx.stats.count(`RPC ${ctx.methods.canonicalName(method) ?? method}`);
  if (!authenticated && frame.auth !== undefined) {
    authenticated = ctx.guard!.verifyFrame(frame.auth);
    if (!authenticated) ctx.stats.authFailures++;
  }
  // GetDeviceInfo answers anyone, but only an authenticated sender becomes a notification peer.
  if (!authenticated && !ctx.methods.isAuthExempt(method)) return reply({ error: ctx.guard!.frameChallenge() });
  if (frame.params !== undefined && !isJsonObject(frame.params)) return reply({ error: invalidArgument('params') });
  return reply(ctx.methods.call(method, (frame.params as Json | undefined) ?? {}));
}
