import { createHash, randomBytes } from 'node:crypto';

/**
 * SHA-256 HTTP Digest authentication as Gen2+ Shellies speak it (user always "admin",
 * realm = device id, qop "auth"), in both of its forms:
 *  - the RFC 7616 `Authorization` header, after an HTTP 401 with `WWW-Authenticate: Digest …`;
 *  - the `auth` object inside a JSON-RPC frame (HTTP POST /rpc or WebSocket), after a 401
 *    error whose message is a JSON string with the challenge; there HA2 is fixed to
 *    SHA-256("dummy_method:dummy_uri").
 * The server side (verify…) is here too, for the device simulators.
 */
export const SHELLY_DIGEST_USER = 'admin';
const FRAME_HA2_INPUT = 'dummy_method:dummy_uri';

export interface DigestChallenge {
  realm: string;
  nonce: string;
  qop?: string;
  algorithm: string;
  opaque?: string;
  /** WebSocket challenges carry the nonce count the device expects next. */
  nc?: number;
}

/** The `auth` object of an authenticated JSON-RPC frame. */
export interface FrameAuth {
  realm: string;
  username: string;
  nonce: number | string;
  cnonce: string;
  response: string;
  algorithm: 'SHA-256';
  nc?: number | string;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function hashFor(algorithm: string): (text: string) => string {
  const normalized = algorithm.toUpperCase();
  if (normalized === 'SHA-256') return sha256;
  if (normalized === 'MD5') return (text) => createHash('md5').update(text).digest('hex');
  throw new Error(`unsupported digest algorithm ${algorithm}`);
}

export function newCnonce(): string {
  return randomBytes(8).toString('hex');
}

/** "00000001" */
export function formatNonceCount(nc: number): string {
  return nc.toString(16).padStart(8, '0');
}

/** The key=value pairs of a `Digest …` header (keys lower-cased), or undefined if not Digest. */
function parseDigestParams(header: string | undefined): Record<string, string> | undefined {
  if (!header || !/^\s*digest\s/i.test(header)) return undefined;
  const params: Record<string, string> = {};
  const re = /([a-z0-9_-]+)\s*=\s*(?:"([^"]*)"|([^\s,]+))/gi;
  for (let m = re.exec(header); m; m = re.exec(header)) params[m[1].toLowerCase()] = m[2] ?? m[3];
  return params;
}

/** Parses `Digest realm="…", nonce="…", qop="auth", algorithm=SHA-256`; undefined if not Digest. */
export function parseDigestChallenge(header: string | undefined): DigestChallenge | undefined {
  const params = parseDigestParams(header);
  if (!params || !params.realm || !params.nonce) return undefined;
  return {
    realm: params.realm,
    nonce: params.nonce,
    qop: params.qop,
    algorithm: params.algorithm ?? 'MD5',
    opaque: params.opaque,
  };
}

