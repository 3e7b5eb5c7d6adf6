import type { RemoteInfo } from 'node:dgram';
import { identifyDevice, type LektricoDeviceType } from './device-id';
import { openMdns, type MdnsOptions } from '../mdns-socket';

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

/** TXT data as multicast-dns gives it (Buffers of "key=value") → a key/value map. */
export function parseTxt(data: unknown): Record<string, string> {
  const items = Array.isArray(data) ? data : [data];
  const out: Record<string, string> = {};
  for (const item of items) {
    const text = Buffer.isBuffer(item) ? item.toString('utf8') : typeof item === 'string' ? item : '';
    const eq = text.indexOf('=');
    if (eq > 0) out[text.slice(0, eq)] = text.slice(eq + 1);
  }
  return out;
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

interface Found {
  name: string;
  srv?: { target: string; port: number };
  txt?: Record<string, string>;
  from?: string;
}

/**
 * Browses `_http._tcp.local` on one interface for `timeoutMs` (asking twice: mDNS may drop a
 * packet) and lists the LEKTRI.CO devices that answered, sorted by name.
 */
export function discoverStations(
  options: MdnsOptions & { timeoutMs?: number },
): Promise<DiscoveredStation[]> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_DISCOVERY_TIMEOUT_MS;
  const mdns = openMdns(options);
  const instances = new Map<string, Found>();
  const addresses = new Map<string, string>();
  const ask = (): void => mdns.query([{ name: HTTP_SERVICE, type: 'PTR' }]);

  mdns.on('response', (packet: { answers?: unknown[]; additionals?: unknown[] }, rinfo: RemoteInfo) => {
    const records = [...(packet.answers ?? []), ...(packet.additionals ?? [])] as Array<{
      name: string;
      type: string;
      data: unknown;
    }>;
    const found = (name: string): Found => {
      const key = name.toLowerCase();
      let entry = instances.get(key);
      if (!entry) instances.set(key, (entry = { name, from: rinfo.address }));
      return entry;
    };
    for (const record of records) {
      if (record.type === 'PTR' && record.name.toLowerCase() === HTTP_SERVICE && typeof record.data === 'string') {
        if (lektricoInstanceLabel(record.data)) found(record.data);
      } else if (record.type === 'SRV' && lektricoInstanceLabel(record.name)) {
        const data = record.data as { target: string; port: number };
        found(record.name).srv = { target: data.target, port: data.port };
      } else if (record.type === 'TXT' && lektricoInstanceLabel(record.name)) {
        found(record.name).txt = parseTxt(record.data);
      } else if (record.type === 'A' && typeof record.data === 'string') {
        addresses.set(record.name.toLowerCase(), record.data);
      }
    }
  });

  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(again);
      clearTimeout(done);
      mdns.destroy();
      if (err) return reject(err);
      const stations: DiscoveredStation[] = [];
      for (const entry of instances.values()) {
        const address = (entry.srv && addresses.get(entry.srv.target.toLowerCase())) ?? entry.from;
        if (!address) continue;
        const station = stationFromService({ name: entry.name, address, port: entry.srv?.port, txt: entry.txt });
        if (station) stations.push(station);
      }
      resolve(stations.sort((a, b) => a.name.localeCompare(b.name)));
    };
    mdns.on('error', (err: Error) => finish(err));
    mdns.on('ready', ask);
    const again = setTimeout(ask, timeoutMs / 2);
    const done = setTimeout(() => finish(), timeoutMs);
  });
}
