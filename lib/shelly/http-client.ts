import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import * as http from 'node:http';
import { withDeadline } from '../deadline';
import { digestAuthorizationHeader, parseDigestChallenge, SHELLY_DIGEST_USER, type DigestChallenge } from './digest-auth';
import { httpBase, type ShellyHost } from './host';
import { parseRpcError } from './rpc-frame';
import { ShellyError, formatSeconds } from './shelly-error';

export interface ShellyCredentials {
  /** Gen1 only (Gen2+ always uses "admin"); default "admin". */
  username?: string;
  password?: string;
}

/** Gen1 answers 401 without a challenge and wants Basic; Gen2+ sends a SHA-256 Digest challenge. */
export type HttpAuthScheme = 'basic' | 'digest';

export interface ShellyHttpClientOptions {
  host: ShellyHost;
  credentials: ShellyCredentials;
  /** Deadline for the whole request (connect, headers and body). */
  timeoutMs: number;
}

const MAX_REPLY_BYTES = 1 << 20; // a full Gen2 status is a few kB; anything this big is not a Shelly

/**
 * HTTP to one Shelly through its own axios instance and agent (never the global ones, so nothing
 * here touches other users of axios). Replies are parsed here so a malformed body, an HTTP error
 * or a 401 become ShellyErrors with a readable reason. Digest: on a 401 with a challenge the
 * request is repeated once with the `Authorization` header; the challenge is kept and reused with a
 * growing nonce count (firmware 2.0 accepts that; older firmware answers 401 with a new nonce and
 * the request is repeated with it). Basic: sent up front when a password is set.
 */
export class ShellyHttpClient {
  private readonly axios: AxiosInstance;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private readonly closing = new AbortController();
  private challenge?: DigestChallenge;
  private nonceCount = 0;
  private scheme: HttpAuthScheme = 'digest';
  /** Who the device is, for messages ("401 from shellyem3-…"); the host until identified. */
  deviceLabel: string;

  constructor(private readonly options: ShellyHttpClientOptions) {
    this.deviceLabel = options.host.display;
    this.axios = axios.create({
      baseURL: httpBase(options.host),
      httpAgent: this.agent,
      proxy: false,
      maxRedirects: 0,
      maxContentLength: MAX_REPLY_BYTES,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
    });
  }

  setAuthScheme(scheme: HttpAuthScheme): void {
    this.scheme = scheme;
  }

  /**
   * GET path and parse the JSON reply. `identifying`: the request is the first contact
   * (GET /shelly), so a 404 or a reply that is not JSON means something else answers there.
   */
  async getJson(path: string, identifying = false): Promise<unknown> {
    let response = await this.request(path, this.authorizationFor(path));
    if (response.status === 401 && this.scheme === 'digest' && this.options.credentials.password) {
      const challenge = parseDigestChallenge(String(response.headers['www-authenticate'] ?? ''));
      if (challenge) {
        this.challenge = challenge;
        this.nonceCount = 0;
        response = await this.request(path, this.authorizationFor(path));
      }
    }
    return this.parseReply(path, response, identifying);
  }

  /** Aborts every request in flight and any later one (they reject with kind 'closed') and frees the sockets. */
  close(): void {
    this.closing.abort(new ShellyError('closed', '', 'connection closed'));
    this.agent.destroy();
  }

  private authorizationFor(path: string): string | undefined {
    const { username, password } = this.options.credentials;
    if (!password) return undefined;
    if (this.scheme === 'basic') {
      return `Basic ${Buffer.from(`${username || 'admin'}:${password}`).toString('base64')}`;
    }
    if (!this.challenge) return undefined; // first request: let the device send its challenge
    this.nonceCount += 1;
    return digestAuthorizationHeader(this.challenge, { username: SHELLY_DIGEST_USER, password }, { method: 'GET', uri: path, nc: this.nonceCount });
  }

  private async request(path: string, authorization: string | undefined): Promise<AxiosResponse<string>> {
    const timeoutMs = this.options.timeoutMs;
    try {
      return await withDeadline(
        (signal) => this.axios.get<string>(path, { signal, headers: authorization ? { Authorization: authorization } : {} }),
        {
          timeoutMs,
          onTimeout: () => new ShellyError('timeout', `GET ${path} at ${this.options.host.display}`, `timeout after ${formatSeconds(timeoutMs)}`),
          parent: this.closing.signal,
        },
      );
    } catch (err) {
      throw err instanceof ShellyError ? err : this.networkError(path, err); // a ShellyError is the deadline's or close()'s
    }
  }

  private networkError(path: string, err: unknown): ShellyError {
    const where = `GET ${path} at ${this.options.host.display}`;
    const code = (err as { code?: string }).code;
    switch (code) {
      case 'ECONNREFUSED':
        return new ShellyError('unreachable', where, 'connection refused (device off or wrong port?)');
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return new ShellyError('unreachable', where, 'host name not found');
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
        return new ShellyError('unreachable', where, 'no route to host');
      case 'ECONNRESET':
        return new ShellyError('unreachable', where, 'connection reset by the device');
      case 'ERR_BAD_RESPONSE':
        return new ShellyError('bad-reply', where, `reply larger than ${MAX_REPLY_BYTES} bytes, not a Shelly`);
      default:
        return new ShellyError('unreachable', where, err instanceof Error ? err.message : String(err));
    }
  }

  private parseReply(path: string, response: AxiosResponse<string>, identifying: boolean): unknown {
    const where = `GET ${path} at ${this.options.host.display}`;
    const body = typeof response.data === 'string' ? response.data : String(response.data ?? '');
    if (response.status === 401) {
      const { password, username } = this.options.credentials;
      const user = this.scheme === 'basic' ? username || 'admin' : SHELLY_DIGEST_USER;
      throw new ShellyError(
        'auth',
        `401 from ${this.deviceLabel}`,
        password ? `wrong password for user ${user}` : 'the device needs a password (set it in the device config node)',
      );
    }
    let json: unknown;
    let parsed = true;
    try {
      json = JSON.parse(body);
    } catch {
      parsed = false;
    }
    if (identifying && response.status === 404) {
      throw new ShellyError('not-shelly', where, 'not a Shelly (HTTP 404)');
    }
    if (response.status < 200 || response.status >= 300) {
      const rpcError = parsed ? parseRpcError(json) : undefined;
      const detail = rpcError ? ` (RPC error ${rpcError.code}: ${rpcError.message})` : '';
      throw new ShellyError('bad-reply', where, `HTTP ${response.status}${detail}`);
    }
    if (!parsed) {
      if (identifying && /^\s*</.test(body)) throw new ShellyError('not-shelly', where, 'not a Shelly (the reply is HTML, not JSON)');
      throw new ShellyError('bad-reply', where, 'malformed JSON in the reply');
    }
    return json;
  }
}
