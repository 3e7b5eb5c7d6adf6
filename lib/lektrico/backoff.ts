/**
 * Retry delays for an unreachable station: the poll interval, doubling after each failed
 * attempt, capped, so a switched-off station costs a request every few seconds at most and
 * never a tight loop.
 */
export const MAX_RETRY_DELAY_MS = 30_000;
/** The cap is at most this many poll intervals (short intervals give short caps, e.g. in tests). */
export const RETRY_CAP_POLL_INTERVALS = 16;

export function retryCapMs(pollIntervalMs: number): number {
  return Math.max(pollIntervalMs, Math.min(MAX_RETRY_DELAY_MS, pollIntervalMs * RETRY_CAP_POLL_INTERVALS));
}

/** Delay before the next attempt after `failures` consecutive failures (1 = the first). */
export function backoffDelayMs(failures: number, baseMs: number, capMs: number): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  return Math.min(capMs, baseMs * 2 ** exponent);
}
