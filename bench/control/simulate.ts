import { ManualClock } from '../../lib/clock';
import type { StationTelemetry } from '../../lib/lektrico/station-telemetry';
import { isStationCurrent } from '../../lib/lektrico/station-current';
import { sumPhases } from '../../lib/sim/home/home-sample';
import type { ControlCommand, Controller, ControllerFactory, StationInfo } from './controller';
import { EventQueue } from './event-queue';
import { type HistogramData, LogHistogram } from './histogram';
import { type MeterSetup, meterReading } from './meter-model';
import { RunMetrics, type RunFigures } from './metrics';
import type { OracleSetup } from './oracle';
import { Plant } from './plant';
import { loweredPhases, type ReactionFigures, ReactionTracker } from './reaction';
import { COMMAND_LATENCY_MS, readTelemetry, TELEMETRY_LATENCY_MS, TELEMETRY_PERIOD_MS } from './telemetry-model';

/** Readings after which a run's in-process times count as steady state. */
export const WARMUP_READINGS = 300;

/** What the oracle is given, plus the meter and the policy under test. */
export interface RunSetup extends OracleSetup {
  meter: MeterSetup;
  controller: ControllerFactory;
  /** Keep a chart point every this many ms (omit for none). */
  chartEveryMs?: number;
}

export interface ChartPoint {
  tMs: number;
  pvW: number;
  houseW: number;
  /** A per station: what its car draws on its busiest phase. */
  carA: number[];
}

export interface RunResult {
  figures: RunFigures;
  reaction: ReactionFigures;
  /** µs of in-process time per meter reading handled (the whole decision, all stations). */
  readingWallUs: HistogramData;
  /** The same after the first WARMUP_READINGS readings of the run (JIT compiled, caches warm). */
  steadyReadingWallUs: HistogramData;
  chart?: ChartPoint[];
  /** ms of wall time the run took. */
  wallMs: number;
}

/** Where a station is as far as commands go: what was last decided for it. */
interface Decided {
  currentA: number;
  phases: 1 | 3;
}

/**
 * One policy over one stretch of a home, in simulated time as fast as the machine allows.
 * Discrete events (meter samples and deliveries, telemetry polls, controller ticks, command
 * arrivals) run at their exact ms; between events the plant is constant, and it is re-read at
 * least every simulated second (the home's resolution; the cars' reactions land at the next
 * event or second, so plant-side times are good to 1 s). Metrics stream; nothing per second is
 * kept except the optional chart.
 */
