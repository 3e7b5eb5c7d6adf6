import type { FamilyDefinition, MeterProfile } from './families';

/** Who a simulated device is: everything `GET /shelly` and mDNS say about it. */
export interface DeviceIdentity {
  family: FamilyDefinition;
  /** 12 upper-case hex digits. */
  mac: string;
  /** Gen1 hostname `shellyem3-485519D732F4`; Gen2+ `shellypro3em-a0dd6ca0c27c`. */
  id: string;
  name: string | null;
  /** Firmware version, e.g. 1.7.5. */
  version: string;
  /** Gen1 `fw` / Gen2+ `fw_id`: `YYYYMMDD-hhmmss/<version>-g<hash>` (Gen1 with a `v`). */
  firmwareId: string;
  profile?: MeterProfile;
  /** mDNS host name: Gen1 `<id>.local`; Gen2+ `<CamelCase app>-<MAC>.local`. */
  mdnsHost: string;
}

export interface IdentityOptions {
  mac?: string;
  name?: string;
  firmware?: string;
  profile?: MeterProfile;
}

/** Vendor-style OUI per generation so ids look like the real ones; the low 3 bytes are made unique. */
const MAC_PREFIX_BY_GENERATION: Record<number, string> = { 1: '485519', 2: 'A0DD6C', 3: '84FCE6', 4: 'D885AC' };
let nextDeviceSerial = 1;

/** Unique within a process (a counter) and unlikely to collide across processes (the pid). */
function generatedMac(generation: number): string {
  const serial = ((process.pid & 0xfff) << 12) | (nextDeviceSerial++ & 0xfff);
  return MAC_PREFIX_BY_GENERATION[generation] + serial.toString(16).toUpperCase().padStart(6, '0');
}

function normalizeMac(mac: string): string {
  const hex = mac.replace(/[:-]/g, '').toUpperCase();
  if (!/^[0-9A-F]{12}$/.test(hex)) throw new RangeError(`mac must be 12 hex digits (separators allowed), got "${mac}"`);
  return hex;
}

export function createIdentity(family: FamilyDefinition, options: IdentityOptions): DeviceIdentity {
  if (options.profile && !family.hasProfiles) {
    throw new RangeError(`${family.model} has no device profiles; "${options.profile}" is only for the three-phase RPC meters`);
  }
  const mac = options.mac === undefined ? generatedMac(family.generation) : normalizeMac(options.mac);
  const version = options.firmware ?? family.firmware;
  if (family.generation === 1) {
    const id = `${family.idPrefix}-${mac}`; // longid: 1 → the full MAC, upper-case
    return {
      family, mac, id, name: options.name ?? null, version,
      firmwareId: `20230913-114244/v${version}-gsim0001`,
      mdnsHost: `${id}.local`,
    };
  }
  return {
    family, mac,
    id: `${family.idPrefix}-${mac.toLowerCase()}`,
    name: options.name ?? null,
    version,
    firmwareId: `20260311-095913/${version}-gsim0001`,
    profile: family.hasProfiles ? (options.profile ?? 'triphase') : undefined,
    mdnsHost: `${family.mdnsHostPrefix}-${mac}.local`,
  };
}

/** The body of `GET /shelly` (Gen2+: also `Shelly.GetDeviceInfo`). */
export function shellyInfo(identity: DeviceIdentity, authEnabled: boolean): Record<string, unknown> {
  const { family } = identity;
  if (family.generation === 1) {
    const info: Record<string, unknown> = {
      type: family.model,
      mac: identity.mac,
      auth: authEnabled,
      fw: identity.firmwareId,
      discoverable: false,
      longid: 1,
      num_outputs: family.unmeteredOutputs,
      num_meters: family.metering === 'meter' ? family.points : 0,
    };
    if (family.metering === 'emeter') info.num_emeters = family.points;
    return info;
  }
  const info: Record<string, unknown> = {
    name: identity.name,
    id: identity.id,
    mac: identity.mac,
    slot: 1,
    model: family.model,
    gen: family.generation,
    fw_id: identity.firmwareId,
    ver: identity.version,
    app: family.app,
    auth_en: authEnabled,
    auth_domain: authEnabled ? identity.id : null,
  };
  if (identity.profile) info.profile = identity.profile;
  return info;
}
