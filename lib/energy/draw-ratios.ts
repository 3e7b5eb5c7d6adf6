import type { StationTelemetry } from '../lektrico/station-telemetry';
import { measuredDrawRatio } from './station-view';

/**
 * Each car's draw ratio, kept from one settled measurement to the next while it stays plugged
 * in: a car's ratio does not change within a session, but it cannot be measured while the car
 * settles after a command. Falling back to 1 then made a raise look dearer than it is, so the
 * car went up 1 A and straight back down, every ~16 s (the control-quality bench showed
 * 60–75 commands an hour in Green). 1 until a car has settled once.
 */
export class DrawRatios {
  private readonly ratios = new Map<string, number>();

  /**
   * Sees every station's telemetry, competing or not: a car that left is forgotten even while its
   * station is out of the running, so the next car there is not taken at the last one's ratio.
   */
  observe(stations: StationTelemetry[], nowMs: number): void {
    for (const t of stations) this.ratio(t, nowMs);
  }

  ratio(t: StationTelemetry, nowMs: number): number {
    if (!t.carConnected) {
      this.ratios.delete(t.station);
      return 1;
    }
    const measured = measuredDrawRatio(t, nowMs);
    if (measured !== undefined) this.ratios.set(t.station, measured);
    return this.ratios.get(t.station) ?? 1;
  }
}
