/**
 * The highest value of a sampled signal over a trailing window, where each sample stands until the
 * next one arrives. A rise shows at once; a fall shows only once the lower value has stood for
 * the whole window. That is what lets the load balancer cut at once and raise only after the car
 * has settled, the same way for 1 s pushes and 10 s polls (with 10 s polls a fall shows on the
 * second low sample, 10 s after the first).
 *
 * Samples must come in time order. Kept as a monotonic deque (values decreasing from the front),
 * so each push costs O(1) amortised whatever the sample rate.
 */
interface Sample {
  atMs: number;
  value: number;
  /** When the next sample arrived (the end of this one's validity); undefined for the newest. */
  endMs?: number;
}

export class PeakHold {
  private readonly samples: Sample[] = [];

  constructor(private readonly holdMs: number) {}

  /**
   * Adds a sample taken at atMs and returns the held value; holdMs may grow or shrink from one
   * sample to the next (samples already past a shorter window are not brought back).
   */
  push(atMs: number, value: number, holdMs = this.holdMs): number {
    const newest = this.samples[this.samples.length - 1];
    if (newest) newest.endMs = atMs;
    // A sample at or below the new value can never be the maximum again: the new one covers
    // every window that reaches the present.
    while (this.samples.length > 0 && this.samples[this.samples.length - 1].value <= value) this.samples.pop();
    this.samples.push({ atMs, value });
    const windowStartMs = atMs - holdMs;
    while (this.samples.length > 1 && (this.samples[0].endMs ?? Infinity) <= windowStartMs) this.samples.shift();
    return this.samples[0].value;
  }

  /** The held value, or undefined before the first sample. */
  get value(): number | undefined {
    return this.samples[0]?.value;
  }
}
