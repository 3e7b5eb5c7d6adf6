/**
 * A streaming log-scale histogram (about 2 % bins) for latencies: bounded memory whatever the
 * run length, percentiles within a bin's width, mergeable across runs and worker threads
 * (toData/fromData are plain JSON).
 */
const BINS_PER_DOUBLING = 32;

export interface HistogramData {
  n: number;
  zeros: number;
  max: number;
  bins: Array<[number, number]>;
}

export class LogHistogram {
  private readonly counts = new Map<number, number>();
  private n = 0;
  private maxValue = 0;
  private zeros = 0;

  static fromData(data: HistogramData): LogHistogram {
    const h = new LogHistogram();
    h.merge(data);
    return h;
  }

  toData(): HistogramData {
    return { n: this.n, zeros: this.zeros, max: this.maxValue, bins: [...this.counts.entries()] };
  }

  merge(data: HistogramData): void {
    this.n += data.n;
    this.zeros += data.zeros;
    this.maxValue = Math.max(this.maxValue, data.max);
    for (const [bin, count] of data.bins) this.counts.set(bin, (this.counts.get(bin) ?? 0) + count);
  }

  add(value: number): void {
    this.n++;
    if (value > this.maxValue) this.maxValue = value;
    if (value <= 0) {
      this.zeros++;
      return;
    }
    const bin = Math.floor(Math.log2(value) * BINS_PER_DOUBLING);
    this.counts.set(bin, (this.counts.get(bin) ?? 0) + 1);
  }

  get count(): number {
    return this.n;
  }

  get max(): number {
    return this.maxValue;
  }

  /** The q-quantile (0..1): upper edge of the bin that holds it (exact for 0 and the max). */
  quantile(q: number): number {
    if (this.n === 0) return NaN;
    const rank = Math.ceil(q * this.n);
    if (rank <= this.zeros) return 0;
    let seen = this.zeros;
    for (const bin of [...this.counts.keys()].sort((a, b) => a - b)) {
      seen += this.counts.get(bin) as number;
      if (seen >= rank) return Math.min(this.maxValue, 2 ** ((bin + 1) / BINS_PER_DOUBLING));
    }
    return this.maxValue;
  }
}
