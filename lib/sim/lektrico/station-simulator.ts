import * as http from 'node:http';
import type { Socket } from 'node:net';
import type { MdnsOptions } from '../../mdns/socket';
import { MdnsAnnouncer } from './mdns-announcer';
import { RpcFault, StationModel, type StationModelOptions } from './station-model';

/**
 * Faults the simulator can inject into its replies, for the next `count` matching requests
 * (default 1; Infinity = until cleared). `method` limits a fault to one RPC method.
 */
export type SimFault = (
  | { kind: 'http-500' }
  | { kind: 'html' } // 200 with text/html, as a captive page or a proxy would give
  | { kind: 'bad-json' } // application/json that does not parse
  | { kind: 'hang' } // accepts the request and never answers
  | { kind: 'drop' } // closes the connection without a reply
  | { kind: 'trickle' } // sends the headers at once, then the body a byte at a time, never ending it
  | { kind: 'oversized' } // a JSON reply of 2 MB, more than any station sends
  | { kind: 'rpc-error'; code: number; message?: string } // an error frame instead of the result
  | { kind: 'result-false' } // `result: false`: not applied
) & { method?: string; count?: number };

/** One request as the simulator received it (tests count and inspect them). */
export interface SimCall {
  at: number;
  http: 'GET' | 'POST';
  method: string;
  params?: unknown;
  /** The POST frame as received. */
  frame?: Record<string, unknown>;
}

export interface StationSimulatorOptions extends StationModelOptions {
  /** Require HTTP Basic with these credentials (401 otherwise). */
  credentials?: { username: string; password: string };
  /** Announce `Lektrico-<type>-<serial>` over mDNS on this interface (loopback only). */
  mdns?: MdnsOptions;
}

const JSON_TYPE = 'application/json';
const MAX_BODY_BYTES = 16 * 1024;
const TRICKLE_INTERVAL_MS = 50;
const OVERSIZED_REPLY_BYTES = 2 * 1024 * 1024;

/**
 * A LEKTRI.CO station on 127.0.0.1 speaking the real local API (GET /rpc/<method>, POST /rpc
 * frames), backed by a StationModel with a car. It records every request, can be switched off
 * (connections are reset at once, and counted), rebooted (volatile settings lost), and made to
 * fail in the ways real devices and networks do.
 */
export class StationSimulator {
  readonly model: StationModel;
  readonly calls: SimCall[] = [];
  /** Connections refused while switched off. */
  offlineAttempts = 0;
  /** The most requests it ever had open at once (a real unit copes with few). */
  peakConcurrentRequests = 0;
  private openRequests = 0;

  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly faults: Array<SimFault & { left: number }> = [];
  private readonly credentials?: { username: string; password: string };
  private readonly mdnsOptions?: MdnsOptions;
  private announcer?: MdnsAnnouncer;
  private offline = false;
  private boundPort = 0;

  constructor(options: StationSimulatorOptions = {}) {
    this.model = new StationModel(options);
    this.credentials = options.credentials;
    this.mdnsOptions = options.mdns;
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (socket: Socket) => {
      if (this.offline) {
        this.offlineAttempts += 1;
        socket.destroy();
        return;
      }
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Listens on 127.0.0.1 (port 0 = any free port, or a given one to come back on the same address). */
  async start(port = 0): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.boundPort = (this.server.address() as { port: number }).port;
    if (this.mdnsOptions) {
      this.announcer = new MdnsAnnouncer(
        {
          instance: `Lektrico-${this.model.type}-${this.model.serial}`,
          port: this.boundPort,
          address: '127.0.0.1',
          txt: { id: this.model.deviceId, fw_id: `20250101-120000/v${this.model.firmware}-0-gsim` },
        },
        this.mdnsOptions,
      );
      await this.announcer.start();
    }
  }

  /** Closes the server, every open connection (hanging ones included) and the mDNS responder. */
  async stop(): Promise<void> {
    await this.announcer?.stop();
    this.announcer = undefined;
    this.dropConnections();
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get port(): number {
    return this.boundPort;
  }
  /** "127.0.0.1:<port>", as the station node's host setting. */
  get host(): string {
    return `127.0.0.1:${this.boundPort}`;
  }
  get deviceId(): string {
    return this.model.deviceId;
  }
  /** TCP connections open now, for leak checks (the station node keeps none between requests). */
  get openConnections(): number {
    return this.sockets.size;
  }

  /** Switched off: every connection is reset; back on: answers again with its state kept. */
  setOffline(offline: boolean): void {
    this.offline = offline;
    if (offline) this.dropConnections();
  }

  /** Power cycle: volatile settings (dynamic_current, relay_mode) back to boot values, connections dropped. */
  reboot(): void {
    this.model.reboot();
    this.dropConnections();
  }

  injectFault(fault: SimFault): void {
    this.faults.push({ ...fault, left: fault.count ?? 1 });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  /** The POST frames received for a method (case-insensitive), e.g. every dynamic_current.set. */
  framesOf(method: string): SimCall[] {
    const wanted = method.toLowerCase();
    return this.calls.filter((call) => call.http === 'POST' && call.method.toLowerCase() === wanted);
  }

  private dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  private takeFault(method: string): SimFault | undefined {
    const index = this.faults.findIndex(
      (f) => f.left > 0 && (f.method === undefined || f.method.toLowerCase() === method.toLowerCase()),
    );
    if (index < 0) return undefined;
    const fault = this.faults[index];
    fault.left -= 1;
    if (fault.left <= 0) this.faults.splice(index, 1);
    return fault;
  }

  private authorised(req: http.IncomingMessage): boolean {
    if (!this.credentials) return true;
    const header = req.headers.authorization ?? '';
    const expected = Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString('base64');
    return header === `Basic ${expected}`;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.openRequests += 1;
    this.peakConcurrentRequests = Math.max(this.peakConcurrentRequests, this.openRequests);
    res.on('close', () => (this.openRequests -= 1));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return this.reply(res, 413, 'text/plain', 'too large');
      if (!this.authorised(req)) {
        res.setHeader('WWW-Authenticate', 'Basic realm="lektrico"');
        return this.reply(res, 401, 'text/plain', 'unauthorized');
      }
      const path = (req.url ?? '/').split('?')[0];
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.method === 'GET' && path.startsWith('/rpc/')) return this.handleGet(decodeURIComponent(path.slice(5)), res);
      if (req.method === 'POST' && path === '/rpc') return this.handleFrame(body, res);
      if (req.method === 'POST' && path.startsWith('/rpc/')) return this.handleBareParams(decodeURIComponent(path.slice(5)), body, res);
      this.reply(res, 404, 'text/plain', 'not found');
    });
  }

