import type * as http from 'node:http';
import { readBody, queryParams, sendJson, sendNotFound } from './http-reply';
import { httpStatusOfRpcError, invalidArgument, RPC_UNAUTHORIZED } from './rpc-errors';
import { answerFrame, type FrameContext } from './rpc-frames';
import { parseJsonObject, type Json } from './json';

/**
 * Gen2+ RPC over HTTP (shelly-protocol.md §3.1): `GET /rpc/<Method>?id=0`, `POST /rpc/<Method>`
 * (params body → bare result or error) and `POST /rpc` (full frame → full frame). With a
 * password, an HTTP Digest `Authorization` header is accepted everywhere; `POST /rpc` also
 * accepts the frame's own `auth` object. Gen1 paths such as /status are 404 here.
 */
export async function handleRpcRequest(ctx: FrameContext, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
  const methodPath = /^\/rpc\/([^/]+)$/.exec(url.pathname);
  if (url.pathname === '/rpc' && req.method === 'POST') return handleFramePost(ctx, req, res);
  if (!methodPath || (req.method !== 'GET' && req.method !== 'POST')) return sendNotFound(res);

  const method = decodeURIComponent(methodPath[1]);
  ctx.stats.count(`RPC ${ctx.methods.canonicalName(method) ?? method}`);
  if (!headerAuthorized(ctx, req, method)) return sendChallenge(ctx, res, { code: RPC_UNAUTHORIZED, message: 'Unauthorized' });

  let params: Json;
  if (req.method === 'GET') {
    params = queryParams(url);
  } else {
    const parsed = parseJsonObject(await readBody(req));
    if (!parsed) {
      const error = invalidArgument('params');
      return sendJson(res, httpStatusOfRpcError(error.code), error);
    }
    params = parsed;
  }
  const outcome = ctx.methods.call(method, params);
  if ('error' in outcome) return sendJson(res, httpStatusOfRpcError(outcome.error.code), outcome.error);
  return sendJson(res, 200, outcome.result);
}

async function handleFramePost(ctx: FrameContext, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const frame = parseJsonObject(await readBody(req));
  const viaHeader = ctx.guard !== undefined && req.headers.authorization !== undefined && verifyHeader(ctx, req);
  const answer = answerFrame(frame ?? null, ctx, viaHeader);
  if (answer.unauthorized) return sendChallenge(ctx, res, answer.response);
  return sendJson(res, 200, answer.response);
}

/** True when no credentials are needed or the `Authorization` header is right. */
function headerAuthorized(ctx: FrameContext, req: http.IncomingMessage, method: string): boolean {
  if (!ctx.guard || ctx.methods.isAuthExempt(method)) return true;
  return verifyHeader(ctx, req);
}

function verifyHeader(ctx: FrameContext, req: http.IncomingMessage): boolean {
  const header = req.headers.authorization;
  const ok = ctx.guard!.verifyHeader(header, req.method ?? 'GET');
  if (header !== undefined && !ok) ctx.stats.authFailures++;
  return ok;
}

/** HTTP 401 with a fresh `WWW-Authenticate: Digest …` challenge. */
function sendChallenge(ctx: FrameContext, res: http.ServerResponse, body: unknown): void {
  sendJson(res, 401, body, { 'WWW-Authenticate': ctx.guard!.httpChallenge() });
}
