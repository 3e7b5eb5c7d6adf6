import { Backoff } from '../backoff';

/**
 * Retry delays for an unreachable station: the poll interval, doubling after each failed
 * attempt, capped, so a switched-off station costs a request every few seconds at most and
 * never a tight loop. No jitter: each station has one node polling it, so nothing is in lock-step.
 */
export const MAX_RETRY_DELAY_MS = 30_000;
/** The cap is at most this many poll intervals (short intervals give short caps, e.g. in tests). */
export const RETRY_CAP_POLL_INTERVALS = 16;

export function retryCapMs(pollIntervalMs: number): number {
  return Math.max(pollIntervalMs, Math.min(MAX_RETRY_DELAY_MS, pollIntervalMs * RETRY_CAP_POLL_INTERVALS));
}

/** The back-off of one station: the poll interval after the first failure, doubling up to capMs. */
export function stationBackoff(pollIntervalMs: number, capMs = retryCapMs(pollIntervalMs)): Backoff {
  return new Backoff({ initialMs: pollIntervalMs, maxMs: Math.max(pollIntervalMs, capMs), jitterRatio: 0 });
}
