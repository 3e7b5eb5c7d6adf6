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
  /** "auth", or undefined for an RFC 2069 challenge without qop (no nc, no cnonce). */
  qop?: string;
  /** As the server named it; undefined when it named none, which means MD5 (RFC 7616 §3.3). */
  algorithm?: string;
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

/** The RFC 7616 algorithms this client speaks (not the -sess variants), weakest first. */
const HASHES: ReadonlyArray<[string, string]> = [
  ['MD5', 'md5'],
  ['SHA-256', 'sha256'],
  ['SHA-512-256', 'sha512-256'],
];

/** Index in HASHES (higher is stronger), -1 when not spoken. */
function strengthOf(algorithm = 'MD5'): number {
  return HASHES.findIndex(([name]) => name === algorithm.toUpperCase());
}

function hashFor(algorithm = 'MD5'): (text: string) => string {
  const known = HASHES[strengthOf(algorithm)];
  if (!known) throw new Error(`unsupported digest algorithm ${algorithm}`);
  return (text) => createHash(known[1]).update(text).digest('hex');
}

export function newCnonce(): string {
  return randomBytes(8).toString('hex');
}

/** "00000001" */
export function formatNonceCount(nc: number): string {
  return nc.toString(16).padStart(8, '0');
}

/** One challenge of a `WWW-Authenticate` value, or the credentials of an `Authorization` one. */
export interface AuthChallenge {
  /** Lower-cased, e.g. "digest", "basic". */
  scheme: string;
  /** Parameter names lower-cased; quoted values unquoted and unescaped. */
  params: Record<string, string>;
}

/** One `token`, or one `name = token / "quoted \" string"`, after any commas (RFC 7235 §2.1). */
const AUTH_ITEM = /[\s,]*([!#$%&'*+.^_`|~0-9a-z-]+)(?:[ \t]*=[ \t]*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*)))?/iy;

/**
 * The challenges of an authentication header (RFC 7235 §4.1). Several `WWW-Authenticate` headers
 * arrive joined by ", " (Node.js), so one value may hold e.g. a SHA-256 and an MD5 Digest
 * challenge and a Basic one: a bare token starts a challenge, `name=value` belongs to the last.
 * A comma inside a quoted string does not split it. What cannot be read is skipped to the next comma.
 */
export function parseAuthChallenges(header: string | undefined): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  const text = header ?? '';
  for (let at = 0; at < text.length; ) {
    AUTH_ITEM.lastIndex = at;
    const m = AUTH_ITEM.exec(text);
    if (!m) {
      const comma = text.indexOf(',', at + 1);
      if (comma < 0) break;
      at = comma;
      continue;
    }
    at = AUTH_ITEM.lastIndex;
    const [, name, quoted, token] = m;
    const current = challenges[challenges.length - 1];
    if (quoted === undefined && token === undefined) challenges.push({ scheme: name.toLowerCase(), params: {} });
    else if (current) current.params[name.toLowerCase()] = quoted === undefined ? token : quoted.replace(/\\(.)/g, '$1');
  }
  return challenges;
}

/** A Digest challenge this client can answer: qop "auth" or none, an algorithm in HASHES. */
function usableDigest({ realm, nonce, qop, algorithm, opaque }: Record<string, string>): DigestChallenge | undefined {
  if (!realm || !nonce || strengthOf(algorithm) < 0) return undefined;
  // "auth-int" would need the body's hash; every server offering it with "auth" accepts "auth".
  const qops = qop?.split(',').map((q) => q.trim().toLowerCase());
  if (qops && !qops.includes('auth')) return undefined;
  const challenge: DigestChallenge = { realm, nonce };
  if (qops) challenge.qop = 'auth';
  if (algorithm) challenge.algorithm = algorithm;
  if (opaque) challenge.opaque = opaque;
  return challenge;
}

/**
 * The Digest challenge to answer from a `WWW-Authenticate` value (undefined if none is usable):
 * the strongest algorithm offered, so SHA-256 is never given up for an MD5 challenge sent beside it.
 * Shellies send one: `Digest qop="auth", realm="…", nonce="…", algorithm=SHA-256`.
 */
export function parseDigestChallenge(header: string | undefined): DigestChallenge | undefined {
  let best: DigestChallenge | undefined;
  for (const { scheme, params } of parseAuthChallenges(header)) {
    const challenge = scheme === 'digest' ? usableDigest(params) : undefined;
    if (challenge && (!best || strengthOf(challenge.algorithm) > strengthOf(best.algorithm))) best = challenge;
  }
  return best;
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

/** A quoted-string (RFC 7230 §3.2.6). */
function quote(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

export function digestHa1(username: string, realm: string, password: string, algorithm: string | undefined): string {
  return hashFor(algorithm)(`${username}:${realm}:${password}`);
}

function digestResponse(
  algorithm: string | undefined,
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
  const { qop, algorithm } = challenge;
  const ha1 = digestHa1(credentials.username, challenge.realm, credentials.password, algorithm);
  const response = digestResponse(algorithm, ha1, challenge.nonce, ncHex, cnonce, qop, `${request.method.toUpperCase()}:${request.uri}`);
  const parts = [
    `username=${quote(credentials.username)}`,
    `realm=${quote(challenge.realm)}`,
    `nonce=${quote(challenge.nonce)}`,
    `uri=${quote(request.uri)}`,
    `response="${response}"`,
  ];
  // algorithm and opaque as the challenge gave them (RFC 7616 §3.4): none when it named none.
  if (algorithm) parts.push(`algorithm=${algorithm}`);
  if (qop) parts.push(`qop=${qop}`, `nc=${ncHex}`, `cnonce=${quote(cnonce)}`);
  if (challenge.opaque) parts.push(`opaque=${quote(challenge.opaque)}`);
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
  const params = parseAuthChallenges(header).find((c) => c.scheme === 'digest')?.params;
  if (!params) return false;
  if (params.realm !== expected.realm || !params.nonce || !expected.isNonceValid(params.nonce)) return false;
  const algorithm = params.algorithm;
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
