import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { systemClock, type Clock } from '../clock';
import { InputError } from '../input-error';
import { Backoff, DEFAULT_BACKOFF } from '../backoff';
import { detectChannels, meteringKeys, meteringStatus, type MeterChannel } from './channels';
import { parseShellyHost, rpcWebSocketUrl, type ShellyHost } from './host';
import { ShellyHttpClient, type ShellyCredentials } from './http-client';
import { identifyShelly, type ShellyIdentity } from './identify';
import type { ShellyReadingMeta, ShellyTransport } from './meter-reading';
import { RpcWebSocket } from './rpc-websocket';
import { ShellyError, asShellyError } from './shelly-error';
import { applyNotification, checkStatusDepth } from './status-merge';
import { httpStatusSource, webSocketStatusSource, type StatusSource } from './status-source';
import { definedOnly } from './defined-only';

export type TransportPreference = 'auto' | 'websocket' | 'http';

export interface ShellyConnectionOptions {
  /** ip, hostname or ip:port */
  host: string;
  credentials?: ShellyCredentials;
  /** Gen2+ only ('auto': WebSocket, falling back to HTTP polling); Gen1 always polls /status. */
  transport?: TransportPreference;
  /** How often the full status is fetched (also over the WebSocket, as notifications are threshold-based). */
  pollIntervalMs?: number;
  /** Deadline of one request; also how long a WebSocket may stay silent on a call before it counts as stalled. */
  requestTimeoutMs?: number;
  /** WebSocket ping interval; an unanswered ping at the next one means a stalled socket. */
  keepAliveMs?: number;
  backoff?: { initialMs: number; maxMs: number };
  /**
   * How long a connection must stay up before it counts as working: only then are the back-off
   * and the WebSocket failure count reset, so a device that answers and then drops the socket
   * is retried ever more slowly (and, in 'auto', polled over HTTP) instead of every second.
   */
  stableAfterMs?: number;
  /** In 'auto': WebSocket attempts that fail before staying up stableAfterMs, before falling back to HTTP polling. */
  webSocketFailuresBeforeHttp?: number;
  /** In 'auto', while polling over HTTP after a fallback: how often to check whether the WebSocket works again. */
  webSocketRetryMs?: number;
  clock?: Clock;
}

export const CONNECTION_DEFAULTS = {
  transport: 'auto' as TransportPreference,
  pollIntervalMs: 1000,
  requestTimeoutMs: 5000,
  keepAliveMs: 30_000,
  stableAfterMs: 30_000,
  webSocketFailuresBeforeHttp: 2,
  webSocketRetryMs: 5 * 60_000,
};

type ResolvedConnectionOptions = Required<Omit<ShellyConnectionOptions, 'credentials' | 'backoff' | 'clock' | 'host'>> & { host: ShellyHost };

/**
 * The options with defaults filled in; throws an InputError naming the first one that cannot
 * work (a config node calls this to report a bad configuration without connecting).
 */
export function resolveConnectionOptions(options: ShellyConnectionOptions): ResolvedConnectionOptions {
  const host = parseShellyHost(options.host);
  const merged = { ...CONNECTION_DEFAULTS, ...definedOnly(options) };
  for (const key of ['pollIntervalMs', 'requestTimeoutMs', 'keepAliveMs', 'stableAfterMs', 'webSocketRetryMs'] as const) {
    const value = merged[key];
    if (!(typeof value === 'number' && value > 0 && Number.isFinite(value))) {
      throw new InputError(`${key} must be a positive number of milliseconds (got ${String(value)})`);
    }
  }
  if (!['auto', 'websocket', 'http'].includes(merged.transport)) {
    throw new InputError(`transport must be auto, websocket or http (got ${String(merged.transport)})`);
  }
  if (options.backoff) new Backoff(options.backoff); // throws a RangeError with the reason
  return {
    host,
    transport: merged.transport,
    pollIntervalMs: merged.pollIntervalMs,
    requestTimeoutMs: merged.requestTimeoutMs,
    keepAliveMs: merged.keepAliveMs,
    stableAfterMs: merged.stableAfterMs,
    webSocketFailuresBeforeHttp: merged.webSocketFailuresBeforeHttp,
    webSocketRetryMs: merged.webSocketRetryMs,
  };
}

export interface ShellyReading {
  /** What the meter node emits as msg.payload: the status of the metering components. */
  payload: Record<string, unknown>;
  meta: ShellyReadingMeta;
}

