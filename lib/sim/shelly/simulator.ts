import type * as http from 'node:http';
import type { Duplex } from 'node:stream';
import { systemClock, type Clock } from '../../clock';
import { createIdentity, shellyInfo, type DeviceIdentity } from './device-identity';
import { DigestGuard } from './digest-guard';
import { familyOf, meteringKindOf, type FamilyDefinition, type MeterProfile, type MeteringKind, type SimulatedShellyModel } from './families';
import { checkFault, MALFORMED_JSON_TEXT, replyUnderFault, type SimulatedFault } from './faults';
import { handleGen1Request, type Gen1HttpDevice } from './gen1-http';
import { gen1Status } from './gen1-status';
import { sendJson, sendText } from './http-reply';
import { LOOPBACK_HOST, LoopbackHttpServer } from './loopback-http-server';
import { serviceInstances } from './mdns-records';
import { DEFAULT_MDNS_PORT, MdnsResponder } from './mdns-responder';
import { completeSetting, type PointSetting } from './measuring-point';
import { MeterState } from './meter-state';
import type { FrameContext } from './rpc-frames';
import { handleRpcRequest } from './rpc-http';
import { RpcMethods } from './rpc-methods';
import { meteringComponents, rpcConfig, rpcStatus } from './rpc-status';
import { SimulatorStats } from './simulator-stats';
import type { Json } from './json';
import type { StatusContext } from './status-context';
import { DEFAULT_NOTIFY_THRESHOLD, StatusNotifier, type NotifyThreshold, type StatusSnapshot } from './status-notifier';
import { TimerSet } from './timer-set';
import { WsRpcChannel } from './ws-rpc-channel';

export interface ShellySimulatorOptions {
  model: SimulatedShellyModel;
  /** Pro 3EM and 3EM-63 Gen3 only; default triphase. */
  profile?: MeterProfile;
  /** 0 = any free port (default). Always on 127.0.0.1. */
  port?: number;
  /** Enables auth: Gen1 HTTP Basic with `username`; Gen2+ Digest (user always admin). Empty = no auth. */
  password?: string;
  /** Gen1 only; default 'admin'. */
  username?: string;
  /** 12 hex digits; default: generated, unique within the process. */
  mac?: string;
  name?: string;
  /** Firmware version, e.g. '1.7.5' (Gen2+) or '1.14.0' (Gen1). */
  firmware?: string;
  /** Default systemClock. Energy counters, uptime, nonces and notification time stamps follow it. */
  clock?: Clock;
  /** Gen2+: also push every metering component at this real-time cadence (default: only on changes). */
  notifyIntervalMs?: number;
  /** Gen2+: when a power change is notified (default 10 W or 5 %). */
  notifyThreshold?: Partial<NotifyThreshold>;
  /** Answer mDNS on 127.0.0.1 (UDP port default 5353). */
  mdns?: { port?: number };
}

/** How often the minute-aligned energy notification is checked, in real time. */
const MINUTE_CHECK_PERIOD_MS = 1000;

/**
 * A Shelly energy meter on a real socket: `GET /shelly`, the Gen1 REST API or the Gen2+ RPC
 * API over HTTP and WebSocket (with notifications), authentication, optional mDNS, and fault
 * injection. All families share this class; they differ only in their row of families.ts.
 */
export class ShellySimulator {
  readonly model: SimulatedShellyModel;
  readonly id: string;
  readonly generation: number;
  /** 12 upper-case hex digits. */
  readonly mac: string;
  readonly profile?: MeterProfile;
  readonly stats = new SimulatorStats();

  private readonly family: FamilyDefinition;
  private readonly identity: DeviceIdentity;
  private readonly kind: MeteringKind;
  private readonly clock: Clock;
  private readonly startedMs: number;
  private readonly meter: MeterState;
  private readonly timers = new TimerSet();
  private readonly password?: string;
  private readonly gen1Device?: Gen1HttpDevice;
  private readonly frames?: FrameContext;
  private readonly ws?: WsRpcChannel;
  private readonly notifier?: StatusNotifier;
  private changeSerial = 1;
  private fault?: SimulatedFault;
  private http?: LoopbackHttpServer;
  private mdns?: MdnsResponder;
  private offline = false;
  private stopped = false;

