import { expect } from 'chai';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FlowNode } from '../../demo/flows/flow-builder';
import { EXAMPLES, exampleFileText, MQTT_BROKER_ENV, type Example } from '../../demo/flows/examples';
import { DEVICE_ENV } from '../../demo/env';
import { NODE_DEFAULTS, type OurNodeType } from '../../demo/flows/node-defaults';
import type { NodeRedLogEntry } from '../../demo/node-red-server';
import { projectRoot } from '../../lib/project-root';
import { StationSimulator } from '../../lib/sim/lektrico';
import { ShellySimulator, type SimulatedShellyModel } from '../../lib/sim/shelly';
import { familyOf } from '../../lib/sim/shelly/families';
import { withChromium } from '../../demo/browser';
import { ChildRun } from '../demo/support/child-run';
import { importFlow, invalidNodes, openEditor } from '../demo/support/editor-page';

/**
 * Every file in examples/ is a working flow: it is what demo/flows/examples.ts generates, all its
 * node types are known to Node-RED, and deployed on the simulated devices it is written for it
 * starts without a node error and gets a charging current to every station (the whole chain ran).
 */
// aedes is ESM-only; Node 20.19+ loads it with require().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Aedes } = require('aedes') as typeof import('aedes');

const ROOT = projectRoot();
const EXAMPLES_DIR = path.join(ROOT, 'examples');
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; 'node-red': { nodes: Record<string, string> } };

