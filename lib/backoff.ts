/**
 * Capped exponential back-off with jitter for reconnecting to a device:
 * initialMs, 2×, 4×, … up to maxMs, each spread by ±jitterRatio so that many nodes restarted
 * together do not hit a device (or a Node-RED host) in lock-step.
 */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** Growth per failure; default 2. */
  factor?: number;
  /** 0..1, share of the delay that is randomised; default 0.2. */
  jitterRatio?: number;
  /** Random source in [0, 1); injectable for tests. */
  random?: () => number;
}

export const DEFAULT_BACKOFF = { initialMs: 1000, maxMs: 30_000 } as const;

export class Backoff {
  private failures = 0;
  private readonly factor: number;
  private readonly jitterRatio: number;
  private readonly random: () => number;

  constructor(private readonly options: BackoffOptions) {
    if (!(options.initialMs > 0) || !(options.maxMs >= options.initialMs)) {
      throw new RangeError(`back-off needs 0 < initialMs <= maxMs (got ${options.initialMs}, ${options.maxMs})`);
    }
    this.factor = options.factor ?? 2;
    this.jitterRatio = Math.min(1, Math.max(0, options.jitterRatio ?? 0.2));
    this.random = options.random ?? Math.random;
  }

  /** Failures since the last success. */
  get attempts(): number {
    return this.failures;
  }

  /** The delay before the next attempt, and counts one more failure. */
  next(): number {
    const base = Math.min(this.options.maxMs, this.options.initialMs * this.factor ** this.failures);
    this.failures += 1;
    return this.spread(base);
  }

  /** The longest delay (for failures that retrying soon cannot fix); later steps stay at the cap. */
  longest(): number {
    this.failures = Math.max(this.failures + 1, Math.ceil(Math.log(this.options.maxMs / this.options.initialMs) / Math.log(this.factor)) + 1);
    return this.spread(this.options.maxMs);
  }

  reset(): void {
    this.failures = 0;
  }

  private spread(baseMs: number): number {
    const jitter = baseMs * this.jitterRatio * (2 * this.random() - 1);
    return Math.round(Math.min(this.options.maxMs, Math.max(this.options.initialMs / 2, baseMs + jitter)));
  }
}
