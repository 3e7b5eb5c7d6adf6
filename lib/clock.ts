import { InputError } from './input-error';

/**
 * Time is a parameter: every rule with a delay, a timeout or a rate reads the time
 * through a Clock, so tests and the benchmark run days in milliseconds and the
 * nodes use the wall clock.
 */
export type Clock = () => number;

/**
 * How far ahead of this machine's clock a message may be stamped. Time may run ahead of the wall
 * clock (a simulation driving the nodes, a device clock that is a little fast), but no clock is an
 * hour fast: such a stamp is a wrong clock or a unit mistake (µs, a year off), and accepted it
 * would make every later, correctly stamped message look out of order, or stale data look fresh.
 */
export const MAX_CLOCK_AHEAD_MS = 60 * 60_000;

/** Throws an InputError when timestampMs is more than MAX_CLOCK_AHEAD_MS ahead of nowMs; `stamp` names it ("battery timestamp"). */
export function refuseStampAhead(stamp: string, timestampMs: number, nowMs: number): void {
  if (timestampMs - nowMs <= MAX_CLOCK_AHEAD_MS) return;
  throw new InputError(`${stamp} ${timestampMs} is more than an hour ahead of this machine's clock (${nowMs}): check the clock that stamped it`);
}

/**
 * A hint for a stamp far in the past: in seconds since the epoch (a frequent unit mistake, e.g. a
 * Unix time from another tool), a reading of today is a 1970 stamp in ms. Empty when the stamp
 * could be ms (from 1973 on) or the clock itself is not a wall clock (tests, simulations from 0).
 */
export function secondsStampHint(timestampMs: number, nowMs: number): string {
  const looksLikeSeconds = timestampMs > 0 && timestampMs < 1e11 && Math.abs(timestampMs * 1000 - nowMs) <= MAX_CLOCK_AHEAD_MS * 24;
  return looksLikeSeconds ? ` (its timestamp ${timestampMs} looks like seconds since the epoch: give milliseconds)` : '';
}

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
