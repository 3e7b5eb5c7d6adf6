import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeRedHttpServer, requireNodeRed } from '../../../demo/node-red-module';
import type { NodeRedModule } from '../../../demo/node-red-server';
import { projectRoot } from '../../../lib/project-root';
import type { ChildReply, ChildRequest, ChildStartOptions, ResourceProbe } from './runtime-protocol';

/**
 * A real Node-RED (not the test helper's) in a child process of its own, for what needs the whole
 * runtime: full deploys through the admin API, a stop like a shutdown, admin authentication,
 * credentials stored on disk. Node-RED is one per process, so every test that needs one forks this:
 *   node runtime-child.js <options.json>    (with an IPC channel, see runtime-process.ts)
 * It loads this package's nodes from the folder it was compiled into (the editor .html files,
 * locales, icons and examples from the sources) as the package Node-RED would install, listens on
 * 127.0.0.1, forwards every log entry to the parent, answers probes of its resources, and on "stop"
 * stops Node-RED and closes its server: if nothing leaked, the process then ends by itself.
 */

const LEVELS: Record<number, string> = { 10: 'fatal', 20: 'error', 30: 'warn', 40: 'info', 50: 'debug', 60: 'trace', 98: 'audit', 99: 'metric' };

/** To the parent while it listens; afterwards (after stop) to stderr, which the parent also keeps. */
function send(reply: ChildReply): void {
  if (process.connected && process.send) process.send(reply);
  else process.stderr.write(`${JSON.stringify(reply)}\n`);
}

/**
 * A nodesDir that is the package as Node-RED loads it from node_modules: our package.json name and
 * node sets, each node a one-line module that loads the compiled node, beside its editor file,
 * locales and icons (as scripts/copy-assets.js lays out dist/nodes), the examples and the shared
 * editor scripts (resources/). Loaded as a
 * module (not as loose files), its message catalogues reach the editor as a user's install does.
 */
function writeNodesDir(dir: string): void {
  const root = projectRoot();
  const compiled = path.resolve(__dirname, '..', '..', '..', 'nodes');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string; 'node-red': { version: string; nodes: Record<string, string> } };
  const sets: Record<string, string> = {};
  for (const [set, file] of Object.entries(pkg['node-red'].nodes)) {
    const name = path.basename(file, '.js');
    sets[set] = `${name}/${name}.js`;
    const out = path.join(dir, name);
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, `${name}.js`), `module.exports = require(${JSON.stringify(path.join(compiled, name, `${name}.js`))});\n`);
    fs.copyFileSync(path.join(root, 'nodes', name, `${name}.html`), path.join(out, `${name}.html`));
    const locales = path.join(root, 'nodes', name, 'locales');
    if (fs.existsSync(locales)) fs.cpSync(locales, path.join(out, 'locales'), { recursive: true });
    fs.cpSync(path.join(root, 'icons'), path.join(out, 'icons'), { recursive: true });
  }
  fs.cpSync(path.join(root, 'examples'), path.join(dir, 'examples'), { recursive: true });
  fs.cpSync(path.join(root, 'resources'), path.join(dir, 'resources'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: pkg.name, version: pkg.version, 'node-red': { version: pkg['node-red'].version, nodes: sets } }, null, 2));
}

/** Active handles and requests by type, as Node reports them. */
function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

function listenerCounts(emitter: NodeJS.EventEmitter, prefix: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of emitter.eventNames()) out[`${prefix}${String(name)}`] = emitter.listenerCount(name);
  return out;
}

async function main(): Promise<void> {
  const options = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as ChildStartOptions;
  process.on('unhandledRejection', (reason) => send({ type: 'unhandled', kind: 'rejection', text: String(reason instanceof Error ? reason.stack : reason) }));
  process.on('uncaughtException', (err) => send({ type: 'unhandled', kind: 'exception', text: String(err.stack ?? err) }));

  const nodesDir = path.join(options.userDir, 'package-nodes');
  writeNodesDir(nodesDir);
  if (!fs.existsSync(path.join(options.userDir, 'flows.json'))) fs.writeFileSync(path.join(options.userDir, 'flows.json'), '[]\n');

  const RED = requireNodeRed<NodeRedModule>();
  const { app, server, sockets } = nodeRedHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as { port: number }).port;

  RED.init(server, {
    userDir: options.userDir,
    flowFile: 'flows.json',
    httpAdminRoot: '/',
    httpNodeRoot: '/',
    uiHost: '127.0.0.1',
    uiPort: port,
    nodesDir: [nodesDir],
    credentialSecret: options.credentialSecret ?? 'reliability tests: not a secret',
    logging: {
      console: { level: 'off' },
      parent: {
        level: 'trace',
        metrics: false,
        audit: true,
        handler: () => (m: { level: number; msg: unknown; type?: string; id?: string }) =>
          send({ type: 'log', level: LEVELS[m.level] ?? String(m.level), msg: m.msg instanceof Error ? String(m.msg.stack) : typeof m.msg === 'string' ? m.msg : JSON.stringify(m.msg), node: m.type ? `${m.type}:${m.id}` : undefined }),
      },
    },
    telemetry: { enabled: false, updateNotification: false },
    diagnostics: { enabled: false, ui: false },
    externalModules: { autoInstall: false, palette: { allowInstall: false, allowUpload: false }, modules: { allowInstall: false } },
    editorTheme: { tours: false, palette: { catalogues: [] } },
    ...options.settings,
  });
  app.use('/', RED.httpAdmin);
  app.use('/', RED.httpNode);
  await RED.start();
  send({ type: 'ready', url: `http://127.0.0.1:${port}/` });

  process.on('message', (request: ChildRequest) => {
    if (request.type === 'probe') {
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      gc?.();
      const probe: ResourceProbe = {
        resources: resources(),
        heapUsedBytes: process.memoryUsage().heapUsed,
        listeners: { ...listenerCounts(process, 'process:'), ...listenerCounts(RED.events, 'RED.events:') },
        gcForced: gc !== undefined,
      };
      send({ type: 'probe', probe });
    } else if (request.type === 'stop') {
      void (async () => {
        await RED.stop();
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        // What is still open once Node-RED has stopped: what would keep the process alive.
        setImmediate(() => {
          send({ type: 'stopped', resources: resources() });
          process.disconnect?.();
        });
      })();
    }
  });
}

main().catch((err: unknown) => {
  send({ type: 'failed', text: String(err instanceof Error ? err.stack : err) });
  process.exitCode = 1;
  process.disconnect?.();
});
