import * as path from 'node:path';
import { sharedDir } from '../../../lib/project-root';
import { acceleratedClock } from '../../../lib/sim/home/home-simulation';
import { chooseHome, parseTimeOfDay } from '../../../lib/sim/site';
import type { FlowNode } from '../../support/node-red-helper';
import { emFlow, meterOnlyFlow } from '../support/em-flow';
import { EmSite } from '../support/em-site';
import { frameViolations } from '../support/invariant';
import type { OverloadSummary } from '../support/overload-tracker';
import { RuntimeProcess } from '../support/runtime-process';
import { until } from '../support/wait';
import { pluggedAt, SOAK_SITES } from './soak-plan';

/**
 * An accelerated day (or several) of the whole energy manager: the homes' load and PV replay
 * `speed` times faster than real time (only the environment: meters, stations, cars and the
 * nodes run in real time, as in the demo), 10 meters and 4 stations in three full chains in one
 * real Node-RED. Records the child's heap after forced GC, every unhandled rejection or uncaught
 * exception (child and this process), every error Node-RED logs, what a breaker would see at each
 * home, and every frame each station received.
 */
export interface SoakOptions {
  /** Simulated hours of the environment (default 24). */
  simulatedHours?: number;
  /** How much faster than real time the environment runs (default 48: a day in 30 min). */
  speed?: number;
  /** Local time of day the environment starts at (default 06:00). */
  startTime?: string;
  /** Real ms between heap probes (default 10 s). */
  heapEveryMs?: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export interface SoakReport {
  simulatedHours: number;
  speed: number;
  realMinutes: number;
  meters: number;
  stations: number;
  sites: Array<{ name: string; limitA: number; overload: OverloadSummary }>;
  stationFrames: Array<{ station: string; frames: number; violations: string[]; peakDrawA: number }>;
  /** MB used by the Node-RED process after forced GC, one per probe. */
  heapMB: number[];
  unhandled: string[];
  nodeErrors: string[];
  endedByItself: boolean;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const STATION_NODE = { pollInterval: 1, timeout: 2 };

export async function runSoak(options: SoakOptions = {}): Promise<SoakReport> {
  const simulatedHours = options.simulatedHours ?? 24;
  const speed = options.speed ?? 48;
  const realMs = (simulatedHours * HOUR_MS) / speed;
  const log = options.log ?? (() => undefined);
  const sharedDataDir = path.join(sharedDir(), 'data');
  const homes = SOAK_SITES.map((site) => chooseHome({ trace: 'builtin', sharedDataDir, seed: site.seed, pvKWp: site.pvKWp }));
  const dayStartMs = homes[0].dayStartMs;
  const clock = acceleratedClock(dayStartMs + parseTimeOfDay(options.startTime ?? '06:00'), speed);

  const unhandled: string[] = [];
  const onUnhandled = (err: unknown): void => void unhandled.push(`this process: ${String(err instanceof Error ? err.stack : err)}`);
  process.on('unhandledRejection', onUnhandled);
  const rigs: EmSite[] = [];
  let runtime: RuntimeProcess | undefined;
  let scheduleTimer: NodeJS.Timeout | undefined;
  const peakDrawA = new Map<string, number>();
  try {
    for (const [i, site] of SOAK_SITES.entries()) {
      rigs.push(
        await EmSite.start({ home: homes[i].source, clock, meter: site.grid, stations: site.stations.map((s) => s.site), limitA: site.limitA, extraMeters: site.extras, updateIntervalMs: 200 }),
      );
    }
    // The cars come and go by the environment's time of day.
    const schedule = (): void => {
      const hour = (((clock() - dayStartMs) % DAY_MS) + DAY_MS) % DAY_MS / HOUR_MS;
      SOAK_SITES.forEach((site, i) =>
        site.stations.forEach((st, j) => {
          const model = rigs[i].stations[j].model;
          const want = pluggedAt(st, hour);
          if (want && !model.car?.plugged) {
            const carOptions = st.site.simulator.car === false ? {} : st.site.simulator.car;
            model.plugCar({ ...carOptions, battery: { capacityWh: 60_000, socPercent: st.arrivalSoc } });
          } else if (!want && model.car?.plugged) model.unplugCar();
          model.advance();
          peakDrawA.set(st.key, Math.max(peakDrawA.get(st.key) ?? 0, ...model.currentsA()));
        }),
      );
    };
    schedule();
    scheduleTimer = setInterval(schedule, 250);

    runtime = await RuntimeProcess.start({});
    const flow: FlowNode[] = [];
    SOAK_SITES.forEach((site, i) => {
      const rig = rigs[i];
      const site_ = `soak${String.fromCharCode(97 + i)}`;
      flow.push(
        ...emFlow({
          site: site_,
          meter: { host: rig.meter.host, ...site.grid.flow },
          balancer: { limitA: site.limitA },
          surplus: site.surplus,
          stations: site.stations.map((st, j) => ({ key: st.key, host: rig.stations[j].host, phases: st.site.gridPhases.join(','), ...STATION_NODE, ...st.node })),
        }).nodes,
      );
      site.extras.forEach((extra, k) => flow.push(...meterOnlyFlow(site_, extra.key, { host: rig.extraMeters[k].host, pollInterval: 2, ...extra.flow })));
    });
    await runtime.deploy(flow);
    // Until the chain has commanded every station, they hold their boot current (32 A) with
    // nobody in charge: the breaker's record starts when the chain has taken over.
    const allStations = rigs.flatMap((r) => r.stations);
    await until(() => allStations.every((s) => s.framesOf('dynamic_current.set').length > 0), 'the chain in charge of every station', 60_000);
    for (const rig of rigs) rig.overload.reset();
    log(`soak: ${simulatedHours} simulated h at ${speed}× (${(realMs / 60_000).toFixed(1)} min), ${rigs.reduce((n, r) => n + 1 + r.extraMeters.length, 0)} meters, ${rigs.reduce((n, r) => n + r.stations.length, 0)} stations`);

    const heapMB: number[] = [];
    const started = Date.now();
    const heapEveryMs = options.heapEveryMs ?? 10_000;
    while (Date.now() - started < realMs) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(heapEveryMs, realMs - (Date.now() - started))));
      const probe = await runtime.probe();
      heapMB.push(probe.heapUsedBytes / 1_048_576);
      const simH = (clock() - dayStartMs) / HOUR_MS;
      log(`  ${String(Math.floor(simH % 24)).padStart(2, '0')}:${String(Math.floor((simH % 1) * 60)).padStart(2, '0')} heap ${heapMB[heapMB.length - 1].toFixed(1)} MB, longest overload ${Math.max(...rigs.map((r) => r.overload.result.longestMs))} ms`);
    }

