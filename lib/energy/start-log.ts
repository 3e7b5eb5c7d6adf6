const DAY_MS = 86_400_000;

/**
 * A stop and a start within this time are one contactor cycle: a 1↔3 switch is counted when it
 * is commanded, and the car resuming on its new phases a few seconds later is that same switch.
 */
export const SAME_CYCLE_MS = 60_000;

/**
 * Starts per station in the last 24 hours, for Green's optional limit on starts (per station:
 * the car and the contactor that should not be cycled often are that station's). A station's
 * count is of its present car: forget() clears it when that car leaves.
 */
export class StartLog {
  private readonly starts = new Map<string, number[]>();

  /** maxPerDay: starts allowed in any 24 hours; 0 = no limit (nothing is kept). */
  constructor(private readonly maxPerDay: number) {}

  get limited(): boolean {
    return this.maxPerDay > 0;
  }

  /** A charge of this station started (or its contactor opened and closed for a phase switch). */
  record(station: string, nowMs: number): void {
    if (!this.limited) return;
    const times = this.recent(station, nowMs);
    const last = times.at(-1);
    if (last !== undefined && nowMs - last < SAME_CYCLE_MS) return;
    this.starts.set(station, [...times, nowMs]);
  }

  /** The station's car left: the next car there is a new session with all its starts. */
  forget(station: string): void {
    this.starts.delete(station);
  }

  /** Starts this station has left in the last 24 hours; Infinity without a limit. */
  left(station: string, nowMs: number): number {
    if (!this.limited) return Infinity;
    return Math.max(0, this.maxPerDay - this.recent(station, nowMs).length);
  }

  private recent(station: string, nowMs: number): number[] {
    const times = (this.starts.get(station) ?? []).filter((t) => nowMs - t < DAY_MS);
    this.starts.set(station, times);
    return times;
  }
}

/** Sort order by starts left, fewest first; Infinity (no limit) last, without NaN. */
export function fewerStartsLeftFirst(a: number, b: number): number {
  return a === b ? 0 : a < b ? -1 : 1;
}
