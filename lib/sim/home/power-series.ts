/**
 * A power trace as measured data gives it: a sequence of intervals, each with its average power.
 * Interval i covers [startsMs[i], startsMs[i + 1]) (the last one ends at endMs).
 *
 * Reading the power at any time t (ms):
 * - 'step': the average of the interval that contains t, i.e. exactly what the data says. Every
 *   interval keeps its measured energy; the jumps at interval edges are artefacts of averaging.
 * - 'linear': straight lines between the interval midpoints (held flat before the first midpoint
 *   and after the last one). Smoother, closer to how PV really moves between 15-min averages;
 *   an interval's energy is kept only approximately (exactly where the neighbours are level).
 * Outside [startMs, endMs) the first or last value is held: callers that want wrapping do it
 * themselves (see TraceHome).
 */
export type Interpolation = 'step' | 'linear';

export class PowerSeries {
  readonly startMs: number;

  constructor(
    readonly startsMs: readonly number[],
    readonly valuesW: readonly number[],
    readonly endMs: number,
  ) {
    if (startsMs.length === 0 || startsMs.length !== valuesW.length) {
      throw new Error(`PowerSeries: ${startsMs.length} times for ${valuesW.length} values`);
    }
    for (let i = 1; i < startsMs.length; i++) {
      if (!(startsMs[i] > startsMs[i - 1])) throw new Error(`PowerSeries: times not increasing at index ${i}`);
    }
    if (!(endMs > startsMs[startsMs.length - 1])) throw new Error('PowerSeries: end before the last interval start');
    if (!valuesW.every(Number.isFinite)) throw new Error('PowerSeries: values must be finite numbers');
    this.startMs = startsMs[0];
  }

  /** A regular series: value i covers [startMs + i·intervalMs, startMs + (i+1)·intervalMs). */
  static regular(startMs: number, intervalMs: number, valuesW: readonly number[]): PowerSeries {
    const starts = valuesW.map((_, i) => startMs + i * intervalMs);
    return new PowerSeries(starts, valuesW, startMs + valuesW.length * intervalMs);
  }

  get length(): number {
    return this.valuesW.length;
  }

  get durationMs(): number {
    return this.endMs - this.startMs;
  }

  intervalEndMs(i: number): number {
    return i + 1 < this.startsMs.length ? this.startsMs[i + 1] : this.endMs;
  }

  /** Index of the interval containing t (clamped to the first/last interval). */
  indexAt(tMs: number): number {
    const starts = this.startsMs;
    if (tMs < starts[0]) return 0;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= tMs) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  at(tMs: number, interpolation: Interpolation = 'step'): number {
    const i = this.indexAt(tMs);
    if (interpolation === 'step') return this.valuesW[i];
    const mid = (this.startsMs[i] + this.intervalEndMs(i)) / 2;
    const j = tMs < mid ? i - 1 : i + 1; // the neighbour on t's side of the midpoint
    if (j < 0 || j >= this.valuesW.length) return this.valuesW[i];
    const midJ = (this.startsMs[j] + this.intervalEndMs(j)) / 2;
    const f = (tMs - mid) / (midJ - mid);
    return this.valuesW[i] + (this.valuesW[j] - this.valuesW[i]) * f;
  }

  /** Wh over the whole series (sum of interval averages × durations). */
  energyWh(): number {
    let wh = 0;
    for (let i = 0; i < this.valuesW.length; i++) wh += (this.valuesW[i] * (this.intervalEndMs(i) - this.startsMs[i])) / 3_600_000;
    return wh;
  }

  maxW(): number {
    return Math.max(...this.valuesW);
  }

  map(f: (valueW: number, i: number) => number): PowerSeries {
    return new PowerSeries(this.startsMs, this.valuesW.map(f), this.endMs);
  }

  /** The intervals that overlap [fromMs, toMs), as a new series (at least one interval). */
  slice(fromMs: number, toMs: number): PowerSeries {
    const first = this.indexAt(fromMs);
    let last = first;
    while (last + 1 < this.length && this.startsMs[last + 1] < toMs) last++;
    return new PowerSeries(
      this.startsMs.slice(first, last + 1),
      this.valuesW.slice(first, last + 1),
      this.intervalEndMs(last),
    );
  }
}

/**
 * Interval powers from a cumulative energy counter: P_k = (E[k] − E[k−1]) / Δt, assigned to the
 * interval that starts at label k (OPSD labelling, see opsd-residential4.ts). Missing counter
 * values give NaN for the intervals they bound; fillGaps() then bridges them.
 */
export function powersFromCounter(labelsMs: readonly number[], counterKWh: ReadonlyArray<number | undefined>): number[] {
  const powers: number[] = [];
  for (let k = 1; k < labelsMs.length; k++) {
    const a = counterKWh[k - 1];
    const b = counterKWh[k];
    const hours = (labelsMs[k] - labelsMs[k - 1]) / 3_600_000;
    powers.push(a === undefined || b === undefined ? NaN : ((b - a) * 1000) / hours);
  }
  return powers;
}

/**
 * Replaces NaN runs by a straight line between the valid neighbours (held flat at either end).
 * Returns how many values were filled. An all-NaN array is an error: there is nothing to replay.
 */
export function fillGaps(values: number[]): number {
  let filled = 0;
  let prev = -1;
  for (let i = 0; i <= values.length; i++) {
    if (i < values.length && Number.isNaN(values[i])) continue;
    const gap = i - prev - 1;
    if (gap > 0) {
      if (prev < 0 && i === values.length) throw new Error('no valid value in the series');
      for (let k = prev + 1; k < i; k++) {
        if (prev < 0) values[k] = values[i];
        else if (i === values.length) values[k] = values[prev];
        else values[k] = values[prev] + ((values[i] - values[prev]) * (k - prev)) / (i - prev);
      }
      filled += gap;
    }
    prev = i;
  }
  return filled;
}
