import type { PhaseTriple } from '../home/home-sample';
import type { PointSetting } from '../shelly/measuring-point';

/**
 * A single-phase home is one phase: whatever the home model puts on L2 and L3 (it models three)
 * is on L1 there. Three-phase homes keep their phases.
 */
export function foldPhases(w: PhaseTriple, threePhase: boolean): PhaseTriple {
  return threePhase ? w : [w[0] + w[1] + w[2], 0, 0];
}

/**
 * How per-phase power appears on a meter's measuring points: a three-phase meter measures L1, L2,
 * L3 on its phases A, B, C; a one- or two-channel meter measures L1 on its first channel, and its
 * other channels are left alone (free for an EV or PV sub-meter).
 */
export function meterPoints(w: PhaseTriple, threePhaseMeter: boolean, voltagesV: PhaseTriple): PointSetting[] {
  if (threePhaseMeter) return w.map((powerW, i) => ({ powerW, voltageV: voltagesV[i] }));
  return [{ powerW: w[0] + w[1] + w[2], voltageV: voltagesV[0] }];
}