export function simulate(setup: RunSetup): RunResult {
  const wallStart = process.hrtime.bigint();
  const clock = new ManualClock(setup.startMs);
  const plant = new Plant(setup.home, setup.stations, clock);
  const infos: StationInfo[] = setup.stations.map(({ id, gridPhases, minCurrentA, maxCurrentA, canSwitchPhases }) => ({
    id,
    gridPhases,
    minCurrentA,
    maxCurrentA,
    canSwitchPhases,
  }));
  const controller: Controller = setup.controller.create({ mode: setup.mode, limitA: setup.limitA, stations: infos, clock: clock.now });
  const queue = new EventQueue();
  const metrics = new RunMetrics(setup.limitA, setup.stations.length);
  const tracker = new ReactionTracker(setup.limitA);
  const readingWall = new LogHistogram();
  const steadyReadingWall = new LogHistogram();
  let readings = 0;
  const decided: Decided[] = setup.stations.map((s) => ({ currentA: 0, phases: s.gridPhases.length === 3 ? 3 : 1 }));
  const lastCommand: Array<StationTelemetry['lastCommand']> = setup.stations.map(() => undefined);
  const chart: ChartPoint[] | undefined = setup.chartEveryMs ? [] : undefined;

  const timed = <T>(call: () => T): { value: T; us: number } => {
    const t0 = process.hrtime.bigint();
    const value = call();
    return { value, us: Number(process.hrtime.bigint() - t0) / 1000 };
  };

  const apply = (commands: ControlCommand[], tMs: number, wallUs: number): void => {
    for (const cmd of commands) {
      const index = setup.stations.findIndex((s) => s.id === cmd.station);
      if (index < 0) throw new Error(`${setup.controller.name}: command for unknown station ${cmd.station}`);
      if (!isStationCurrent(cmd.currentA)) throw new Error(`${setup.controller.name}: invalid current ${cmd.currentA} A for ${cmd.station}`);
      const station = setup.stations[index];
      const phases: 1 | 3 = station.canSwitchPhases && cmd.phases ? cmd.phases : decided[index].phases;
      const before = decided[index];
      if (before.currentA === cmd.currentA && before.phases === phases) continue; // the station node writes only changes
      const after = { currentA: cmd.currentA, phases };
      decided[index] = after;
      metrics.command();
      tracker.command(tMs, loweredPhases(station.gridPhases, before, after), wallUs);
      queue.schedule(tMs + COMMAND_LATENCY_MS, (at) => {
        clock.set(at);
        const { model } = plant.stations[index];
        const params: Record<string, number> = { dynamic_current: after.currentA };
        if (station.type === '3p22k') params.relay_mode = after.phases;
        model.call('dynamic_current.set', params);
        lastCommand[index] = { currentA: after.currentA, phases: station.canSwitchPhases ? after.phases : undefined, at, accepted: true };
        pollStation(index, at); // the station node re-reads right after a write
      });
    }
  };

  const pollStation = (index: number, atMs: number): void => {
    const { setup: station, model } = plant.stations[index];
    const telemetry = readTelemetry(station, model, atMs, lastCommand[index]);
    queue.schedule(atMs + TELEMETRY_LATENCY_MS, (at) => {
      clock.set(at);
      const r = timed(() => controller.onTelemetry(telemetry, at));
      apply(r.value, at, r.us);
    });
  };

  // meter: sample at t, deliver at t + latency
  for (let t = setup.startMs; t < setup.endMs; t += setup.meter.periodMs) {
    queue.schedule(t, (at) => {
      clock.set(at);
      const reading = meterReading(plant.state(), at);
      queue.schedule(at + setup.meter.latencyMs, (deliveredAt) => {
        clock.set(deliveredAt);
        tracker.reading(deliveredAt, reading);
        const r = timed(() => controller.onReading(reading, deliveredAt));
        readingWall.add(r.us);
        if (++readings > WARMUP_READINGS) steadyReadingWall.add(r.us);
        apply(r.value, deliveredAt, r.us);
      });
    });
  }
  // telemetry polls (offset by half a second from the meter's samples)
  for (let t = setup.startMs; t < setup.endMs; t += TELEMETRY_PERIOD_MS) {
    const at = t === setup.startMs ? t : t + 500;
    queue.schedule(at, (a) => {
      clock.set(a);
      plant.stations.forEach((_, i) => pollStation(i, a));
    });
  }
  // the controller's own loop
  for (let t = setup.startMs + controller.tickMs; t < setup.endMs; t += controller.tickMs) {
    queue.schedule(t, (at) => {
      clock.set(at);
      const r = timed(() => controller.tick(at));
      apply(r.value, at, r.us);
    });
  }

  let t = setup.startMs;
  let nextChartMs = setup.startMs;
  while (t < setup.endMs) {
    queue.runUntil(t);
    clock.set(t);
    const state = plant.state();
    tracker.plant(t, state.gridA);
    const next = Math.min(queue.nextAtMs(), Math.floor(t / 1000) * 1000 + 1000, setup.endMs);
    metrics.segment(t, next - t, state);
    if (chart && t >= nextChartMs) {
      chart.push({
        tMs: t,
        pvW: sumPhases(state.pvW),
        houseW: sumPhases(state.houseW),
        carA: plant.stations.map(({ model }) => Math.max(...model.currentsA())),
      });
      nextChartMs += setup.chartEveryMs as number;
    }
    t = next;
  }
  tracker.plant(setup.endMs, [0, 0, 0]); // close an episode still open at the end
  return {
    figures: metrics.figures(),
    reaction: tracker.figures(),
    readingWallUs: readingWall.toData(),
    steadyReadingWallUs: steadyReadingWall.toData(),
    chart,
    wallMs: Number(process.hrtime.bigint() - wallStart) / 1e6,
  };
}
