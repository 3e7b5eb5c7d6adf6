/**
 * What the prefix of a `Device_id.Get` reply says about the device, as lektricowifi reads it:
 * "1p7k_500006" is a single-phase charger, "3p22k_…" a three-phase one, "m2w_81…" an EM and
 * "m2w_83…" a 3EM meter. Other prefixes (the ONE model's is not documented) are tolerated.
 */
export type LektricoDeviceType = '1p7k' | '3p22k' | 'em' | '3em' | 'unknown';

export interface DeviceIdentity {
  deviceId: string;
  type: LektricoDeviceType;
  /** The text after the first underscore ("500006"); the whole id when there is none. */
  serial: string;
}

const PREFIXES: ReadonlyArray<[string, LektricoDeviceType]> = [
  ['1p7k', '1p7k'],
  ['3p22k', '3p22k'],
  ['m2w_81', 'em'],
  ['m2w_83', '3em'],
];

export function identifyDevice(deviceId: string): DeviceIdentity {
  const id = deviceId.trim();
  const lower = id.toLowerCase();
  const match = PREFIXES.find(([prefix]) => lower.startsWith(prefix));
  const underscore = id.indexOf('_');
  return {
    deviceId: id,
    type: match ? match[1] : 'unknown',
    serial: underscore >= 0 ? id.slice(underscore + 1) : id,
  };
}

/** A charging station (not an EM meter): the only devices the station node may command. */
export function isEmMeter(type: LektricoDeviceType): boolean {
  return type === 'em' || type === '3em';
}
