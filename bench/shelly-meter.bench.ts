/**
 * Shelly meter input, measured inside Node-RED (the real runtime through node-red-node-test-helper):
 *  1. latency from a simulated device's WebSocket push to the meter node's output (p50, p99);
 *  2. CPU time per 1,000 readings and memory with 20 simulated devices at 1 Hz for 5 minutes
 *     (30 s with --quick).
 * The simulators run in a child process (this same file, forked), so the CPU and memory figures
 * are those of Node-RED + the nodes + the connections alone. Push time stamps are wall-clock
 * (performance.timeOrigin + now()), comparable across the two processes on one machine.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import type { BenchContext, BenchSection } from './bench-module';

const PUSH_SAMPLES = { full: 2000, quick: 300 };
const WARMUP_PUSHES = 50;
const FLEET_SIZE = 20;
const FLEET_DURATION_MS = { full: 5 * 60_000, quick: 30_000 };
const MEMORY_SAMPLE_EVERY_MS = { full: 10_000, quick: 3_000 };
const FLEET_MODELS = ['SPEM-003CEBEU', 'S3EM-002CXCEU', 'S4EM-001PXCEU16', 'S3PM-001PCEU16', 'SNSW-001P16EU'] as const;

const wallMs = (): number => performance.timeOrigin + performance.now();

// ---------------- child: the simulated devices ----------------

type ToChild = { cmd: 'start'; models: string[]; notifyIntervalMs?: number } | { cmd: 'push'; seq: number; powerW: number } | { cmd: 'stop' };
type FromChild = { hosts: string[] } | { seq: number; pushedAt: number } | { stopped: true; cpuUs: number };

async function runChild(): Promise<void> {
  // Loaded here, not at the top: the parent never needs the simulators, the child never needs Node-RED.
  const { ShellySimulator } = require('../lib/sim/shelly') as typeof import('../lib/sim/shelly');
  type Sim = Awaited<ReturnType<typeof ShellySimulator.start>>;
  let sims: Sim[] = [];
  const cpuAtStart = process.cpuUsage();
  const reply = (message: FromChild): void => void process.send!(message);
  process.on('message', (message: ToChild) => {
    void (async () => {
      if (message.cmd === 'start') {
        sims = await Promise.all(
          message.models.map((model) => ShellySimulator.start({ model: model as 'SPEM-003CEBEU', notifyIntervalMs: message.notifyIntervalMs })),
        );
        reply({ hosts: sims.map((s) => s.host) });
      } else if (message.cmd === 'push') {
        const pushedAt = wallMs();
        sims[0].setPhases([{ powerW: message.powerW }]); // over the threshold: a NotifyStatus goes out now
        reply({ seq: message.seq, pushedAt });
      } else {
        await Promise.all(sims.map((s) => s.stop()));
        const cpu = process.cpuUsage(cpuAtStart);
        reply({ stopped: true, cpuUs: cpu.user + cpu.system });
        process.disconnect();
      }
    })();
  });
}

// ---------------- parent: Node-RED with the nodes ----------------

class Child {
  private readonly process: ChildProcess;
  private readonly waiting: Array<(message: FromChild) => void> = [];
  constructor() {
    this.process = fork(__filename, ['--shelly-sim-child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.process.on('message', (message: FromChild) => this.waiting.shift()?.(message));
  }
  request<T extends FromChild>(message: ToChild): Promise<T> {
    return new Promise((resolve) => {
      this.waiting.push(resolve as (m: FromChild) => void);
      this.process.send(message);
    });
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function slopePerMinute(samples: Array<{ atMs: number; bytes: number }>): number {
  const n = samples.length;
  const mx = samples.reduce((a, s) => a + s.atMs, 0) / n;
  const my = samples.reduce((a, s) => a + s.bytes, 0) / n;
  const num = samples.reduce((a, s) => a + (s.atMs - mx) * (s.bytes - my), 0);
  const den = samples.reduce((a, s) => a + (s.atMs - mx) ** 2, 0);
  return den === 0 ? 0 : (num / den) * 60_000;
}

const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);

/**
 * The test helper wraps Node.prototype methods (send, status, …) in sinon spies that record every
 * call: right for tests, but in a benchmark they cost CPU and keep every message alive. Once the
 * flow is loaded they are removed, and each node's `send` (which Node-RED copies from the
 * prototype when it wires the node) is pointed back at the real one, so Node-RED itself is measured.
 */
