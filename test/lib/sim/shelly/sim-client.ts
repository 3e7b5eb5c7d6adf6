import * as http from 'node:http';
import WebSocket from 'ws';
import { detectChannels } from '../../../../lib/shelly/channels';
import { ShellySimulator, type ShellySimulatorOptions } from '../../../../lib/sim/shelly';

/** Minimal test-side clients for the simulators: plain node:http (no pooling) and ws. */

export interface HttpReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export function request(
  host: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<HttpReply> {
  const [hostname, port] = host.split(':');
  return new Promise((resolve, reject) => {
    const req = http.request(
      { hostname, port: Number(port), path, method: options.method ?? 'GET', headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(options.timeoutMs ?? 5000, () => req.destroy(new Error(`timeout after ${options.timeoutMs ?? 5000} ms`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

export async function getJson(host: string, path: string, headers?: Record<string, string>): Promise<any> {
  const reply = await request(host, path, { headers });
  if (reply.status !== 200) throw new Error(`GET ${path}: HTTP ${reply.status} ${reply.text}`);
  return JSON.parse(reply.text);
}

export async function postJson(host: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpReply> {
  return request(host, path, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...headers } });
}

/** A WebSocket client that queues every incoming frame so tests can await the next matching one. */
export class WsClient {
  readonly frames: any[] = [];
  private waiters: Array<{ predicate: (frame: any) => boolean; resolve: (frame: any) => void }> = [];
  readonly closed: Promise<void>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      let frame: unknown;
      try {
        frame = JSON.parse(data.toString());
      } catch {
        frame = { unparsable: data.toString() };
      }
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => {
        if (!w.predicate(frame)) return true;
        w.resolve(frame);
        return false;
      });
    });
    this.closed = new Promise((resolve) => socket.on('close', () => resolve()));
  }

  static open(host: string): Promise<WsClient> {
    const socket = new WebSocket(`ws://${host}/rpc`);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new WsClient(socket)));
      socket.once('error', reject);
    });
  }

  send(frame: unknown): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** The first frame (already received or future) that matches. */
  next(predicate: (frame: any) => boolean, timeoutMs = 3000): Promise<any> {
    const seen = this.frames.find(predicate);
    if (seen) {
      this.frames.splice(this.frames.indexOf(seen), 1);
      return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`no matching frame within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (frame: any): void => {
        clearTimeout(timer);
        this.frames.splice(this.frames.indexOf(frame), 1);
        resolve(frame);
      };
      this.waiters.push({ predicate, resolve: done });
    });
  }

  async call(frame: { id: number; method: string; src?: string; params?: unknown; auth?: unknown }): Promise<any> {
    this.send(frame);
    return this.next((f) => f.id === frame.id);
  }

  close(): Promise<void> {
    this.socket.close();
    return this.closed;
  }
}

/** Overlays a partial notification onto a status, as a client must: the package's own merge. */
export { deepMerge } from '../../../../lib/shelly/status-merge';

/**
 * The simulators and WebSocket clients of one describe block, all stopped after each test.
 * Call inside describe(): `const sims = useSimulators();` then `await sims.start({...})`.
 */
export function useSimulators(): {
  start(options: ShellySimulatorOptions): Promise<ShellySimulator>;
  connect(sim: ShellySimulator): Promise<WsClient>;
} {
  const sims: ShellySimulator[] = [];
  const clients: WsClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(sims.splice(0).map((s) => s.stop()));
  });
  return {
    async start(options) {
      const sim = await ShellySimulator.start(options);
      sims.push(sim);
      return sim;
    },
    async connect(sim) {
      const client = await WsClient.open(sim.host);
      clients.push(client);
      return client;
    },
  };
}

/** The conformance table's notation: "<id>" or "<id>±", with "@A/B/C" for a device phase. */
export function describeChannels(status: unknown, hints: { model?: string; profile?: string }): string[] {
  return detectChannels(status, hints).map((c) => `${c.id}${c.phase ? `@${c.phase}` : ''}${c.signed ? '±' : ''}`);
}

/** Polls a condition (not a sleep-then-assert): resolves as soon as it holds, fails after timeoutMs. */
export async function waitUntil(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
