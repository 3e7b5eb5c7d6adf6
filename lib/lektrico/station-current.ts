/**
 * The currents a LEKTRI.CO station accepts as its dynamic limit: 0 (pause) or a whole number of
 * amperes from 6 (the IEC 61851 minimum a car can be offered) to 32 (the stations' maximum).
 * Values 1–5 are undefined on the device, fractions are a wrong type: neither is ever sent.
 */
export const STATION_PAUSE_A = 0;
export const STATION_MIN_CURRENT_A = 6;
export const STATION_MAX_CURRENT_A = 32;

export function isStationCurrent(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    (value === STATION_PAUSE_A || (value >= STATION_MIN_CURRENT_A && value <= STATION_MAX_CURRENT_A))
  );
}

/** relay_mode of a 3P22K: 1 forces single-phase charging, 3 uses all three phases. */
export type RelayMode = 1 | 3;

export function isRelayMode(value: unknown): value is RelayMode {
  return value === 1 || value === 3;
}
