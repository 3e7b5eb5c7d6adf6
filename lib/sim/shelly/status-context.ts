import type { DeviceIdentity } from './device-identity';
import type { MeteringKind } from './families';
import type { MeasuringPoint } from './meter-state';

/** Everything a status builder needs, captured at one instant. */
export interface StatusContext {
  identity: DeviceIdentity;
  /** The metering component in the current profile. */
  kind: MeteringKind;
  /** Counters already brought up to `nowMs`. */
  points: MeasuringPoint[];
  nowMs: number;
  startedMs: number;
  /** Gen1 `serial`: bumped whenever a live value changes. */
  changeSerial: number;
}

/** Rounds like the device firmware prints: a fixed number of decimals, and never "-0". */
export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const rounded = Math.round(value * factor) / factor;
  return rounded === 0 ? 0 : rounded;
}

export function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/** "HH:MM" in UTC, as Gen1 `time` and Gen2+ `sys.time` show the local time. */
export function clockTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}
