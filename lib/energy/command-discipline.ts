import { InputError } from '../input-error';
import { checkNumber, withoutUndefined } from './config-check';

/** How often and how far a station's current may rise. */
export interface DisciplineConfig {
  /** ms between a station's last change and its next increase (the car needs ~5 s to follow). */
  increaseIntervalMs: number;
  /** A by which one increase may raise a running station at most; 0 = no limit. */
  maxIncreaseStepA: number;
}

/**
 * 5 s: the go-e vendor's advice for any control loop and IEC 61851-1's time for a car to follow a
 * new limit. 6 A per step (≈ 4 kW on 3 phases) brings a car from 6 to 32 A in 25 s, and bounds
 * the overshoot if a house load appears during the step (openWB moves at most 5 A per 10 s).
 */
export const DISCIPLINE_DEFAULTS: DisciplineConfig = { increaseIntervalMs: 5_000, maxIncreaseStepA: 6 };

export function checkDisciplineConfig(raw: Partial<DisciplineConfig>): DisciplineConfig {
  const c = { ...DISCIPLINE_DEFAULTS, ...withoutUndefined(raw) };
  const maxIncreaseStepA = checkNumber('increase step', c.maxIncreaseStepA, { min: 0, unit: 'A' });
  // Commands are whole amperes (pace() rounds the step down): a step between 0 and 1 A would hold every car at its minimum.
  if (maxIncreaseStepA > 0 && maxIncreaseStepA < 1) {
    throw new InputError(`increase step must be 0 (no limit) or at least 1 A (got ${maxIncreaseStepA}): commands are whole amperes, so a smaller step would never raise a car`);
  }
  return {
    increaseIntervalMs: checkNumber('increase interval', c.increaseIntervalMs, { min: 0, unit: 'ms' }),
    maxIncreaseStepA,
  };
}

export interface Command {
  currentA: number;
  phases?: 1 | 3;
}

/**
 * Per-station command pacing: a decrease goes out at once (safety), an increase only once the
 * interval since the station's last change has passed, and by at most one step. The result is
 * never above what was asked, so it keeps every limit the asked-for value keeps.
 */
export class CommandDiscipline {
  private readonly last = new Map<string, Command & { changedAtMs: number }>();

  constructor(private readonly config: DisciplineConfig) {}

  /** The last command sent to a station and when it changed, if any. */
  lastCommand(station: string): (Command & { changedAtMs: number }) | undefined {
    return this.last.get(station);
  }

  /**
   * What to command now for a wanted current (0 or within [minA, maxA]). The wanted value is
   * returned when it is not higher, or when holding the previous one would leave [minA, maxA].
   */
  pace(station: string, wanted: Command, minA: number, maxA: number, nowMs: number): Command {
    const prev = this.last.get(station);
    if (!prev) return wanted;
    const rises = wanted.currentA > prev.currentA || (wanted.currentA > 0 && (wanted.phases ?? 0) > (prev.phases ?? 0));
    if (!rises) return wanted;
    if (prev.currentA > 0 && (prev.currentA < minA || prev.currentA > maxA)) return wanted;
    if (nowMs - prev.changedAtMs < this.config.increaseIntervalMs) {
      // Hold the previous value; a pending phase increase waits too, a switch down goes out now (with the held
      // current on the one phase left: never more on any phase than both the previous and the wanted command).
      if (prev.currentA === 0) return { ...wanted, currentA: 0 };
      const phases = wanted.phases !== undefined && prev.phases !== undefined && wanted.phases < prev.phases ? wanted.phases : prev.phases;
      return { currentA: Math.min(prev.currentA, wanted.currentA), phases };
    }
    const step = this.config.maxIncreaseStepA;
    if (step <= 0 || wanted.currentA <= prev.currentA) return wanted;
    // From a pause the first step is the minimum itself: never between 0 and the minimum.
    const currentA = Math.min(wanted.currentA, Math.max(minA, prev.currentA + Math.floor(step)));
    return { ...wanted, currentA };
  }

  /** Records what was commanded; returns true when it differs from the last command. */
  commit(station: string, command: Command, nowMs: number): boolean {
    const prev = this.last.get(station);
    const changed = !prev || prev.currentA !== command.currentA || prev.phases !== command.phases;
    if (changed) this.last.set(station, { ...command, changedAtMs: nowMs });
    return changed;
  }
}
