import { type GridPhase, phaseIndex } from '../../grid-phase';
import type { PhaseTriple } from './home-sample';

/**
 * The recordings we replay have no per-phase data, so how a home's load and PV sit on the three
 * phases is an assumption, stated here once:
 * - Unplaced house load (lights, sockets, electronics, cooking not sub-metered) is shared
 *   L1 40 %, L2 35 %, L3 25 %: installers balance circuits roughly, and L1 usually carries the
 *   most (it feeds the first socket circuits). The imbalance matters: the car's headroom is set
 *   by the fullest phase.
 * - Sub-metered appliances sit where a German installation usually puts them: heat pump on all
 *   three phases (a three-phase compressor), washing machine L2, dishwasher L3, freezer L3,
 *   refrigerator L1. Built-in-model and variability appliances carry their own phases.
 * - PV: a three-phase symmetric inverter by default (VDE-AR-N 4105 caps single-phase feed-in at
 *   4.6 kVA, so systems above that are three-phase); a single-phase inverter can be chosen.
 * A load on several phases is split equally between them.
 */
export type PvInverter = 'three-phase' | GridPhase;

export interface PhaseSplitOptions {
  houseShares?: PhaseTriple;
  circuitPhases?: Record<string, GridPhase[]>;
  pvInverter?: PvInverter;
}

export const DEFAULT_HOUSE_SHARES: PhaseTriple = [0.4, 0.35, 0.25];
export const DEFAULT_CIRCUIT_PHASES: Record<string, GridPhase[]> = {
  heat_pump: ['L1', 'L2', 'L3'],
  washing_machine: ['L2'],
  dishwasher: ['L3'],
  freezer: ['L3'],
  refrigerator: ['L1'],
};

/** Adds powerW to `into`, shared equally by the given phases. */
export function addOnPhases(into: PhaseTriple, phases: readonly GridPhase[], powerW: number): void {
  const each = powerW / phases.length;
  for (const p of phases) into[phaseIndex(p)] += each;
}

export function splitByShares(totalW: number, shares: PhaseTriple = DEFAULT_HOUSE_SHARES): PhaseTriple {
  return [totalW * shares[0], totalW * shares[1], totalW * shares[2]];
}

export function splitPv(pvW: number, inverter: PvInverter = 'three-phase'): PhaseTriple {
  if (inverter === 'three-phase') return [pvW / 3, pvW / 3, pvW / 3];
  const out: PhaseTriple = [0, 0, 0];
  out[phaseIndex(inverter)] = pvW;
  return out;
}

export function validateShares(shares: PhaseTriple): void {
  const sum = shares[0] + shares[1] + shares[2];
  if (shares.some((s) => s < 0) || Math.abs(sum - 1) > 1e-9) throw new Error(`house phase shares must be ≥ 0 and sum to 1 (got ${shares.join(', ')})`);
}
