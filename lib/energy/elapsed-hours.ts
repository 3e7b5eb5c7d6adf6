import { HOUR_MS } from './units';

/**
 * The hours between one update of an energy account (W × h) and the next. Nothing is counted for
 * the first update, after pause() (a spell whose power is unknown, or not this account's), or
 * while the clock is behind the latest update seen (a clock set back counts no time twice).
 */
export class ElapsedHours {
  private lastMs?: number;

  /** Hours since the previous call (0 on the first, after pause(), or while the clock is behind). */
  next(nowMs: number): number {
    const hours = this.lastMs === undefined ? 0 : Math.max(0, nowMs - this.lastMs) / HOUR_MS;
    this.lastMs = Math.max(nowMs, this.lastMs ?? -Infinity);
    return hours;
  }

  /** The next call counts no time. */
  pause(): void {
    this.lastMs = undefined;
  }
}