export type ConnectionState =
  | { state: 'idle' }
  | { state: 'connecting'; attempt: number }
  | { state: 'connected'; identity: ShellyIdentity; transport: ShellyTransport }
  | { state: 'error'; error: ShellyError; retryInMs: number; identity?: ShellyIdentity }
  | { state: 'closed' };

/** A notification's device time is used only when plausible: a device with an unset clock must not age readings. */
const MAX_DEVICE_TIME_LAG_MS = 60_000;

/**
 * The client side of one Shelly meter: identifies the device (GET /shelly, again after every
 * reconnect, since another device may answer at the same address), picks the transport, keeps
 * the last full status (merging WebSocket NotifyStatus deltas, replacing on NotifyFullStatus),
 * polls it every pollIntervalMs with one request in flight, and emits
 *   'reading' (ShellyReading) for every fresh status (never a cached one with a new time), and
 *   'state'   (ConnectionState) on every change, with a reason a user can act on.
 * Any failure tears the transport down and retries after a capped, jittered exponential back-off,
 * which starts over only once a connection has stayed up stableAfterMs; failures that retrying
 * soon cannot fix (wrong password, not a Shelly, no meter) wait the cap.
 */
export class ShellyConnection extends EventEmitter {
  readonly host: ShellyHost;
  private readonly options: Omit<ResolvedConnectionOptions, 'host'>;
  private readonly credentials: ShellyCredentials;
  private readonly clock: Clock;
  private readonly backoff: Backoff;
  private readonly client: ShellyHttpClient;
  private readonly clientId = `lektrico-em-${randomBytes(4).toString('hex')}`;

  private current: ConnectionState = { state: 'idle' };
  /** Bumped on every attempt and teardown: callbacks of an older attempt see a different number and stop. */
  private epoch = 0;
  private attemptCount = 0;
  private source?: StatusSource;
  private identityValue?: ShellyIdentity;
  private status?: Record<string, unknown>;
  private channels: MeterChannel[] = [];
  private lastReadingValue?: ShellyReading;
  /** Timestamp of the last reading emitted: the next one is always later. */
  private lastTimestamp = -Infinity;
  private polling = false;
  private pollStartedAt = 0;
  private webSocketFailures = 0;
  /** When the current connection reached 'connected'; undefined while there is none. */
  private connectedAt?: number;
  private pollTimer?: NodeJS.Timeout;
  private retryTimer?: NodeJS.Timeout;
  private probeTimer?: NodeJS.Timeout;
  private probe?: RpcWebSocket;

  /** Throws an InputError for a host or an option that cannot work. */
  constructor(options: ShellyConnectionOptions) {
    super();
    const { host, ...resolved } = resolveConnectionOptions(options);
    this.host = host;
    this.options = resolved;
    this.credentials = { ...options.credentials };
    this.clock = options.clock ?? systemClock;
    this.backoff = new Backoff(options.backoff ?? DEFAULT_BACKOFF);
    this.client = new ShellyHttpClient({ host: this.host, credentials: this.credentials, timeoutMs: this.options.requestTimeoutMs });
  }

  get state(): ConnectionState {
    return this.current;
  }

  get identity(): ShellyIdentity | undefined {
    return this.identityValue;
  }

  get lastReading(): ShellyReading | undefined {
    return this.lastReadingValue;
  }

  override on(event: 'reading', listener: (reading: ShellyReading) => void): this;
  override on(event: 'state', listener: (state: ConnectionState) => void): this;
  override on(event: string | symbol, listener: (...args: any[]) => void): this {
    return super.on(event, listener);
  }

  /** Starts connecting (once; later calls do nothing). */
  start(): void {
    if (this.current.state !== 'idle') return;
    void this.attempt();
  }

  /** Fetches the status now (when connected and no request is in flight); the result comes as a 'reading'. */
  refresh(): void {
    if (this.current.state !== 'connected' || this.polling) return;
    this.clearTimer('pollTimer');
    void this.poll(this.epoch);
  }

  /** Ends every socket, request and timer. The connection cannot be restarted. */
  close(): void {
    if (this.current.state === 'closed') return;
    this.epoch += 1;
    this.teardown();
    this.clearTimer('retryTimer');
    this.client.close();
    this.setState({ state: 'closed' });
  }

  // ---- connecting ----