  private constructor(private readonly options: ShellySimulatorOptions) {
    if (options.notifyIntervalMs !== undefined && !(Number.isFinite(options.notifyIntervalMs) && options.notifyIntervalMs > 0)) {
      throw new RangeError(`notifyIntervalMs must be a positive number, got ${String(options.notifyIntervalMs)}`);
    }
    this.family = familyOf(options.model);
    this.identity = createIdentity(this.family, options);
    this.model = this.family.model;
    this.id = this.identity.id;
    this.generation = this.family.generation;
    this.mac = this.identity.mac;
    this.profile = this.identity.profile;
    this.kind = meteringKindOf(this.family, this.profile);
    this.clock = options.clock ?? systemClock;
    this.startedMs = this.clock();
    this.meter = new MeterState(this.family.points, this.clock, this.family.fields.signedPower);
    this.password = options.password ? options.password : undefined;

    if (this.generation === 1) {
      const login = this.password === undefined ? undefined : { username: options.username ?? 'admin', password: this.password };
      this.gen1Device = { statusContext: () => this.statusContext(), login, stats: this.stats };
      return;
    }
    this.frames = {
      deviceId: this.id,
      methods: new RpcMethods(
        { deviceInfo: () => this.deviceInfo(), status: () => this.status(), config: () => rpcConfig(this.statusContext()) },
        Object.keys(this.status()),
      ),
      guard: this.password === undefined ? undefined : new DigestGuard(this.id, this.password, this.clock),
      stats: this.stats,
    };
    this.ws = new WsRpcChannel({ frames: this.frames, fault: () => this.fault, timers: this.timers });
    const threshold = { ...DEFAULT_NOTIFY_THRESHOLD, ...options.notifyThreshold };
    this.notifier = new StatusNotifier(() => this.snapshot(), (method, params) => this.ws!.notify(method, params), this.clock, threshold);
  }

  static async start(options: ShellySimulatorOptions): Promise<ShellySimulator> {
    const simulator = new ShellySimulator(options);
    try {
      await simulator.goOnline(options.port ?? 0);
    } catch (err) {
      await simulator.stop();
      throw err;
    }
    return simulator;
  }

  get port(): number {
    return this.http?.port ?? 0;
  }

  /** TCP connections open now (HTTP and WebSocket), for leak checks. */
  get openConnections(): number {
    return this.http?.openConnections ?? 0;
  }

  /** '127.0.0.1:<port>' */
  get host(): string {
    return `${LOOPBACK_HOST}:${this.port}`;
  }

  /** Three-phase families: phases A, B, C; the others: channels 0..n-1. Fewer entries leave the rest unchanged. */
  setPhases(phases: PointSetting[]): void {
    if (phases.length > this.meter.pointCount) {
      throw new RangeError(`${this.model} has ${this.meter.pointCount} measuring point(s), got ${phases.length} values`);
    }
    phases.forEach((phase) => completeSetting(phase)); // all valid, or nothing changes
    phases.forEach((phase, i) => this.meter.set(i, phase));
    this.valuesChanged();
  }

  setChannel(index: number, values: PointSetting): void {
    this.meter.set(index, values);
    this.valuesChanged();
  }

  /** What GET /status (Gen1) or Shelly.GetStatus (Gen2+) returns now. */
  status(): Json {
    const ctx = this.statusContext();
    return this.generation === 1 ? gen1Status(ctx) : rpcStatus(ctx);
  }

  /** The body of GET /shelly. */
  deviceInfo(): Json {
    return shellyInfo(this.identity, this.password !== undefined);
  }

