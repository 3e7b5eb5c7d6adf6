import { NOMINAL_VOLTAGE_V, type GridPhase } from '../grid-phase';
import type { PhaseReading } from '../reading/canonical-reading';

/** One grid phase of a meter reading, reduced to what the load balancer needs. */
export interface GridPhaseMeasure {
  phase: GridPhase;
  /** A, signed by the direction of active power: + import, − export. */
  currentA: number;
  /** W, + import, − export. */
  powerW: number;
  /** V measured, or nominal 230 V. */
  voltageV: number;
}

/**
 * Meters give the RMS current as a magnitude; its direction is the sign of the phase's active
 * power. Without a current the power over the voltage stands in; without a power the current is
 * taken as import (the cautious reading). The reading must have passed checkReading.
 */
export function measureGridPhase(p: PhaseReading): GridPhaseMeasure {
  const voltageV = p.voltage !== undefined && p.voltage > 0 ? p.voltage : NOMINAL_VOLTAGE_V;
  if (p.current !== undefined) {
    const sign = p.power !== undefined && p.power < 0 ? -1 : 1;
    const currentA = sign * Math.abs(p.current);
    return { phase: p.phase, currentA, powerW: p.power ?? currentA * voltageV, voltageV };
  }
  const powerW = p.power as number;
  return { phase: p.phase, currentA: powerW / voltageV, powerW, voltageV };
}
