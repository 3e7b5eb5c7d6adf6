import { NOMINAL_VOLTAGE_V, type GridPhase } from '../grid-phase';
import type { PhaseReading } from '../reading/canonical-reading';

/** One grid phase of a meter reading, reduced to what the load balancer needs. */
export interface GridPhaseMeasure {
  phase: GridPhase;
  /** A, signed by the direction of active power: + import, − export. */
  currentA: number;
  /** W, + import, − export. */
  powerW: number;
  /** V measured (within 50–300 V), or nominal 230 V. */
  voltageV: number;
}

/**
 * A phase voltage outside these is no grid's (0 V: not measured; 0.5 V or 10 kV: a fault or a
 * unit mistake). Taken as measured it would turn a power into a huge current, or a tiny one that
 * hides a real load, so the nominal voltage stands in.
 */
const MIN_GRID_VOLTAGE_V = 50;
const MAX_GRID_VOLTAGE_V = 300;

/**
 * Meters give the RMS current as a magnitude; its direction is the sign of the phase's active
 * power. Without a current the power over the voltage stands in; without a power the current is
 * taken as import (the cautious reading). The reading must have passed checkReading.
 */
export function measureGridPhase(p: PhaseReading): GridPhaseMeasure {
  const voltageV = p.voltage !== undefined && p.voltage >= MIN_GRID_VOLTAGE_V && p.voltage <= MAX_GRID_VOLTAGE_V ? p.voltage : NOMINAL_VOLTAGE_V;
  if (p.current !== undefined) {
    const sign = p.power !== undefined && p.power < 0 ? -1 : 1;
    const currentA = sign * Math.abs(p.current);
    return { phase: p.phase, currentA, powerW: p.power ?? currentA * voltageV, voltageV };
  }
  const powerW = p.power as number;
  return { phase: p.phase, currentA: powerW / voltageV, powerW, voltageV };
}
