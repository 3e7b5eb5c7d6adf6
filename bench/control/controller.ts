import type { Clock } from '../../lib/clock';
import type { GridPhase } from '../../lib/grid-phase';
import type { CanonicalReading } from '../../lib/reading/canonical-reading';
import type { StationTelemetry } from '../../lib/lektrico/station-telemetry';

/** The charging modes the benchmark runs (LEKTRI.CO POWER / HYBRID / GREEN). */
export type BenchMode = 'power' | 'hybrid' | 'green';

/** What a policy asks of one station: 0 (pause) or a whole number of A within its range. */
export interface ControlCommand {
  station: string;
  currentA: number;
  /** 1 or 3 for a station that may switch; absent = leave as is. */
  phases?: 1 | 3;
}

/** The installation a policy is configured for (what an installer would enter). */
export interface StationInfo {
  id: string;
  gridPhases: GridPhase[];
  minCurrentA: number;
  maxCurrentA: number;
  canSwitchPhases: boolean;
}

export interface ControllerContext {
  mode: BenchMode;
  /** A per phase at the grid connection. */
  limitA: number;
  stations: StationInfo[];
  /** Simulated time. */
  clock: Clock;
}

/**
 * A charging policy under test: ours (the lib/energy chain) or a baseline modelled from an
 * anchor's documented defaults. It sees exactly what a real controller would: meter readings
 * when the meter model delivers them, station telemetry when the station is polled, and a tick
 * every `tickMs` (its own control loop). It answers with commands; the harness applies them to
 * the stations after the command latency.
 */
export interface Controller {
  readonly tickMs: number;
  onReading(reading: CanonicalReading, nowMs: number): ControlCommand[];
  onTelemetry(telemetry: StationTelemetry, nowMs: number): ControlCommand[];
  tick(nowMs: number): ControlCommand[];
}

export interface ControllerFactory {
  /** Row label in the report, e.g. "evcc-like". */
  name: string;
  create(context: ControllerContext): Controller;
  /** Modes the modelled product does not have, with the reason (the bench leaves those rows out). */
  unsupported?: Partial<Record<BenchMode, string>>;
  /** Set for another setting of a policy (its name): shown only where it applies, never a baseline. */
  variantOf?: string;
}
