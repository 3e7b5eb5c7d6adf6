import { identifyDevice, type LektricoDeviceType } from './device-id';
import { browseServices } from '../mdns/browse';
import type { MdnsOptions } from '../mdns/socket';

/** LEKTRI.CO devices announce their HTTP API as `Lektrico-<type>-<serial>._http._tcp.local`. */
export const HTTP_SERVICE = '_http._tcp.local';
export const DEFAULT_DISCOVERY_TIMEOUT_MS = 2000;

export interface DiscoveredStation {
  /** Instance name, e.g. "Lektrico-1p7k-500006". */
  name: string;
  /** What to put in the node's host field: address, with ":port" when not 80. */
  host: string;
  address: string;
  port: number;
  deviceId: string;
  deviceType: LektricoDeviceType;
  serial: string;
  /** TXT fw_id, e.g. "20230109-124642/v1.22-36-g56a3edd". */
  firmware?: string;
}

/** The instance label ("Lektrico-1p7k-500006") of a service name, when it is a LEKTRI.CO device. */
export function lektricoInstanceLabel(serviceName: string): string | undefined {
  const label = serviceName.split('.')[0] ?? '';
  return /^lektrico-/i.test(label) ? label : undefined;
}

/**
 * A station from what its announcement says: the TXT `id` (e.g. "1p7k_500006") gives type and
 * serial; without it, the instance name "Lektrico-<type>-<serial>" does.
 */
export function stationFromService(service: {
  name: string;
  address: string;
  port?: number;
  txt?: Record<string, string>;
}): DiscoveredStation | undefined {
  const name = lektricoInstanceLabel(service.name);
  if (!name) return undefined;
  const fromName = /^lektrico-([^-]+)-(.+)$/i.exec(name);
  const deviceId = service.txt?.id ?? (fromName ? `${fromName[1].toLowerCase()}_${fromName[2]}` : name);
  const identity = identifyDevice(deviceId);
  const port = service.port ?? 80;
  const address = service.address;
  const hostAddress = address.includes(':') ? `[${address}]` : address;
  const station: DiscoveredStation = {
    name,
    host: port === 80 ? hostAddress : `${hostAddress}:${port}`,
    address,
    port,
    deviceId: identity.deviceId,
    deviceType: identity.type,
    serial: identity.serial,
  };
  if (service.txt?.fw_id) station.firmware = service.txt.fw_id;
  return station;
}

/**
 * Browses `_http._tcp.local` on one interface for `timeoutMs` (asking twice: mDNS may drop a
 * packet) and lists the LEKTRI.CO devices that answered, sorted by name.
 */
export async function discoverStations(options: MdnsOptions & { timeoutMs?: number }): Promise<DiscoveredStation[]> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_DISCOVERY_TIMEOUT_MS;
  const instances = await browseServices({ ...options, services: [HTTP_SERVICE], durationMs: timeoutMs, queryIntervalMs: timeoutMs / 2 });
  const stations: DiscoveredStation[] = [];
  for (const instance of instances) {
    if (!instance.address) continue;
    const station = stationFromService({ name: instance.label, address: instance.address, port: instance.port, txt: Object.fromEntries(instance.txt) });
    if (station) stations.push(station);
  }
  return stations.sort((a, b) => a.name.localeCompare(b.name));
}
