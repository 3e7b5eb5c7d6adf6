/**
 * How often a meter or a station reports, from the gaps between its reports: the median of the
 * last few, so one outage or one late report does not move it. A burst (a monophase Pro 3EM sends
 * its three phases within milliseconds) counts as one report.
 */
export class ReportPeriod {
  private readonly gapsMs: number[] = [];
  private lastReportMs?: number;
  /** Kept from the last push: read on every reading and every second's tick, changed only by a new report. */
  private median?: number;

  constructor(
    private readonly keep = 8,
    private readonly burstMs = 250,
  ) {}

  /** A report taken at `atMs` (a clock that never runs back). */
  push(atMs: number): void {
    if (this.lastReportMs !== undefined) {
      const gapMs = atMs - this.lastReportMs;
      if (gapMs < this.burstMs) return;
      this.gapsMs.push(gapMs);
      if (this.gapsMs.length > this.keep) this.gapsMs.shift();
      this.median = this.gapsMs.length < 3 ? undefined : medianOf(this.gapsMs);
    }
    this.lastReportMs = atMs;
  }

  /** The typical gap in ms, or undefined before three gaps are known. */
  medianMs(): number | undefined {
    return this.median;
  }
}

function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