    clearInterval(scheduleTimer);
    scheduleTimer = undefined;
    const rt = runtime;
    const stop = await rt.stop();
    return {
      simulatedHours,
      speed,
      realMinutes: (Date.now() - started) / 60_000,
      meters: rigs.reduce((n, r) => n + 1 + r.extraMeters.length, 0),
      stations: rigs.reduce((n, r) => n + r.stations.length, 0),
      sites: SOAK_SITES.map((site, i) => ({ name: site.name, limitA: site.limitA, overload: rigs[i].overload.result })),
      stationFrames: SOAK_SITES.flatMap((site, i) =>
        site.stations.map((st, j) => {
          const sim = rigs[i].stations[j];
          return { station: st.key, frames: sim.framesOf('dynamic_current.set').length, violations: frameViolations(sim, { minCurrentA: 6, maxCurrentA: 32 }), peakDrawA: peakDrawA.get(st.key) ?? 0 };
        }),
      ),
      heapMB,
      unhandled: [...unhandled, ...rt.unhandled],
      nodeErrors: rt.logs.filter((l) => l.level === 'error' || l.level === 'fatal').map((l) => `${l.node ?? ''} ${l.msg}`),
      endedByItself: stop.endedByItself,
    };
  } finally {
    if (scheduleTimer) clearInterval(scheduleTimer);
    process.off('unhandledRejection', onUnhandled);
    runtime?.kill();
    runtime?.cleanUp();
    await Promise.all(rigs.map((r) => r.stop()));
  }
}

/** ms a home may stay over its limit while a car draws: meter period (1 s), a station cycle (1 s), the car's reaction (1 s), and slack for a loaded machine. */
export const REACTION_BUDGET_MS = 8000;
/** MB the Node-RED heap may grow from its second quarter to its last (after forced GC). */
export const HEAP_GROWTH_TOLERANCE_MB = 8;

/** What failed, in words; empty when the soak passed. */
export function judgeSoak(report: SoakReport): string[] {
  const failures: string[] = [];
  if (report.unhandled.length > 0) failures.push(`${report.unhandled.length} unhandled rejection(s)/exception(s): ${report.unhandled[0]}`);
  if (report.nodeErrors.length > 0) failures.push(`${report.nodeErrors.length} node error(s): ${report.nodeErrors.slice(0, 3).join(' | ')}`);
  for (const s of report.sites) {
    if (s.overload.longestMs > REACTION_BUDGET_MS) failures.push(`${s.name}: over ${s.limitA} A with a car drawing for ${s.overload.longestMs} ms (budget ${REACTION_BUDGET_MS} ms)`);
  }
  for (const f of report.stationFrames) if (f.violations.length > 0) failures.push(`${f.station}: ${f.violations.join(', ')}`);
  if (!report.endedByItself) failures.push('Node-RED did not end by itself after stopping (something left open)');
  const growth = heapGrowthMB(report.heapMB);
  if (growth !== undefined && growth > HEAP_GROWTH_TOLERANCE_MB) failures.push(`heap grew ${growth.toFixed(1)} MB (tolerance ${HEAP_GROWTH_TOLERANCE_MB} MB)`);
  return failures;
}

/** Lowest heap of the last quarter minus lowest of the second (the first is warm-up); undefined with fewer than 8 probes. */
export function heapGrowthMB(samples: number[]): number | undefined {
  if (samples.length < 8) return undefined;
  const q = Math.floor(samples.length / 4);
  return Math.min(...samples.slice(-q)) - Math.min(...samples.slice(q, 2 * q));
}

/** The report as the lines RELIABILITY.md shows. */
export function formatSoak(report: SoakReport): string {
  const growth = heapGrowthMB(report.heapMB);
  return [
    `${report.simulatedHours} simulated h at ${report.speed}× in ${report.realMinutes.toFixed(1)} min: ${report.meters} meters, ${report.stations} stations`,
    ...report.sites.map((s) => `  ${s.name}: ${s.overload.episodes} overload episode(s) with a car drawing, longest ${s.overload.longestMs} ms, peak ${s.overload.peakA.toFixed(1)} A (${s.overload.samples} samples)`),
    ...report.stationFrames.map((f) => `  station ${f.station}: ${f.frames} dynamic_current.set, ${f.violations.length} invalid, peak draw ${f.peakDrawA.toFixed(1)} A`),
    `  heap after GC: ${report.heapMB.length} probes, ${Math.min(...report.heapMB).toFixed(1)}–${Math.max(...report.heapMB).toFixed(1)} MB, growth ${growth === undefined ? 'n/a' : `${growth.toFixed(1)} MB`}`,
    `  unhandled: ${report.unhandled.length}, node errors: ${report.nodeErrors.length}, ended by itself: ${report.endedByItself}`,
  ].join('\n');
}