  private async attempt(): Promise<void> {
    const epoch = ++this.epoch;
    this.attemptCount += 1;
    this.setState({ state: 'connecting', attempt: this.attemptCount });
    let source: StatusSource | undefined;
    try {
      const identity = await this.identify();
      if (epoch !== this.epoch) return;
      this.identityValue = identity;
      this.client.deviceLabel = identity.id;
      if (identity.authRequired && !this.credentials.password) {
        throw new ShellyError('auth', identity.id, 'authentication is on: set the password in the device config node');
      }
      source = this.createSource(identity, epoch);
      this.source = source;
      this.status = undefined;
      await source.open();
      if (epoch !== this.epoch) return;
      this.polling = true;
      this.pollStartedAt = this.clock();
      const status = await source.fetchStatus();
      this.polling = false;
      if (epoch !== this.epoch) return;
      this.accept(status, undefined);
      if (epoch !== this.epoch) return; // a listener closed the connection
      this.connectedAt = this.clock();
      this.setState({ state: 'connected', identity, transport: source.transport });
      this.schedulePoll(epoch);
      if (this.options.transport === 'auto' && source.transport === 'rpc-http') this.scheduleWebSocketProbe(epoch);
    } catch (err) {
      this.polling = false;
      this.fail(epoch, err, source);
    }
  }

  private async identify(): Promise<ShellyIdentity> {
    this.client.deviceLabel = this.host.display;
    const body = await this.client.getJson('/shelly', true);
    try {
      return identifyShelly(body);
    } catch (err) {
      const reason = err instanceof Error ? err.message.replace(/^not a Shelly: (GET \/shelly )?/, '') : String(err);
      throw new ShellyError('not-shelly', `GET /shelly at ${this.host.display}`, `not a Shelly (${reason})`);
    }
  }

  private createSource(identity: ShellyIdentity, epoch: number): StatusSource {
    if (identity.api === 'gen1') return httpStatusSource(this.client, 'gen1-http');
    const preference = this.options.transport;
    const useHttp =
      preference === 'http' || (preference === 'auto' && this.webSocketFailures >= this.options.webSocketFailuresBeforeHttp);
    if (useHttp) return httpStatusSource(this.client, 'rpc-http');
    return webSocketStatusSource({
      url: rpcWebSocketUrl(this.host),
      deviceLabel: identity.id,
      password: this.credentials.password,
      clientId: this.clientId,
      requestTimeoutMs: this.options.requestTimeoutMs,
      keepAliveMs: this.options.keepAliveMs,
      onNotification: (_method, frame) => {
        if (epoch === this.epoch) this.onNotification(frame);
      },
      onFailure: (err) => this.fail(epoch, err, this.source),
    });
  }