/** Our node types that are not config nodes, from each node's editor file (its registerType category). */
function ourNonConfigTypes(): string[] {
  const types: string[] = [];
  for (const js of Object.values(PACKAGE['node-red'].nodes)) {
    const name = path.basename(js, '.js');
    const html = fs.readFileSync(path.join(ROOT, 'nodes', name, `${name}.html`), 'utf8');
    const m = /registerType\(\s*'([^']+)'\s*,\s*\{\s*category:\s*'([^']+)'/.exec(html);
    if (!m) throw new Error(`no registerType with a category in nodes/${name}/${name}.html`);
    if (m[2] !== 'config') types.push(m[1]);
  }
  return types;
}

/** The `defaults` an editor file declares: property → its default value (literals only). */
function editorDefaults(html: string): Record<string, unknown> {
  const block = /defaults:\s*\{([\s\S]*?)\n\s{6}\},/.exec(html)?.[1] ?? '';
  const out: Record<string, unknown> = {};
  for (const m of block.matchAll(/^\s{8}([A-Za-z]+):\s*\{[\s\S]*?\bvalue:\s*('[^']*'|[^,}\n]+)/gm)) {
    out[m[1]] = JSON.parse(m[2].trim().replace(/'/g, '"'));
  }
  return out;
}

function readExample(file: string): FlowNode[] {
  return JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as FlowNode[];
}

describe('examples', () => {
  it('are exactly what demo/flows/examples.ts generates (run `node dist/demo/write-examples.js` after a change)', () => {
    const files = fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json')).sort();
    expect(files).to.deep.equal(EXAMPLES.map((e) => `${e.file}.json`).sort());
    for (const example of EXAMPLES) {
      expect(fs.readFileSync(path.join(EXAMPLES_DIR, `${example.file}.json`), 'utf8'), example.file).to.equal(exampleFileText(example));
    }
  });

  it('show every non-config node of the package at least once, each with a comment', () => {
    const used = new Set<string>();
    for (const example of EXAMPLES) {
      const flow = readExample(`${example.file}.json`);
      flow.forEach((n) => used.add(n.type));
      expect(flow.some((n) => n.type === 'comment'), `${example.file} has a Comment node`).to.equal(true);
      expect(flow.filter((n) => n.type === 'tab'), `${example.file} is one tab`).to.have.length(1);
    }
    const types = ourNonConfigTypes();
    expect(types).to.include.members(['lektrico-shelly-meter', 'lektrico-normalizer', 'lektrico-station']);
    for (const type of types) expect(used.has(type), `${type} appears in an example`).to.equal(true);
  });

  it('give every node of the package every property its editor defines (no validation warning on import)', () => {
    for (const js of Object.values(PACKAGE['node-red'].nodes)) {
      const name = path.basename(js, '.js');
      const html = fs.readFileSync(path.join(ROOT, 'nodes', name, `${name}.html`), 'utf8');
      const type = /registerType\(\s*'([^']+)'/.exec(html)![1] as OurNodeType;
      const defaults = editorDefaults(html);
      expect(Object.keys(defaults).length, `${type} defaults found`).to.be.greaterThan(1);
      expect(NODE_DEFAULTS[type], `demo/flows/node-defaults.ts for ${type}`).to.deep.equal(defaults);
      for (const example of EXAMPLES) {
        for (const node of readExample(`${example.file}.json`).filter((n) => n.type === type)) {
          expect(Object.keys(node), `${type} in ${example.file}`).to.include.members(Object.keys(defaults));
        }
      }
    }
  });

  it('keep credentials out of the files', () => {
    for (const example of EXAMPLES) {
      expect(readExample(`${example.file}.json`).every((n) => n.credentials === undefined), example.file).to.equal(true);
    }
  });

  describe('deployed in Node-RED on simulated devices', function () {
    this.timeout(180_000);
    let nodeRed: ChildRun;
    let url: string;
    let userDir: string;
    const logs: NodeRedLogEntry[] = [];

    before(async () => {
      userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lektrico-examples-'));
      nodeRed = new ChildRun(path.join(__dirname, 'node-red-child.js'), [userDir]);
      url = (await nodeRed.waitForLine(/^READY (\S+)/, 60_000))[1];
      nodeRed.lines.length = 0;
    });

    after(async () => {
      const exit = await nodeRed.stop('SIGINT');
      fs.rmSync(userDir, { recursive: true, force: true });
      expect(exit, `Node-RED stops cleanly on SIGINT:\n${nodeRed.tail()}`).to.deep.equal({ code: 0, signal: null });
    });

    /** Log entries printed since the last call. */
    function newLogs(): NodeRedLogEntry[] {
      const lines = nodeRed.lines.splice(0);
      const entries = lines.filter((l) => l.startsWith('LOG ')).map((l) => JSON.parse(l.slice(4)) as NodeRedLogEntry);
      logs.push(...entries);
      return entries;
    }

    it('import into the editor with every node valid (no warning triangle)', async () => {
      await withChromium(async (context) => {
        const page = await context.newPage();
        await openEditor(page, url);
        for (const example of EXAMPLES) await importFlow(page, readExample(`${example.file}.json`));
        expect(await invalidNodes(page)).to.deep.equal([]);
      });
    });

    it('lists them under Import → Examples', async () => {
      const res = await fetch(`${url}library/examples/flows/${PACKAGE.name}`);
      const listed = ((await res.json()) as Array<{ fn: string }>).map((e) => e.fn).sort();
      expect(listed).to.deep.equal(EXAMPLES.map((e) => e.file).sort());
    });

    const runs = EXAMPLES.flatMap((example) => (example.devices.shellies.length > 0 ? example.devices.shellies : [undefined]).map((model) => ({ example, model })));
    for (const { example, model } of runs) {
      it(`${example.file}${model ? ` on a simulated ${model}` : ' over MQTT'}: all types known, no node error, every station commanded`, async () => {
        const devices = await startDevices(example, model);
        try {
          const flow = readExample(`${example.file}.json`);
          const known = await knownTypes(url);
          const unknown = flow.map((n) => n.type).filter((t) => t !== 'tab' && !known.has(t));
          expect(unknown, 'node types Node-RED does not know').to.deep.equal([]);

          newLogs();
          // The devices' addresses through Node-RED's global environment (the example reads ${…}).
          const env: FlowNode = { id: 'examples-test-env', type: 'global-config', env: Object.entries(devices.env).map(([name, value]) => ({ name, value, type: 'str' })), modules: {} };
          const res = await fetch(`${url}flows`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'Node-RED-Deployment-Type': 'full' },
            body: JSON.stringify([...flow, env]),
          });
          expect(res.status, await res.text()).to.equal(204);

          await devices.untilEveryStationCommanded(() => nodeRed.tail());
          const ids = new Set(flow.map((n) => n.id));
          const problems = newLogs().filter((e) => e.level === 'error' || e.level === 'fatal' || (e.level === 'warn' && (!e.id || ids.has(e.id))));
          expect(problems, 'errors and warnings while the example started').to.deep.equal([]);
        } finally {
          await devices.stop();
        }
      });
    }
  });
});

async function knownTypes(url: string): Promise<Set<string>> {
  const res = await fetch(`${url}nodes`, { headers: { Accept: 'application/json' } });
  const sets = (await res.json()) as Array<{ types: string[]; enabled: boolean; err?: string }>;
  return new Set(sets.filter((s) => s.enabled && !s.err).flatMap((s) => s.types));
}

interface Devices {
  env: Record<string, string>;
  untilEveryStationCommanded(log: () => string): Promise<void>;
  stop(): Promise<void>;
}

/** A Gen2+ Pro 3EM status over MQTT, as `<prefix>/status/em:0`. */
function proEmStatus(powersW: [number, number, number]): string {
  const [a, b, c] = powersW;
  const phase = (p: string, w: number): Record<string, number> => ({ [`${p}_act_power`]: w, [`${p}_current`]: Math.abs(w) / 230, [`${p}_voltage`]: 230, [`${p}_pf`]: 1, [`${p}_aprt_power`]: Math.abs(w), [`${p}_freq`]: 50 });
  return JSON.stringify({ id: 0, ...phase('a', a), ...phase('b', b), ...phase('c', c), total_current: (a + b + c) / 230, total_act_power: a + b + c, total_aprt_power: a + b + c });
}

/** An MQTT broker on 127.0.0.1 whose stop() also ends its clients' connections. */
async function startBroker(): Promise<{ url: string; publish(topic: string, payload: string): void; stop(): Promise<void> }> {
  const broker = await Aedes.createBroker({ heartbeatInterval: 3_600_000 });
  const server = net.createServer(broker.handle);
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `mqtt://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    publish(topic, payload) {
      broker.publish({ cmd: 'publish', topic, payload: Buffer.from(payload), qos: 0, retain: false, dup: false }, () => undefined);
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
}

async function startDevices(example: Example, model: SimulatedShellyModel | undefined): Promise<Devices> {
  const stop: Array<() => Promise<void>> = [];
  const env: Record<string, string> = {};
  let publish: (() => void) | undefined;
  let meter: ShellySimulator | undefined;
  try {
    if (model) {
      const shelly = await ShellySimulator.start({ model });
      meter = shelly;
      stop.push(() => shelly.stop());
      shelly.setPhases(familyOf(model).threePhase ? [{ powerW: 1200 }, { powerW: 600 }, { powerW: 300 }] : [{ powerW: 1500 }]);
      env[DEVICE_ENV.shellyHost] = shelly.host;
    }
    if (example.devices.mqtt) {
      const broker = await startBroker();
      stop.push(() => broker.stop());
      env[MQTT_BROKER_ENV] = broker.url;
      let n = 0;
      // A Pro 3EM publishing its status on change: a new value each time.
      publish = () => broker.publish('shellypro3em-a0dd6ca0c27c/status/em:0', proEmStatus([1200 + (n++ % 2), 600, 300]));
    }
    const stations: StationSimulator[] = [];
    const meterRead = (): boolean => meter === undefined || Object.keys(meter.stats.requests).some((k) => /GetStatus|^GET \/status$/.test(k));
    const hostVars = [DEVICE_ENV.stationHost, DEVICE_ENV.station2Host];
    for (const [i, type] of example.devices.stations.entries()) {
      const station = new StationSimulator({ type, serial: String(600001 + i) });
      await station.start();
      stop.push(() => station.stop());
      stations.push(station);
      env[hostVars[i]] = station.host;
    }
    return {
      env,
      async untilEveryStationCommanded(log: () => string) {
        const deadline = Date.now() + 60_000;
        while (!meterRead() || !stations.every((s) => s.framesOf('dynamic_current.set').length > 0)) {
          if (Date.now() > deadline) throw new Error(`not every station got a current within 60 s: ${stations.map((s) => `${s.deviceId}: ${s.calls.length} requests`).join(', ')}\n${log()}`);
          publish?.();
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      },
      async stop() {
        for (const s of stop.reverse()) await s();
      },
    };
  } catch (err) {
    for (const s of stop.reverse()) await s();
    throw err;
  }
}
