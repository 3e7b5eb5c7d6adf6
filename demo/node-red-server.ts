import * as fs from 'node:fs';
import * as http from 'node:http';
import { projectRoot } from '../lib/project-root';
import { nodeRedHttpServer, requireNodeRed } from './node-red-module';
import type { FlowNode } from './flows/flow-builder';

/**
 * Node-RED embedded in this process, on 127.0.0.1, with this package's nodes (found through
 * nodesDir = the project root, i.e. as a package with its examples) and the dashboard from
 * node_modules. Node-RED is a process-wide singleton that cannot be started twice: one per process.
 */
export interface NodeRedLogEntry {
  level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  msg: string;
  /** Node type, id and name when a node logged it. */
  type?: string;
  id?: string;
  name?: string;
}

export interface NodeRedServerOptions {
  userDir: string;
  /** 0 = a free port. */
  port: number;
  /** Console log level (default 'warn': the demo prints its own summary). */
  consoleLevel?: 'off' | 'error' | 'warn' | 'info';
  /** Every log entry at info or above, e.g. for tests that look for node errors. */
  onLog?: (entry: NodeRedLogEntry) => void;
  /** Values for Function nodes' global context (settings.functionGlobalContext). */
  globalContext?: Record<string, unknown>;
  /** UDP port the editor's device searches use on 127.0.0.1 (settings.lektricoEmMdnsPort; default 5353). */
  mdnsPort?: number;
}

export interface NodeRedServer {
  /** http://127.0.0.1:<port>/ (editor and admin API). */
  url: string;
  port: number;
  /** Replaces every flow (a full deploy through the admin API; inline credentials are stored encrypted). */
  deploy(flow: FlowNode[]): Promise<void>;
  stop(): Promise<void>;
}

const LEVEL_NAMES: Record<number, NodeRedLogEntry['level']> = { 10: 'fatal', 20: 'error', 30: 'warn', 40: 'info', 50: 'debug', 60: 'trace' };

interface RawLogMessage {
  level: number;
  msg: unknown;
  type?: string;
  id?: string;
  name?: string;
}

/** The part of require('node-red') an embedding uses (the demo here, the reliability tests' child runtime). */
export interface NodeRedModule {
  init(server: http.Server, settings: Record<string, unknown>): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  httpAdmin: http.RequestListener;
  httpNode: http.RequestListener;
  events: NodeJS.EventEmitter;
}

function settingsFor(options: NodeRedServerOptions, port: number): Record<string, unknown> {
  const logging: Record<string, unknown> = { console: { level: options.consoleLevel ?? 'warn', metrics: false, audit: false } };
  if (options.onLog) {
    const onLog = options.onLog;
    logging.lektrico = {
      level: 'info',
      metrics: false,
      audit: false,
      handler: () => (m: RawLogMessage) => {
        const level = LEVEL_NAMES[m.level];
        if (!level) return;
        onLog({ level, msg: m.msg instanceof Error ? m.msg.message : String(m.msg), type: m.type, id: m.id, name: m.name });
      },
    };
  }
  return {
    userDir: options.userDir,
    flowFile: 'flows.json',
    flowFilePretty: true,
    httpAdminRoot: '/',
    httpNodeRoot: '/',
    uiHost: '127.0.0.1',
    uiPort: port,
    nodesDir: [projectRoot()],
    credentialSecret: 'lektrico-em-demo: a local demo secret, not a safe one',
    functionGlobalContext: options.globalContext ?? {},
    lektricoEmMdnsInterface: '127.0.0.1',
    ...(options.mdnsPort ? { lektricoEmMdnsPort: options.mdnsPort } : {}),
    logging,
    // Nothing leaves 127.0.0.1: no update check, no palette catalogue, no installs.
    telemetry: { enabled: false, updateNotification: false },
    diagnostics: { enabled: false, ui: false },
    externalModules: { autoInstall: false, palette: { allowInstall: false, allowUpload: false }, modules: { allowInstall: false } },
    editorTheme: { tours: false, palette: { catalogues: [] }, page: { title: 'lektrico-em demo' } },
  };
}

/** Starts Node-RED with no flows (the flows file in userDir is emptied; deploy() sets the flows). */
export async function startNodeRed(options: NodeRedServerOptions): Promise<NodeRedServer> {
  fs.mkdirSync(options.userDir, { recursive: true });
  fs.writeFileSync(`${options.userDir}/flows.json`, '[]\n');
  const RED = requireNodeRed<NodeRedModule>();
  const { app, server, sockets } = nodeRedHttpServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`port ${options.port} on 127.0.0.1 is in use (another Node-RED?); choose another with --port`) : err),
    );
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  RED.init(server, settingsFor(options, port));
  app.use('/', RED.httpAdmin);
  app.use('/', RED.httpNode);
  await RED.start();
  const url = `http://127.0.0.1:${port}/`;

  return {
    url,
    port,
    async deploy(flow) {
      const res = await fetch(`${url}flows`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Node-RED-Deployment-Type': 'full', 'Node-RED-API-Version': 'v1' },
        body: JSON.stringify(flow),
      });
      if (!res.ok) throw new Error(`deploying the flow failed: HTTP ${res.status} ${await res.text()}`);
    },
    async stop() {
      await RED.stop();
      // Open editor and dashboard connections (WebSocket, socket.io) would keep the server up.
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
