/**
 * Time is a parameter: every rule with a delay, a timeout or a rate reads the time
 * through a Clock, so tests and the benchmark run days in milliseconds and the
 * nodes use the wall clock.
 */
export type Clock = () => number;

/** Wall-clock milliseconds since the epoch. */
export const systemClock: Clock = () => Date.now();

/** A clock the caller moves by hand (tests, simulations). */
export class ManualClock {
  constructor(private nowMs = 0) {}
  readonly now: Clock = () => this.nowMs;
  advance(ms: number): number {
    this.nowMs += ms;
    return this.nowMs;
  }
  set(ms: number): void {
    this.nowMs = ms;
  }
}
