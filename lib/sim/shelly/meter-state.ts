import type { Clock } from '../../clock';
import { EnergyCounter } from './energy-counter';
import { completeSetting, deriveReading, type PointReading, type PointSetting } from './measuring-point';

/** One phase or channel as the device reports it now. */
export interface MeasuringPoint {
  reading: PointReading;
  energy: EnergyCounter;
}

/**
 * The live values of a device's measuring points. Power is piecewise constant: every change
 * first integrates the old power up to now, so the energy counters are exact in simulated time.
 */
export class MeterState {
  private readonly settings: Array<Required<PointSetting>>;
  private readonly counters: EnergyCounter[];

  /** @param signedPower false = the device reports and counts |P| (magnitude-only hardware). */
  constructor(
    pointCount: number,
    private readonly clock: Clock,
    private readonly signedPower: boolean,
  ) {
    const nowMs = clock();
    this.settings = Array.from({ length: pointCount }, () => completeSetting({ powerW: 0 }));
    this.counters = Array.from({ length: pointCount }, () => new EnergyCounter(nowMs));
  }

  get pointCount(): number {
    return this.settings.length;
  }

  set(index: number, setting: PointSetting): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.settings.length) {
      throw new RangeError(`channel index ${index} out of range: this device has ${this.settings.length} measuring point(s)`);
    }
    const complete = completeSetting(setting);
    this.advance();
    this.settings[index] = this.signedPower ? complete : { ...complete, powerW: Math.abs(complete.powerW) };
  }

  /** Every point, with its counters brought up to the clock's now. */
  points(): MeasuringPoint[] {
    this.advance();
    return this.settings.map((setting, i) => ({ reading: deriveReading(setting), energy: this.counters[i] }));
  }

  private advance(): void {
    const nowMs = this.clock();
    this.counters.forEach((counter, i) => counter.advance(nowMs, this.settings[i].powerW));
  }
}
