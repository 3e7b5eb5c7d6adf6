import * as http from 'node:http';
import axios, { type AxiosInstance } from 'axios';
import { withDeadline } from '../deadline';
import { LEKTRICO_METHODS } from './methods';
import { buildRequestFrame, decodeReplyFrame } from './rpc-frame';
import {
  parseActiveErrors,
  parseAppConfig,
  parseChargerConfig,
  parseChargerInfo,
  parseDeviceId,
  parseDynamicCurrent,
  type AppConfig,
  type ChargerConfig,
  type ChargerInfo,
  type DynamicCurrentReading,
} from './replies';
import { isRelayMode, isStationCurrent, type RelayMode } from './station-current';
import { LektricoTransportError } from './transport-error';

export const DEFAULT_TIMEOUT_MS = 8000;
export const DEFAULT_CALLER_NAME = 'node-red';
/** A station's largest reply is a few kB: anything this big is not one, and is not read to the end. */
export const MAX_REPLY_BYTES = 1 << 20;

/** What the station controller needs from a station: the client below, or a stand-in in tests. */
export interface StationApi {
  getDeviceId(): Promise<string>;
  getChargerInfo(): Promise<ChargerInfo>;
  getDynamicCurrent(): Promise<DynamicCurrentReading>;
  getActiveErrors(): Promise<string[]>;
  getAppConfig(): Promise<AppConfig>;
  getChargerConfig(): Promise<ChargerConfig>;
  /** true when the station applied it (`result: true`), false when it answered `result: false`. */
  setDynamicCurrent(currentA: number, relayMode?: RelayMode): Promise<boolean>;
  startCharging(tag: string): Promise<boolean>;
  stopCharging(): Promise<boolean>;
  /** Fails the request in flight and every queued one (as 'aborted'); later requests run as usual. */
  abortPending(): void;
  close(): void;
}

export interface LektricoClientOptions {
  /** "192.168.1.20", "lektrico-1p7k-500006.local" or "127.0.0.1:8080". */
  host: string;
  /** HTTP Basic credentials; sent only when username is not empty. */
  username?: string;
  password?: string;
  timeoutMs?: number;
  /** The `src` of every frame; the station echoes it as `dst`. */
  callerName?: string;
}

/**
 * The local HTTP API of one LEKTRI.CO station: reads are `GET /rpc/<method>`, writes are POST
 * /rpc JSON-RPC frames. One request in flight at a time (an ESP-class device), each with a
 * timeout; replies without an application/json content type are rejected (as lektricowifi does).
 * `abortPending()` fails the request in flight and every queued one; `close()` also refuses every
 * later one.
 */
export class LektricoClient implements StationApi {
  private readonly http: AxiosInstance;
  private readonly agent: http.Agent;
  private abort = new AbortController();
  private closed = false;
  private readonly callerName: string;
  private readonly timeoutMs: number;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 10_000_000 + Math.floor(Math.random() * 80_000_000);

  constructor(options: LektricoClientOptions) {
    this.callerName = options.callerName ?? DEFAULT_CALLER_NAME;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    // No keep-alive: the device has few sockets, and nothing stays open after close().
    this.agent = new http.Agent({ keepAlive: false, maxSockets: 1 });
    this.http = axios.create({
      baseURL: `http://${options.host}`,
      httpAgent: this.agent,
      proxy: false,
      maxRedirects: 0,
      maxContentLength: MAX_REPLY_BYTES,
      auth: options.username ? { username: options.username, password: options.password ?? '' } : undefined,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
    });
  }

  /** GET /rpc/<method>: the bare result object. */
  read(method: string): Promise<unknown> {
    return this.serialise((signal) => this.request(signal, method, 'GET', `/rpc/${method}`));
  }

  /** POST /rpc {src, id, method, params}: the frame's result, or a LektricoRpcError. */
  call(method: string, params?: Record<string, unknown>): Promise<unknown> {
    return this.serialise(async (signal) => {
      const id = this.takeId();
      const body = await this.request(signal, method, 'POST', '/rpc', buildRequestFrame(this.callerName, id, method, params));
      return decodeReplyFrame(method, body, id);
    });
  }

  async getDeviceId(): Promise<string> {
    return parseDeviceId(await this.read(LEKTRICO_METHODS.deviceId));
  }
  async getChargerInfo(): Promise<ChargerInfo> {
    return parseChargerInfo(await this.read(LEKTRICO_METHODS.chargerInfo));
  }
  async getDynamicCurrent(): Promise<DynamicCurrentReading> {
    return parseDynamicCurrent(await this.read(LEKTRICO_METHODS.dynamicCurrent));
  }
  async getActiveErrors(): Promise<string[]> {
    return parseActiveErrors(await this.read(LEKTRICO_METHODS.activeErrors));
  }
  async getAppConfig(): Promise<AppConfig> {
    return parseAppConfig(await this.read(LEKTRICO_METHODS.appConfig));
  }
  async getChargerConfig(): Promise<ChargerConfig> {
    return parseChargerConfig(await this.read(LEKTRICO_METHODS.chargerConfig));
  }

