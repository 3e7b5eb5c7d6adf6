import type { Clock } from '../../clock';
import { verifyDigestAuthorization, verifyFrameAuth } from '../../shelly/digest-auth';
import { RPC_UNAUTHORIZED, type RpcErrorBody } from './rpc-errors';

/** Firmware 2.0 keeps a nonce valid for an hour (shelly-protocol.md §3.6). */
const NONCE_LIFETIME_MS = 3_600_000;
/** Bounds the memory a client can make the simulator spend on unanswered challenges. */
const MAX_LIVE_NONCES = 1000;

/**
 * Gen2+ digest authentication, server side: issues numeric nonces (like the real devices,
 * seconds-based and increasing) and checks both the HTTP `Authorization` header and the
 * `auth` object of a JSON-RPC frame. User "admin", realm = device id, SHA-256.
 */
export class DigestGuard {
  private readonly issuedAtMs = new Map<string, number>();
  private lastNonce = 0;

  constructor(
    private readonly realm: string,
    private readonly password: string,
    private readonly clock: Clock,
  ) {}

  /** `WWW-Authenticate` value of an HTTP 401. */
  httpChallenge(): string {
    return `Digest qop="auth", realm="${this.realm}", nonce="${this.issueNonce()}", algorithm=SHA-256`;
  }

  /** The 401 error of a JSON-RPC reply: the challenge as a JSON string in `message`. */
  frameChallenge(): RpcErrorBody {
    const challenge = { auth_type: 'digest', nonce: Number(this.issueNonce()), nc: 1, realm: this.realm, algorithm: 'SHA-256' };
    return { code: RPC_UNAUTHORIZED, message: JSON.stringify(challenge) };
  }

  verifyHeader(header: string | undefined, httpMethod: string): boolean {
    return verifyDigestAuthorization(header, {
      realm: this.realm, password: this.password, method: httpMethod, isNonceValid: this.isNonceValid,
    });
  }

  verifyFrame(auth: unknown): boolean {
    return verifyFrameAuth(auth, { realm: this.realm, password: this.password, isNonceValid: this.isNonceValid });
  }

  private readonly isNonceValid = (nonce: string): boolean => {
    const issuedAtMs = this.issuedAtMs.get(nonce);
    return issuedAtMs !== undefined && this.clock() - issuedAtMs < NONCE_LIFETIME_MS;
  };

  private issueNonce(): string {
    const nowMs = this.clock();
    for (const [nonce, issuedAtMs] of this.issuedAtMs) {
      if (nowMs - issuedAtMs < NONCE_LIFETIME_MS && this.issuedAtMs.size < MAX_LIVE_NONCES) break;
      this.issuedAtMs.delete(nonce); // oldest first (insertion order)
    }
    this.lastNonce = Math.max(this.lastNonce + 1, Math.floor(nowMs / 1000));
    const nonce = String(this.lastNonce);
    this.issuedAtMs.set(nonce, nowMs);
    return nonce;
  }
}
