import { checkNumber, withoutUndefined } from './config-check';

/** Redistribution of what a car does not take (EVerest's PowerRedistribution). */
export interface UnderuseConfig {
  /** A below its command that counts as under-use. */
  thresholdA: number;
  /** ms the under-use must last before the station is capped. */
  holdMs: number;
  /** A above its measured draw that a capped station keeps, so it can show that it wants more. */
  marginA: number;
}

/**
 * 2 A: most cars draw ~95 % of the signal and a Zoe ~8 % more, both inside 2 A at 16 A (EVerest
 * uses a 2 A margin). 30 s: longer than a car's 5–11 s reaction to a new limit, so a ramp is not
 * mistaken for under-use.
 */
export const UNDERUSE_DEFAULTS: UnderuseConfig = { thresholdA: 2, holdMs: 30_000, marginA: 2 };

export function checkUnderuseConfig(raw: Partial<UnderuseConfig>): UnderuseConfig {
  const c = { ...UNDERUSE_DEFAULTS, ...withoutUndefined(raw) };
  return {
    thresholdA: checkNumber('under-use threshold', c.thresholdA, { min: 0.5, unit: 'A' }),
    holdMs: checkNumber('under-use hold', c.holdMs, { min: 0, unit: 'ms' }),
    marginA: checkNumber('under-use margin', c.marginA, { min: 1, unit: 'A' }),
  };
}

/**
 * Per station: a car that has drawn well below its command for holdMs is capped at its draw +
 * margin, so the others get the rest; the cap lifts as soon as the car draws close to it.
 */
export class UnderuseTracker {
  private readonly state = new Map<string, { sinceMs?: number; capA?: number }>();

  constructor(private readonly config: UnderuseConfig) {}

  /** The cap in whole amps (never below minA), or undefined when the station takes what it gets. */
  update(station: string, measuredA: number, commandedA: number, minA: number, nowMs: number): number | undefined {
    if (commandedA <= 0) {
      this.state.delete(station);
      return undefined;
    }
    let s = this.state.get(station);
    if (!s) this.state.set(station, (s = {}));
    if (measuredA < commandedA - this.config.thresholdA) {
      s.sinceMs ??= nowMs;
      if (nowMs - s.sinceMs >= this.config.holdMs) s.capA = Math.max(minA, Math.ceil(measuredA + this.config.marginA));
    } else {
      s.sinceMs = undefined;
      if (s.capA !== undefined && measuredA >= s.capA - 1) s.capA = undefined;
    }
    return s.capA;
  }

  /** Whether the station is capped and draws nothing: it keeps its minimum but takes no PV budget. */
  idle(station: string, measuredA: number): boolean {
    return this.state.get(station)?.capA !== undefined && measuredA < 1;
  }

  forget(station: string): void {
    this.state.delete(station);
  }
}
