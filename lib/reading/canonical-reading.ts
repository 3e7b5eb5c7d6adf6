import type { GridPhase } from '../grid-phase';

/**
 * The canonical reading: what the normalizer emits and every energy node consumes,
 * whatever meter produced it. Sign convention: power positive = import from the grid,
 * negative = export. Fields a device cannot give are absent, never 0 or NaN.
 */
export interface CanonicalReading {
  /** Milliseconds since the epoch at which the values were measured (or received). */
  timestamp: number;
  device: {
    generation?: number;
    model?: string;
    id?: string;
  };
  /** 1 to 3 entries in grid-phase order L1, L2, L3; each says which phase it is. */
  phases: PhaseReading[];
  /** W, the sum of the phases' power. */
  power: number;
  /** Wh counters where the device reports them. */
  energy?: {
    import?: number;
    export?: number;
  };
}

export interface PhaseReading {
  phase: GridPhase;
  /** W, signed like CanonicalReading.power. */
  power?: number;
  /** A, RMS magnitude as measured (never negative). */
  current?: number;
  /** V */
  voltage?: number;
  /** Power factor, as reported (its sign is not a direction). */
  pf?: number;
  /** Hz */
  frequency?: number;
  /**
   * true when the meter measures this phase's power as a magnitude only (Gen1 plugs, Plus 1PM…):
   * export cannot be seen on it, so its power is never negative. Absent on signed meters.
   */
  unsigned?: true;
  /** Names of the fields above that were computed rather than measured (e.g. Gen1 EM current). */
  derived?: Array<'power' | 'current'>;
}
