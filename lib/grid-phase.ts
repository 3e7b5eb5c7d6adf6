/** The three phases of the grid connection, in the order every array in this package uses. */
export type GridPhase = 'L1' | 'L2' | 'L3';
export const GRID_PHASES: readonly GridPhase[] = ['L1', 'L2', 'L3'];

/** Index (0..2) of a grid phase in L1, L2, L3 arrays. */
export function phaseIndex(phase: GridPhase): number {
  return GRID_PHASES.indexOf(phase);
}

export function isGridPhase(value: unknown): value is GridPhase {
  return value === 'L1' || value === 'L2' || value === 'L3';
}

/** Nominal voltage used when a phase voltage is not measured. */
export const NOMINAL_VOLTAGE_V = 230;

/**
 * Parses an installer's phase wiring: "L1,L2,L3", "L2", "L2 L3 L1", ["L3"] …
 * Returns undefined when the text is not a list of 1 to 3 distinct grid phases.
 */
export function parsePhaseList(value: unknown): GridPhase[] | undefined {
  const items = Array.isArray(value)
    ? value
    : typeof value === 'string'
      ? value.split(/[\s,;/]+/).filter((s) => s.length > 0)
      : undefined;
  if (!items || items.length < 1 || items.length > 3) return undefined;
  const phases = items.map((s) => (typeof s === 'string' ? s.trim().toUpperCase() : s));
  if (!phases.every(isGridPhase)) return undefined;
  if (new Set(phases).size !== phases.length) return undefined;
  return phases as GridPhase[];
}