  /** Gen2+: NotifyFullStatus to every subscribed WebSocket client (Gen1: nothing). */
  sendFullStatus(): void {
    this.notifier?.fullStatus();
  }

  /**
   * Gen2+: sends the minute-aligned energy notification now if the clock entered a new minute
   * (a real-time poll does this every second; call it right after moving a ManualClock).
   */
  tick(): void {
    this.notifier?.tick();
  }

  setFault(fault: SimulatedFault): void {
    this.fault = checkFault(fault);
  }

  clearFault(): void {
    this.fault = undefined;
  }

  dropWebSockets(): void {
    this.ws?.dropAll();
  }

  stallWebSockets(stalled: boolean): void {
    this.ws?.setStalled(stalled);
  }

  /**
   * Offline: the listening socket closes (clients get ECONNREFUSED), every connection ends,
   * mDNS goes quiet. Back online, it listens on the same port number again; nothing holds the
   * port meanwhile, which is safe in practice because the kernel hands out free ports in rotation.
   */
  async setOffline(offline: boolean): Promise<void> {
    if (this.stopped || offline === this.offline) return;
    if (offline) {
      this.offline = true;
      await this.goOffline();
    } else {
      await this.goOnline(this.port);
      this.offline = false;
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.goOffline();
    await this.ws?.close();
  }

  private async goOnline(port: number): Promise<void> {
    if (this.http) await this.http.reopen();
    else this.http = await LoopbackHttpServer.start(port, (req, res) => this.onRequest(req, res), (req, socket, head) => this.onUpgrade(req, socket, head));
    if (this.options.mdns) {
      this.mdns = await MdnsResponder.start({
        udpPort: this.options.mdns.port ?? DEFAULT_MDNS_PORT,
        instances: () => serviceInstances(this.identity),
        httpPort: () => this.port,
      });
    }
    if (this.notifier) {
      this.timers.setInterval(() => this.notifier!.tick(), MINUTE_CHECK_PERIOD_MS);
      if (this.options.notifyIntervalMs) this.timers.setInterval(() => this.notifier!.pushAll(), this.options.notifyIntervalMs);
    }
  }

  private async goOffline(): Promise<void> {
    this.timers.clearAll();
    this.ws?.dropAll();
    const mdns = this.mdns;
    this.mdns = undefined;
    await Promise.all([this.http?.close(), mdns?.stop()]);
  }

  private valuesChanged(): void {
    this.changeSerial++;
    this.notifier?.valuesChanged();
  }

  private statusContext(): StatusContext {
    const nowMs = this.clock();
    return {
      identity: this.identity, kind: this.kind, points: this.meter.points(), nowMs, startedMs: this.startedMs, changeSerial: this.changeSerial,
    };
  }

  private snapshot(): StatusSnapshot {
    const ctx = this.statusContext();
    return { components: meteringComponents(ctx), status: rpcStatus(ctx) };
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', `http://${LOOPBACK_HOST}`);
    this.stats.count(`${req.method ?? 'GET'} ${url.pathname}`);
    replyUnderFault(this.fault, this.timers, {
      normal: () => this.route(req, res, url),
      serverError: () => sendText(res, 500, 'Internal Server Error'),
      malformed: () => sendText(res, 200, MALFORMED_JSON_TEXT, 'application/json'),
    });
  }

  private route(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    if (url.pathname === '/shelly') return sendJson(res, 200, this.deviceInfo()); // never needs auth
    if (this.gen1Device) return handleGen1Request(this.gen1Device, req, res, url);
    handleRpcRequest(this.frames!, req, res, url).catch((err: Error) => {
      if (!res.headersSent) sendText(res, 500, `simulator error: ${err.message}`);
      else res.destroy();
    });
  }

  private onUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const pathname = new URL(req.url ?? '/', `http://${LOOPBACK_HOST}`).pathname;
    if (!this.ws || pathname !== '/rpc') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.ws.handleUpgrade(req, socket, head);
  }
}
