import { NOMINAL_VOLTAGE_V, phaseIndex } from '../../lib/grid-phase';
import type { StationTelemetry } from '../../lib/lektrico/station-telemetry';
import type { CanonicalReading } from '../../lib/reading/canonical-reading';

/**
 * What a baseline controller knows about the site: the newest meter reading and each station's
 * newest telemetry, read the way the anchor projects read them (signed phase currents, the
 * charger's measured currents). Shared by the evcc-, SmartEVSE- and openWB-like policies.
 */
export class SiteView {
  reading?: CanonicalReading;
  /** Readings delivered since the policy last consumed one (SmartEVSE acts only on new data). */
  freshReadings = 0;
  readonly telemetry = new Map<string, StationTelemetry>();

  onReading(reading: CanonicalReading): void {
    this.reading = reading;
    this.freshReadings++;
  }

  onTelemetry(t: StationTelemetry): void {
    this.telemetry.set(t.station, t);
  }

  /** Takes the fresh-data flag (true if a reading arrived since the last call). */
  consumeFresh(): boolean {
    const fresh = this.freshReadings > 0;
    this.freshReadings = 0;
    return fresh;
  }

  /** A per grid phase L1..L3, signed by the power's direction (+ import). 0 where unmeasured. */
  gridPhaseA(): [number, number, number] {
    const out: [number, number, number] = [0, 0, 0];
    for (const p of this.reading?.phases ?? []) {
      const magnitude = p.current ?? Math.abs((p.power ?? 0) / (p.voltage ?? NOMINAL_VOLTAGE_V));
      out[phaseIndex(p.phase)] = (p.power ?? 0) < 0 ? -magnitude : magnitude;
    }
    return out;
  }

  /** W at the connection (+ import); 0 before the first reading. */
  gridPowerW(): number {
    return this.reading?.power ?? 0;
  }

  /** A the car draws on its busiest phase (0 without telemetry). */
  measuredA(stationId: string): number {
    const t = this.telemetry.get(stationId);
    if (!t || !t.online) return 0;
    return Math.max(0, ...t.currentsA.slice(0, t.activePhases));
  }

  /** A the cars draw per grid phase L1..L3, from telemetry. */
  carsPhaseA(): [number, number, number] {
    const out: [number, number, number] = [0, 0, 0];
    for (const t of this.telemetry.values()) {
      if (!t.online) continue;
      t.gridPhases.slice(0, t.activePhases).forEach((phase, i) => (out[phaseIndex(phase)] += t.currentsA[i] ?? 0));
    }
    return out;
  }

  /** W all cars draw, from telemetry. */
  carsPowerW(): number {
    let w = 0;
    for (const t of this.telemetry.values()) if (t.online) w += t.powerW;
    return w;
  }

  carConnected(stationId: string): boolean {
    return this.telemetry.get(stationId)?.carConnected ?? false;
  }
}
