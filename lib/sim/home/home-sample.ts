/**
 * What a simulated home gives at one instant: W per grid phase L1, L2, L3 for the household
 * consumption (without the EV) and for the PV generation. The grid connection then sees, per
 * phase, house − pv + cars (positive = import).
 */
export type PhaseTriple = [number, number, number];

export interface HomeSample {
  houseW: PhaseTriple;
  pvW: PhaseTriple;
}

/** A home that can say its per-phase load and PV at any instant (pure: same t, same answer). */
export interface HomeSource {
  readonly name: string;
  at(tMs: number): HomeSample;
}

export function sumPhases(values: readonly number[]): number {
  return values[0] + values[1] + values[2];
}

/** Per-phase grid power (W, + import) for a home sample plus the cars' per-phase draw. */
export function gridPhasesW(sample: HomeSample, carsW: readonly number[] = [0, 0, 0]): PhaseTriple {
  return [0, 1, 2].map((p) => sample.houseW[p] - sample.pvW[p] + (carsW[p] ?? 0)) as PhaseTriple;
}