  /**
   * dynamic_current.set: 0 pauses, 6…32 A allows charging at that limit. With a relay mode
   * (3P22K) the current is always sent along, as the firmware expects. Anything else is refused
   * here, before a byte is sent: this is the last guard of the {0} ∪ [6, 32] integer invariant.
   */
  async setDynamicCurrent(currentA: number, relayMode?: RelayMode): Promise<boolean> {
    if (!isStationCurrent(currentA)) {
      throw new RangeError(`dynamic current ${String(currentA)} A not sent: only 0 or an integer 6…32 A is allowed`);
    }
    if (relayMode !== undefined && !isRelayMode(relayMode)) {
      throw new RangeError(`relay_mode ${String(relayMode)} not sent: only 1 or 3 is allowed`);
    }
    const result =
      relayMode === undefined
        ? await this.call(LEKTRICO_METHODS.setDynamicCurrent, { dynamic_current: currentA })
        : await this.call(LEKTRICO_METHODS.setDynamicCurrentAndRelay, { dynamic_current: currentA, relay_mode: relayMode });
    return result === true;
  }

  /** charge.start {tag}: starts or authorises a session. */
  async startCharging(tag: string): Promise<boolean> {
    return (await this.call(LEKTRICO_METHODS.chargeStart, { tag })) === true;
  }

  /** charge.stop: ends the session (to pause, set the dynamic current to 0 instead). */
  async stopCharging(): Promise<boolean> {
    return (await this.call(LEKTRICO_METHODS.chargeStop)) === true;
  }

  abortPending(): void {
    this.abort.abort();
    // Requests made from now on get a fresh signal; the queued ones still see the aborted one.
    this.abort = new AbortController();
  }

  close(): void {
    this.closed = true;
    this.abort.abort();
    this.agent.destroy();
  }

  private takeId(): number {
    this.nextId = this.nextId >= 99_999_999 ? 10_000_000 : this.nextId + 1;
    return this.nextId;
  }

  private serialise<T>(task: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const signal = this.abort.signal; // the signal of when it was asked: abortPending() fails it
    const run = (): Promise<T> => {
      if (this.closed || signal.aborted) return Promise.reject(new LektricoTransportError('aborted', 'client closed'));
      return task(signal);
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async request(signal: AbortSignal, method: string, verb: 'GET' | 'POST', url: string, body?: unknown): Promise<unknown> {
    let response;
    try {
      // The whole request counts against the timeout, the body too (a station may stall mid-reply).
      response = await withDeadline((deadline) => this.http.request<string>({ method: verb, url, data: body, signal: deadline }), {
        timeoutMs: this.timeoutMs,
        onTimeout: () => new LektricoTransportError('timeout', `${method}: no reply (timeout)`),
        parent: signal,
      });
    } catch (err) {
      throw err instanceof LektricoTransportError ? err : transportErrorOf(method, err, signal.aborted);
    }
    if (response.status === 401 || response.status === 403) {
      throw new LektricoTransportError('auth', `${method}: HTTP ${response.status} (check the credentials)`, response.status);
    }
    if (response.status < 200 || response.status > 299) {
      throw new LektricoTransportError('http', `${method}: HTTP ${response.status}`, response.status);
    }
    const contentType = String(response.headers['content-type'] ?? '');
    if (!contentType.toLowerCase().includes('application/json')) {
      throw new LektricoTransportError('content-type', `${method}: reply is ${contentType || 'without content type'}, not application/json`);
    }
    try {
      return JSON.parse(typeof response.data === 'string' ? response.data : String(response.data));
    } catch {
      throw new LektricoTransportError('protocol', `${method}: reply is not valid JSON`);
    }
  }
}

function transportErrorOf(method: string, err: unknown, aborted: boolean): LektricoTransportError {
  if (aborted || axios.isCancel(err)) return new LektricoTransportError('aborted', `${method}: client closed`);
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  if (code === 'ETIMEDOUT' || code === 'ECONNABORTED') return new LektricoTransportError('timeout', `${method}: no reply (timeout)`);
  if (code === 'ERR_BAD_RESPONSE' && /maxContentLength/.test(err instanceof Error ? err.message : '')) {
    return new LektricoTransportError('protocol', `${method}: reply larger than ${MAX_REPLY_BYTES} bytes, not a station's`);
  }
  const reason = typeof code === 'string' ? code : err instanceof Error ? err.message : String(err);
  return new LektricoTransportError('network', `${method}: ${reason}`);
}