  private handleGet(method: string, res: http.ServerResponse): void {
    this.calls.push({ at: this.model.clock(), http: 'GET', method });
    if (this.applyTransportFault(method, res)) return;
    const data = this.model.read(method);
    if (data === undefined) return this.reply(res, 404, 'text/plain', `No handler for ${method}`);
    this.reply(res, 200, JSON_TYPE, JSON.stringify(data));
  }

  /** POST /rpc {src, id, method, params} → {id, src, dst, result} or {id, src, dst, error}. */
  private handleFrame(body: string, res: http.ServerResponse): void {
    let frame: unknown;
    try {
      frame = JSON.parse(body);
    } catch {
      this.calls.push({ at: this.model.clock(), http: 'POST', method: '' });
      return this.sendFrame(res, { id: null, src: this.model.deviceId, error: { code: -2, message: 'Error bad JSON.' } });
    }
    const f = (typeof frame === 'object' && frame !== null ? frame : {}) as Record<string, unknown>;
    const method = typeof f.method === 'string' ? f.method : '';
    this.calls.push({ at: this.model.clock(), http: 'POST', method, params: f.params, frame: f });
    const envelope = { id: f.id ?? null, src: this.model.deviceId, dst: f.src ?? '' };
    if (this.applyTransportFault(method, res)) return;
    if (!method) return this.sendFrame(res, { ...envelope, error: { code: -2, message: 'Error missing key method.' } });
    const outcome = this.execute(method, f.params);
    this.sendFrame(res, { ...envelope, ...outcome });
  }

  /** POST /rpc/<method> with the bare params object (a variant some clients use): the bare result. */
  private handleBareParams(method: string, body: string, res: http.ServerResponse): void {
    let params: unknown;
    try {
      params = body.trim() === '' ? undefined : JSON.parse(body);
    } catch {
      return this.sendFrame(res, { error: { code: -2, message: 'Error bad JSON.' } });
    }
    this.calls.push({ at: this.model.clock(), http: 'POST', method, params });
    if (this.applyTransportFault(method, res)) return;
    const outcome = this.execute(method, params);
    this.sendFrame(res, 'result' in outcome ? outcome.result : outcome);
  }

  private execute(method: string, params: unknown): { result: unknown } | { error: { code: number; message: string } } {
    const fault = this.takeFault(method);
    if (fault?.kind === 'rpc-error') return { error: { code: fault.code, message: fault.message ?? 'Error.' } };
    if (fault?.kind === 'result-false') return { result: false };
    try {
      return { result: this.model.call(method, params) };
    } catch (err) {
      if (err instanceof RpcFault) return { error: { code: err.code, message: err.message } };
      return { error: { code: -1, message: 'Error general failure.' } };
    }
  }

  /** HTTP-level faults; RPC-level ones (rpc-error, result-false) are left for execute(). */
  private applyTransportFault(method: string, res: http.ServerResponse): boolean {
    const next = this.faults.find(
      (f) => f.left > 0 && (f.method === undefined || f.method.toLowerCase() === method.toLowerCase()),
    );
    if (!next || next.kind === 'rpc-error' || next.kind === 'result-false') return false;
    const fault = this.takeFault(method) as SimFault;
    switch (fault.kind) {
      case 'http-500':
        this.reply(res, 500, 'text/plain', 'internal error');
        return true;
      case 'html':
        this.reply(res, 200, 'text/html', '<html><body>Lektrico</body></html>');
        return true;
      case 'bad-json':
        this.reply(res, 200, JSON_TYPE, '{"charger_state": ');
        return true;
      case 'hang':
        return true;
      case 'drop':
        res.socket?.destroy();
        return true;
      case 'trickle': {
        res.writeHead(200, { 'Content-Type': JSON_TYPE });
        const drip = setInterval(() => res.write(' '), TRICKLE_INTERVAL_MS);
        res.on('close', () => clearInterval(drip)); // the client gave up, or stop() dropped the socket
        return true;
      }
      case 'oversized':
        this.reply(res, 200, JSON_TYPE, JSON.stringify({ padding: 'x'.repeat(OVERSIZED_REPLY_BYTES) }));
        return true;
      default:
        return false;
    }
  }

  private sendFrame(res: http.ServerResponse, body: unknown): void {
    this.reply(res, 200, JSON_TYPE, JSON.stringify(body));
  }

  private reply(res: http.ServerResponse, status: number, contentType: string, body: string): void {
    res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  }
}
