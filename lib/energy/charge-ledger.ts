import { ElapsedHours } from './elapsed-hours';
import { HOUR_MS } from './units';

const HOURS_KEPT = 24;

interface HourTotals {
  hour: number;
  chargedWh: number;
  gridWh: number;
}

/**
 * Energy the cars charged, and the part of it the grid paid for, over the last 24 hours (in
 * hourly steps): the grid share Green has spent, so it can decide how much more a dip may take.
 */
export class ChargeLedger {
  private hours: HourTotals[] = [];
  private readonly elapsed = new ElapsedHours();

  /** carPowerW: W the cars draw now; surplusW: W of PV surplus they may use (negative: import). */
  add(nowMs: number, carPowerW: number, surplusW: number): void {
    const elapsedH = this.elapsed.next(nowMs);
    const carW = Math.max(0, carPowerW);
    if (elapsedH === 0 || carW === 0) return;
    const hour = Math.floor(nowMs / HOUR_MS);
    let totals = this.hours.at(-1);
    if (totals?.hour !== hour) {
      totals = { hour, chargedWh: 0, gridWh: 0 };
      this.hours = [...this.within(hour), totals];
    }
    totals.chargedWh += carW * elapsedH;
    totals.gridWh += Math.max(0, carW - Math.max(0, surplusW)) * elapsedH;
  }

  /** Until the next add(), nothing is counted: the time in between is not this ledger's. */
  pause(): void {
    this.elapsed.pause();
  }

  /** Wh charged and Wh of it from the grid within the last 24 hours. */
  lastDay(nowMs: number): { chargedWh: number; gridWh: number } {
    const recent = this.within(Math.floor(nowMs / HOUR_MS));
    return {
      chargedWh: recent.reduce((sum, h) => sum + h.chargedWh, 0),
      gridWh: recent.reduce((sum, h) => sum + h.gridWh, 0),
    };
  }

  /** The hours among the last 24 up to the given hour. */
  private within(hour: number): HourTotals[] {
    return this.hours.filter((h) => hour - h.hour < HOURS_KEPT);
  }
}