function removeHelperSpies(helper: { getNode(id: string): unknown }, nodeIds: string[]): void {
  const internals = helper as unknown as { _sandbox?: { restore(): void }; _logSpy?: { restore(): void }; _NodePrototype: { send: unknown } };
  internals._sandbox?.restore();
  internals._logSpy?.restore();
  for (const id of nodeIds) {
    const node = helper.getNode(id) as { send?: { callCount?: number } } | null;
    if (node?.send && typeof node.send.callCount === 'number') node.send = internals._NodePrototype.send as never;
  }
}

export async function run(ctx: BenchContext): Promise<BenchSection> {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const { helper, waitForMessage } = require('../test/support/node-red-helper') as typeof import('../test/support/node-red-helper');
  const deviceRegister = require('../nodes/shelly-device/shelly-device') as typeof import('../nodes/shelly-device/shelly-device');
  const meterRegister = require('../nodes/shelly-meter/shelly-meter') as typeof import('../nodes/shelly-meter/shelly-meter');
  const mode = ctx.quick ? 'quick' : 'full';

  // 1. push → output latency, one device, polls out of the way
  let child = new Child();
  const { hosts } = await child.request<{ hosts: string[] }>({ cmd: 'start', models: ['SPEM-003CEBEU'] });
  await helper.load([deviceRegister, meterRegister], [
    { id: 'tab', type: 'tab' },
    { id: 'dev', type: 'lektrico-shelly-device', host: hosts[0], transport: 'websocket', pollInterval: 3600, timeout: 5 },
    { id: 'meter', type: 'lektrico-shelly-meter', z: 'tab', device: 'dev', wires: [['out']] },
    { id: 'out', type: 'helper', z: 'tab' },
  ]);
  removeHelperSpies(helper, ['meter', 'out']);
  const out = helper.getNode('out');
  await waitForMessage(out, () => true);
  const latenciesMs: number[] = [];
  const total = PUSH_SAMPLES[mode] + WARMUP_PUSHES;
  for (let seq = 0; seq < total; seq += 1) {
    const powerW = 1000 + 20 * seq;
    const arrived = waitForMessage(out, (m: Record<string, any>) => m.payload['em:0']?.a_act_power === powerW).then(() => wallMs());
    const { pushedAt } = await child.request<{ seq: number; pushedAt: number }>({ cmd: 'push', seq, powerW });
    const outputAt = await arrived;
    if (seq >= WARMUP_PUSHES) latenciesMs.push(outputAt - pushedAt);
  }
  await helper.unload();
  await child.request({ cmd: 'stop' });
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const latency = { samples: sorted.length, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99), maxMs: sorted[sorted.length - 1] };
  ctx.log(`push → output: p50 ${latency.p50Ms.toFixed(2)} ms, p99 ${latency.p99Ms.toFixed(2)} ms over ${latency.samples} pushes`);

  // 2. 20 devices at 1 Hz: CPU per 1,000 readings and memory over the run
  child = new Child();
  const models = Array.from({ length: FLEET_SIZE }, (_, i) => FLEET_MODELS[i % FLEET_MODELS.length]);
  const fleet = await child.request<{ hosts: string[] }>({ cmd: 'start', models, notifyIntervalMs: 1000 });
  const flow: Array<Record<string, unknown> & { id: string; type: string }> = [{ id: 'tab', type: 'tab' }, { id: 'sink', type: 'helper', z: 'tab' }];
  fleet.hosts.forEach((host, i) => {
    flow.push({ id: `dev${i}`, type: 'lektrico-shelly-device', host, transport: 'websocket', pollInterval: 1, timeout: 5 });
    flow.push({ id: `meter${i}`, type: 'lektrico-shelly-meter', z: 'tab', device: `dev${i}`, wires: [['sink']] });
  });
  await helper.load([deviceRegister, meterRegister], flow as never);
  removeHelperSpies(helper, flow.map((n) => n.id));
  const sink = helper.getNode('sink');
  let readings = 0;
  sink.on('input', () => {
    readings += 1;
  });
  const warmupMs = Math.min(10_000, FLEET_DURATION_MS[mode] / 5);
  await new Promise((resolve) => setTimeout(resolve, warmupMs));
  gc();
  const samples: Array<{ atMs: number; bytes: number; rss: number }> = [];
  const startedAt = Date.now();
  const readingsAtStart = readings;
  const cpuAtStart = process.cpuUsage();
  while (Date.now() - startedAt < FLEET_DURATION_MS[mode]) {
    await new Promise((resolve) => setTimeout(resolve, MEMORY_SAMPLE_EVERY_MS[mode]));
    gc();
    const usage = process.memoryUsage();
    samples.push({ atMs: Date.now() - startedAt, bytes: usage.heapUsed, rss: usage.rss });
  }
  const cpu = process.cpuUsage(cpuAtStart);
  const runMs = Date.now() - startedAt;
  const fleetReadings = readings - readingsAtStart;
  await helper.unload();
  const childStats = await child.request<{ stopped: true; cpuUs: number }>({ cmd: 'stop' });
  const cpuMsPer1000 = ((cpu.user + cpu.system) / 1000 / fleetReadings) * 1000;
  const half = Math.floor(samples.length / 2);
  const mean = (xs: Array<{ bytes: number }>): number => xs.reduce((a, s) => a + s.bytes, 0) / xs.length;
  const memory = {
    heapFirstHalfMiB: Number(mib(mean(samples.slice(0, half)))),
    heapSecondHalfMiB: Number(mib(mean(samples.slice(half)))),
    heapSlopeKiBPerMin: slopePerMinute(samples) / 1024,
    rssStartMiB: Number(mib(samples[0].rss)),
    rssEndMiB: Number(mib(samples[samples.length - 1].rss)),
  };
  const fleetResult = {
    devices: FLEET_SIZE,
    runS: runMs / 1000,
    readings: fleetReadings,
    readingsPerS: fleetReadings / (runMs / 1000),
    cpuMsPer1000Readings: cpuMsPer1000,
    simulatorCpuS: childStats.cpuUs / 1e6,
    memory,
    samples,
  };
  ctx.log(`20 devices: ${fleetReadings} readings in ${(runMs / 1000).toFixed(0)} s, ${cpuMsPer1000.toFixed(1)} ms CPU per 1,000, heap slope ${memory.heapSlopeKiBPerMin.toFixed(1)} KiB/min`);

  const p99Target = latency.p99Ms < 5 ? 'met' : '**missed**';
  const growth = memory.heapSlopeKiBPerMin;
  const markdown = [
    `Real Node-RED runtime (loaded through the test helper, its call-recording spies removed) with the \`lektrico-shelly-device\` + \`lektrico-shelly-meter\` nodes; simulators in a`,
    `separate process on loopback. Mode: ${mode}.`,
    '',
    '| measure | value | target |',
    '|---|---|---|',
    `| push → meter output latency, p50 (${latency.samples} pushes, Pro 3EM over WebSocket) | ${latency.p50Ms.toFixed(2)} ms | |`,
    `| push → meter output latency, p99 | ${latency.p99Ms.toFixed(2)} ms | < 5 ms: ${p99Target} |`,
    `| push → meter output latency, max | ${latency.maxMs.toFixed(2)} ms | |`,
    `| CPU time per 1,000 readings (Node-RED process, ${FLEET_SIZE} devices) | ${cpuMsPer1000.toFixed(1)} ms | |`,
    `| readings with ${FLEET_SIZE} devices (1 s poll + 1 Hz push each) | ${fleetReadings} in ${(runMs / 1000).toFixed(0)} s (${fleetResult.readingsPerS.toFixed(1)}/s) | |`,
    `| heap after GC, first half → second half of the run | ${memory.heapFirstHalfMiB} → ${memory.heapSecondHalfMiB} MiB | no growth |`,
    `| heap trend (least squares over ${samples.length} samples) | ${growth.toFixed(1)} KiB/min | ≈ 0 |`,
    `| RSS start → end | ${memory.rssStartMiB} → ${memory.rssEndMiB} MiB | |`,
    '',
    'Latency is measured from just before the simulator changes its values (which makes it send the',
    'NotifyStatus) to the helper node behind the meter node receiving the message; it includes the',
    'simulator building the frame, loopback TCP, the merge, channel detection, the payload clone and',
    'Node-RED message delivery. Each reading is one output message; with 20 devices each one is read',
    'once a second over its WebSocket and also pushes every metering component once a second.',
    ctx.quick ? 'Quick mode: 30 s instead of 5 min for the fleet; run without --quick for the full figures.' : '',
  ].join('\n');
  return { title: 'Shelly meter input: push latency, CPU, memory', markdown, data: { mode, latency, latenciesMs: sorted, fleet: fleetResult } };
}

if (require.main === module && process.argv.includes('--shelly-sim-child')) void runChild();