  private fail(epoch: number, err: unknown, source: StatusSource | undefined): void {
    if (epoch !== this.epoch || this.current.state === 'closed') return;
    this.epoch += 1; // every callback of the failed attempt is now stale
    const error = asShellyError(err);
    // A connection that dropped soon after it came up counts as failed, however well it started.
    const stayedUp = this.connectedAt !== undefined && this.clock() - this.connectedAt >= this.options.stableAfterMs;
    if (stayedUp) this.backoff.reset();
    if (source?.transport === 'rpc-websocket') {
      if (stayedUp) this.webSocketFailures = 0;
      else if (!error.slowRetry) this.webSocketFailures += 1;
    }
    this.teardown();
    const retryInMs = error.slowRetry ? this.backoff.longest() : this.backoff.next();
    // The retry is armed before the state is told: a listener may close the connection on hearing
    // of the failure (a one-shot probe does), and close() must find the timer to cancel it.
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.attempt();
    }, retryInMs);
    this.setState({ state: 'error', error, retryInMs, identity: this.identityValue });
  }

  private teardown(): void {
    this.connectedAt = undefined;
    this.clearTimer('pollTimer');
    this.clearTimer('probeTimer');
    this.probe?.close();
    this.probe = undefined;
    this.source?.close();
    this.source = undefined;
    this.polling = false;
  }

  // ---- readings ----

  private schedulePoll(epoch: number): void {
    const elapsedMs = this.clock() - this.pollStartedAt;
    const delayMs = Math.max(0, this.options.pollIntervalMs - elapsedMs);
    this.pollTimer = setTimeout(() => {
      this.pollTimer = undefined;
      void this.poll(epoch);
    }, delayMs);
  }

  private async poll(epoch: number): Promise<void> {
    const source = this.source;
    if (epoch !== this.epoch || !source || this.polling) return;
    this.polling = true;
    this.pollStartedAt = this.clock();
    try {
      const status = await source.fetchStatus();
      if (epoch !== this.epoch) return;
      this.polling = false;
      this.accept(status, undefined);
      if (epoch === this.epoch) this.schedulePoll(epoch); // unless a listener closed the connection
    } catch (err) {
      this.fail(epoch, err, source);
    }
  }

  /** A notification that cannot be applied (e.g. nested too deep to merge) fails the connection like a bad reply. */
  private onNotification(frame: Record<string, unknown>): void {
    try {
      const outcome = applyNotification(this.status, frame);
      if (outcome.kind === 'ignored') return;
      if (outcome.kind === 'delta') {
        const touched = new Set(meteringKeys(this.channels));
        if (!outcome.components.some((key) => touched.has(key))) {
          this.status = outcome.status; // nothing metered changed: keep it, emit nothing
          return;
        }
      }
      this.accept(outcome.status, outcome.deviceTimeMs);
    } catch (err) {
      this.fail(this.epoch, err, this.source);
    }
  }

  /** Takes a full (or merged) status as the current one and emits it; throws 'no-meter' when nothing is metered, a RangeError when it nests too deep. */
  private accept(status: Record<string, unknown>, deviceTimeMs: number | undefined): void {
    const identity = this.identityValue!;
    const source = this.source!;
    checkStatusDepth(status); // what a full status nests goes on in every reading, to nodes that copy it recursively
    const channels = detectChannels(status, { model: identity.model, profile: identity.profile });
    if (channels.length === 0) {
      const components = Object.keys(status).slice(0, 8).join(', ') || 'nothing';
      throw new ShellyError('no-meter', `${identity.id} (${identity.modelName})`, `no metering component in the status (it has: ${components})`);
    }
    this.status = status;
    this.channels = channels;
    const receivedAt = this.clock();
    const plausible = deviceTimeMs !== undefined && deviceTimeMs > receivedAt - MAX_DEVICE_TIME_LAG_MS;
    // Readings go out in arrival order, stamped by the device's clock (10 ms steps) or by ours:
    // the two can disagree by a few ms, so a later reading could look older than the one before,
    // or simultaneous, which the load balancer refuses as out of order. It is then 1 ms later.
    const timestamp = Math.max(plausible ? Math.min(deviceTimeMs, receivedAt) : receivedAt, this.lastTimestamp + 1);
    this.lastTimestamp = timestamp;
    const reading: ShellyReading = {
      payload: meteringStatus(status, channels),
      meta: {
        ...identity,
        host: this.host.display,
        transport: source.transport,
        channels,
        timestamp,
        receivedAt,
      },
    };
    this.lastReadingValue = reading;
    this.emit('reading', reading);
  }

  // ---- WebSocket comeback after a fallback to HTTP ----

  private scheduleWebSocketProbe(epoch: number): void {
    this.probeTimer = setTimeout(() => {
      this.probeTimer = undefined;
      if (epoch !== this.epoch) return;
      const probe = new RpcWebSocket({
        url: rpcWebSocketUrl(this.host),
        deviceLabel: this.identityValue?.id ?? this.host.display,
        clientId: this.clientId,
        requestTimeoutMs: this.options.requestTimeoutMs,
        keepAliveMs: this.options.keepAliveMs,
        onNotification: () => undefined,
        onFailure: () => undefined,
      });
      this.probe = probe;
      // Opening is not enough (a hung firmware still completes handshakes): it must answer a call.
      // Shelly.GetDeviceInfo never needs auth.
      probe.open().then(() => probe.call('Shelly.GetDeviceInfo')).then(
        () => {
          probe.close();
          if (epoch !== this.epoch) return;
          // The WebSocket answers again: reconnect over it (quietly, without an error state).
          this.webSocketFailures = 0;
          this.epoch += 1;
          this.teardown();
          void this.attempt();
        },
        () => {
          probe.close();
          if (epoch === this.epoch) this.scheduleWebSocketProbe(epoch);
        },
      );
    }, this.options.webSocketRetryMs);
  }

  // ---- plumbing ----

  private setState(state: ConnectionState): void {
    this.current = state;
    this.emit('state', state);
  }

  private clearTimer(name: 'pollTimer' | 'retryTimer' | 'probeTimer'): void {
    const timer = this[name];
    if (timer) clearTimeout(timer);
    this[name] = undefined;
  }
}
