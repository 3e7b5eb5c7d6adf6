/** Energy of one clock minute, split by direction. */
export interface MinuteEnergy {
  importWh: number;
  exportWh: number;
}

const MINUTE_MS = 60_000;
const MS_PER_HOUR = 3_600_000;
/** Devices keep the last three complete minutes (Gen1 `counters`, Gen2+ `by_minute`). */
const KEPT_MINUTES = 3;

function zeroMinute(): MinuteEnergy {
  return { importWh: 0, exportWh: 0 };
}

/** Energy of a constant power over a duration. */
function energyOf(powerW: number, durationMs: number): MinuteEnergy {
  const energyWh = (Math.abs(powerW) * durationMs) / MS_PER_HOUR;
  return powerW >= 0 ? { importWh: energyWh, exportWh: 0 } : { importWh: 0, exportWh: energyWh };
}

function accumulate(target: MinuteEnergy, energy: MinuteEnergy, times = 1): void {
  target.importWh += energy.importWh * times;
  target.exportWh += energy.exportWh * times;
}

/**
 * Perpetual import/export counters of one measuring point, integrating a piecewise-constant
 * power over the injected clock's time, plus the per-minute history devices report.
 * Positive power counts as import, negative as export.
 */
export class EnergyCounter {
  importWh = 0;
  exportWh = 0;
  private lastMs: number;
  private minuteStartMs: number;
  private currentMinute = zeroMinute();
  /** Newest first. */
  private completedMinutes: MinuteEnergy[] = [];

  constructor(nowMs: number) {
    this.lastMs = nowMs;
    this.minuteStartMs = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
  }

  /** Integrates `powerW`, constant since the previous call, up to `nowMs`. */
  advance(nowMs: number, powerW: number): void {
    if (nowMs < this.lastMs) {
      // The clock was set back (a ManualClock reset): restart the minute bookkeeping there.
      this.lastMs = nowMs;
      this.minuteStartMs = Math.floor(nowMs / MINUTE_MS) * MINUTE_MS;
      return;
    }
    let t = this.lastMs;
    while (t < nowMs) {
      const minuteEndMs = this.minuteStartMs + MINUTE_MS;
      const segmentEndMs = Math.min(nowMs, minuteEndMs);
      const segment = energyOf(powerW, segmentEndMs - t);
      accumulate(this.currentMinute, segment);
      accumulate(this, segment);
      t = segmentEndMs;
      if (segmentEndMs < minuteEndMs) break;
      this.closeMinute(this.currentMinute);
      this.currentMinute = zeroMinute();
      this.minuteStartMs = minuteEndMs;
      // Whole minutes at constant power in one step, so a clock jump of days stays cheap.
      const wholeMinutes = Math.floor((nowMs - t) / MINUTE_MS);
      if (wholeMinutes > 0) {
        const perMinute = energyOf(powerW, MINUTE_MS);
        accumulate(this, perMinute, wholeMinutes);
        for (let i = 0; i < Math.min(wholeMinutes, KEPT_MINUTES); i++) this.closeMinute({ ...perMinute });
        this.minuteStartMs += wholeMinutes * MINUTE_MS;
        t += wholeMinutes * MINUTE_MS;
      }
    }
    this.lastMs = nowMs;
  }

  /** Start of the current (incomplete) minute, in seconds since the epoch (`minute_ts`). */
  get minuteStartS(): number {
    return Math.floor(this.minuteStartMs / 1000);
  }

  /** The last three complete minutes, newest first, zero-filled. */
  lastMinutes(): MinuteEnergy[] {
    const out = this.completedMinutes.slice(0, KEPT_MINUTES);
    while (out.length < KEPT_MINUTES) out.push(zeroMinute());
    return out;
  }

  private closeMinute(minute: MinuteEnergy): void {
    this.completedMinutes.unshift(minute);
    this.completedMinutes.length = Math.min(this.completedMinutes.length, KEPT_MINUTES);
  }
}
