import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FlowNode } from '../../support/node-red-helper';
import type { ChildReply, ChildRequest, ChildStartOptions, ResourceProbe } from './runtime-protocol';

export interface LogEntry {
  level: string;
  msg: string;
  node?: string;
}

export interface HttpReply {
  status: number;
  body: string;
}

/**
 * The parent's handle on a Node-RED child process (runtime-child.ts): deploys and admin requests
 * over HTTP on 127.0.0.1 (one connection per request, so no kept-alive socket shows up as a leak),
 * probes and stop over IPC, and every log line, unhandled rejection and uncaught exception kept.
 */
export class RuntimeProcess {
  readonly logs: LogEntry[] = [];
  readonly unhandled: string[] = [];
  /** The child's own stdout and stderr (everything it printed). */
  readonly output: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  url = '';
  private readonly waiters = new Set<(reply: ChildReply) => void>();

  private constructor(
    private readonly child: ChildProcess,
    readonly userDir: string,
  ) {
    child.on('message', (reply: ChildReply) => {
      if (reply.type === 'log') this.logs.push({ level: reply.level, msg: reply.msg, node: reply.node });
      if (reply.type === 'unhandled') this.unhandled.push(`${reply.kind}: ${reply.text}`);
      for (const waiter of [...this.waiters]) waiter(reply);
    });
    for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Forks Node-RED with these settings (with --expose-gc, for heap probes) and waits until it listens. */
  static async start(options: Partial<ChildStartOptions> = {}): Promise<RuntimeProcess> {
    const userDir = options.userDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lektrico-reliability-'));
    const optionsFile = path.join(userDir, 'child-options.json');
    fs.writeFileSync(optionsFile, JSON.stringify({ ...options, userDir }));
    const child = fork(path.join(__dirname, 'runtime-child.js'), [optionsFile], { execArgv: ['--expose-gc'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const runtime = new RuntimeProcess(child, userDir);
    const ready = await runtime.next((r) => r.type === 'ready' || r.type === 'failed', 60_000);
    if (ready.type === 'failed') throw new Error(`Node-RED did not start: ${ready.text}`);
    if (ready.type === 'ready') runtime.url = ready.url;
    return runtime;
  }

  /** Resolves with the next reply that matches, or rejects after timeoutMs (or when the child ends). */
  next(match: (reply: ChildReply) => boolean, timeoutMs = 30_000): Promise<ChildReply> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(() => reject(new Error(`no reply from the Node-RED child within ${timeoutMs} ms; output: ${this.output.join('').slice(-2000)}`))), timeoutMs);
      const onReply = (reply: ChildReply): void => {
        if (match(reply)) done(() => resolve(reply));
      };
      const onExit = (): void => done(() => reject(new Error(`the Node-RED child ended; output: ${this.output.join('').slice(-2000)}`)));
      const done = (settle: () => void): void => {
        clearTimeout(timer);
        this.waiters.delete(onReply);
        this.child.off('exit', onExit);
        settle();
      };
      this.waiters.add(onReply);
      this.child.once('exit', onExit);
    });
  }

  request(method: 'GET' | 'POST' | 'DELETE', urlPath: string, options: { body?: unknown; token?: string; headers?: Record<string, string> } = {}): Promise<HttpReply> {
    const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    const headers: Record<string, string> = { Connection: 'close', ...options.headers };
    if (body !== undefined) headers['Content-Type'] ??= 'application/json';
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    return new Promise((resolve, reject) => {
      const req = http.request(new URL(urlPath, this.url), { method, headers, agent: false }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /**
   * A full deploy through the admin API (credentials inline on the nodes are stored encrypted);
   * resolves once the new flows have started (the API answers when they are saved).
   */
  async deploy(flow: FlowNode[], token?: string): Promise<void> {
    const startedBefore = this.startedFlows();
    const reply = await this.request('POST', 'flows', {
      body: flow,
      token,
      headers: { 'Node-RED-Deployment-Type': 'full', 'Node-RED-API-Version': 'v1' },
    });
    if (reply.status < 200 || reply.status > 299) throw new Error(`deploy failed: HTTP ${reply.status} ${reply.body}`);
    if (this.startedFlows() === startedBefore) await this.next(() => this.startedFlows() > startedBefore);
  }

  /** How many times Node-RED has logged "Started flows". */
  private startedFlows(): number {
    return this.logs.filter((l) => l.level === 'info' && l.msg === 'Started flows').length;
  }

  async probe(): Promise<ResourceProbe> {
    this.send({ type: 'probe' });
    const reply = await this.next((r) => r.type === 'probe');
    return (reply as { probe: ResourceProbe }).probe;
  }

  /**
   * Stops Node-RED as a shutdown does (every node's close handler runs) and closes its server;
   * resolves with whether the process then ended by itself within endWithinMs (nothing left open).
   */
  async stop(endWithinMs = 10_000): Promise<{ endedByItself: boolean; openAfterStop: Record<string, number> }> {
    this.send({ type: 'stop' });
    const stopped = (await this.next((r) => r.type === 'stopped', 30_000)) as { resources: Record<string, number> };
    let timer: NodeJS.Timeout | undefined;
    const ended = await Promise.race([this.exited.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), endWithinMs)))]);
    clearTimeout(timer);
    if (!ended) this.kill();
    return { endedByItself: ended, openAfterStop: stopped.resources };
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }

  /** Removes the user directory (flows, credentials, the nodes folder). */
  cleanUp(): void {
    fs.rmSync(this.userDir, { recursive: true, force: true });
  }

  private send(request: ChildRequest): void {
    this.child.send(request);
  }
}

/** For after(): stops the runtime, removes its directory, then stops the simulators; whichever of them started. */
export async function stopRuntimeAndSimulators(runtime: RuntimeProcess | undefined, ...simulators: ({ stop(): Promise<void> } | undefined)[]): Promise<void> {
  await runtime?.stop();
  runtime?.cleanUp();
  for (const simulator of simulators) await simulator?.stop();
}