/** Parses the challenge a Gen2+ device puts, as a JSON string, in a 401 RPC error's message. */
export function parseFrameChallenge(message: unknown): DigestChallenge | undefined {
  if (typeof message !== 'string') return undefined;
  let body: unknown;
  try {
    body = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const c = body as Record<string, unknown>;
  if (typeof c.realm !== 'string' || (typeof c.nonce !== 'number' && typeof c.nonce !== 'string')) return undefined;
  const nc = typeof c.nc === 'number' ? c.nc : typeof c.nc === 'string' ? Number(c.nc) : undefined;
  return {
    realm: c.realm,
    nonce: String(c.nonce),
    qop: 'auth',
    algorithm: typeof c.algorithm === 'string' ? c.algorithm : 'SHA-256',
    nc: nc !== undefined && Number.isFinite(nc) ? nc : undefined,
  };
}

export function digestHa1(username: string, realm: string, password: string, algorithm = 'SHA-256'): string {
  return hashFor(algorithm)(`${username}:${realm}:${password}`);
}

function digestResponse(
  algorithm: string,
  ha1: string,
  nonce: string,
  ncHex: string,
  cnonce: string,
  qop: string | undefined,
  ha2Input: string,
): string {
  const hash = hashFor(algorithm);
  const ha2 = hash(ha2Input);
  return qop ? hash(`${ha1}:${nonce}:${ncHex}:${cnonce}:${qop}:${ha2}`) : hash(`${ha1}:${nonce}:${ha2}`);
}

/** The `Authorization` header answering an HTTP Digest challenge. */
export function digestAuthorizationHeader(
  challenge: DigestChallenge,
  credentials: { username: string; password: string },
  request: { method: string; uri: string; nc: number; cnonce?: string },
): string {
  const cnonce = request.cnonce ?? newCnonce();
  const ncHex = formatNonceCount(request.nc);
  const qop = challenge.qop ? challenge.qop.split(',')[0].trim() : undefined;
  const ha1 = digestHa1(credentials.username, challenge.realm, credentials.password, challenge.algorithm);
  const response = digestResponse(
    challenge.algorithm, ha1, challenge.nonce, ncHex, cnonce, qop, `${request.method.toUpperCase()}:${request.uri}`,
  );
  const parts = [
    `username="${credentials.username}"`,
    `realm="${challenge.realm}"`,
    `nonce="${challenge.nonce}"`,
    `uri="${request.uri}"`,
    `algorithm=${challenge.algorithm}`,
    `response="${response}"`,
  ];
  if (qop) parts.push(`qop=${qop}`, `nc=${ncHex}`, `cnonce="${cnonce}"`);
  if (challenge.opaque) parts.push(`opaque="${challenge.opaque}"`);
  return `Digest ${parts.join(', ')}`;
}

/** The `auth` object for a JSON-RPC frame answering a challenge. */
export function frameAuth(challenge: DigestChallenge, password: string, nc = challenge.nc ?? 1, cnonce = newCnonce()): FrameAuth {
  const ha1 = digestHa1(SHELLY_DIGEST_USER, challenge.realm, password, 'SHA-256');
  const nonce = /^\d+$/.test(challenge.nonce) ? Number(challenge.nonce) : challenge.nonce;
  return {
    realm: challenge.realm,
    username: SHELLY_DIGEST_USER,
    nonce,
    cnonce,
    response: digestResponse('SHA-256', ha1, challenge.nonce, String(nc), cnonce, 'auth', FRAME_HA2_INPUT),
    algorithm: 'SHA-256',
    nc,
  };
}

// ---- server side (device simulators) ----

/** Checks an HTTP `Authorization: Digest …` header against the password. */
export function verifyDigestAuthorization(
  header: string | undefined,
  expected: { realm: string; password: string; method: string; isNonceValid: (nonce: string) => boolean },
): boolean {
  const params = parseDigestParams(header);
  if (!params) return false;
  if (params.realm !== expected.realm || !params.nonce || !expected.isNonceValid(params.nonce)) return false;
  const algorithm = params.algorithm ?? 'MD5';
  let ha1: string;
  try {
    ha1 = digestHa1(params.username ?? '', expected.realm, expected.password, algorithm);
  } catch {
    return false;
  }
  const response = digestResponse(
    algorithm, ha1, params.nonce, params.nc ?? '', params.cnonce ?? '', params.qop, `${expected.method.toUpperCase()}:${params.uri}`,
  );
  return params.username === SHELLY_DIGEST_USER && response === params.response;
}

/** Checks the `auth` object of a JSON-RPC frame against the password. */
export function verifyFrameAuth(
  auth: unknown,
  expected: { realm: string; password: string; isNonceValid: (nonce: string) => boolean },
): boolean {
  if (typeof auth !== 'object' || auth === null) return false;
  const a = auth as Record<string, unknown>;
  if (a.realm !== expected.realm || a.username !== SHELLY_DIGEST_USER) return false;
  if (typeof a.cnonce !== 'string' || typeof a.response !== 'string') return false;
  const nonce = String(a.nonce);
  if (!expected.isNonceValid(nonce)) return false;
  const ha1 = digestHa1(SHELLY_DIGEST_USER, expected.realm, expected.password, 'SHA-256');
  const response = digestResponse('SHA-256', ha1, nonce, String(a.nc ?? 1), a.cnonce, 'auth', FRAME_HA2_INPUT);
  return response === a.response;
}
