import type { GridPhase } from '../grid-phase';
import type { StationTelemetry } from '../lektrico/station-telemetry';

/**
 * Message contracts of the energy chain:
 *   canonical reading → load balancer → Headroom → PV surplus → ChargingTarget → power splitter → StationCommand
 * Sign convention everywhere: power/current positive = import from the grid, negative = export.
 */

/** One grid phase as the load balancer sees it. */
export interface PhaseHeadroom {
  phase: GridPhase;
  /** A at the grid connection, signed by the direction of active power (negative = export). */
  gridCurrentA: number;
  /** A drawn by all stations on this phase (from their telemetry). */
  carCurrentA: number;
  /** A drawn by everything else: grid − cars, as used for the limit (held high while the cars settle). */
  houseCurrentA: number;
  /** A, the per-phase limit (breaker rating). */
  limitA: number;
  /** A that all stations on this phase may draw together: limit − margin − house, never below 0. */
  headroomA: number;
  /** V measured on this phase, or nominal 230 V. */
  voltageV: number;
}

/** Output of the load balancer; input of the PV surplus calculator. */
export interface Headroom {
  kind: 'headroom';
  /** ms: time of the meter reading it was computed from (now, in fail-safe). */
  timestamp: number;
  /** ms: age of the newest meter reading when this was computed. */
  readingAgeMs: number;
  /** The measured grid phases, L1..L3 order (1 entry in a single-phase home). */
  phases: PhaseHeadroom[];
  /** W at the grid connection (+ import, − export). */
  gridPowerW: number;
  /** W drawn by all stations. */
  carPowerW: number;
  /** W drawn by everything else. */
  housePowerW: number;
  /** W that all stations together may draw under the total power cap; absent when no cap is set. */
  powerHeadroomW?: number;
  /** Present when the meter data is stale or missing: every station gets at most this current. */
  failsafe?: { currentA: number; reason: string };
  /** Latest telemetry of every station heard from, fresh or not. */
  stations: StationTelemetry[];
}

export type ChargingMode = 'off' | 'power' | 'hybrid' | 'green';
export const CHARGING_MODES: readonly ChargingMode[] = ['off', 'power', 'hybrid', 'green'];

/** Output of the PV surplus calculator; input of the power splitter. */
export interface ChargingTarget extends Omit<Headroom, 'kind'> {
  kind: 'charging-target';
  mode: ChargingMode;
  /**
   * W that all stations together may draw by the mode's rule: PV surplus (Green), surplus but at
   * least the guaranteed minimum (Hybrid), 0 (Off). Absent in Power mode: only the hard limits
   * (phases' headroom, power cap) apply.
   */
  budgetW?: number;
  /** A every car is guaranteed from the grid whatever the sun does (Hybrid: lb_hybrid_current), within the hard limits. */
  guaranteedA?: number;
  /** W of PV surplus available to the cars: export + the cars' own draw, after the battery policy. */
  surplusW: number;
  /** Whether PV charging is enabled (Green/Hybrid start/stop state; always true in Power). */
  enabled: boolean;
  /** Phases to use per station id, for stations that can switch (forced or automatic 1/3). */
  phaseChoice: Record<string, 1 | 3>;
  /** Why the target is what it is, for status and dashboards. */
  reason: string;
  /** A running start/stop/phase-switch timer, if any. */
  timer?: { action: 'start' | 'stop' | 'switch-to-1p' | 'switch-to-3p'; remainingS: number };
  /**
   * Green with a limit on starts: a charging car on 3 phases in a dip is switched to 1 phase on a
   * grid budget, not a timer (a switch is a start). Wh the 3-phase minimum is still to take from
   * the grid before the first such station switches; absent when none waits.
   */
  switchDownAfterWh?: number;
  /**
   * Green starts each competing station has left in the last 24 hours, when the PV surplus node
   * limits them: the power splitter starts no car with 0 left (it may still resume one it paused
   * for the limits).
   */
  startsLeft?: Record<string, number>;
}

/** One command of the power splitter for one station; input of the station output node. */
export interface StationCommand {
  kind: 'station-command';
  station: string;
  /** 0 (pause) or an integer within [the station's minimum, its maximum]. */
  currentA: number;
  /** Phases to charge on, for stations that can switch; absent otherwise. */
  phases?: 1 | 3;
  reason: string;
  timestamp: number;
}

/** Home battery, as the PV surplus calculator accepts it (msg.topic "battery"). */
export interface BatteryStatus {
  /** W, positive = charging (a load on the house), negative = discharging. */
  powerW: number;
  /** State of charge, % (0..100). */
  soc?: number;
  timestamp: number;
}
