import { hintFromDeviceId } from './catalogue';

/**
 * Turning mDNS / DNS-SD records into Shelly candidates (shelly-protocol.md §4.1). Records come
 * in the shape the multicast-dns package decodes them (answers and additionals, PTR / SRV / TXT /
 * A), spread over several packets and repeated. They are correlated PTR → SRV (target, port) →
 * A (IPv4), with the TXT of each instance, then accepted when:
 *   - the instance came via `_shelly._tcp`, or
 *   - its TXT has `gen=`, or
 *   - (Gen1 on `_http._tcp`) its TXT `id` / `app` or its instance name starts with "shelly".
 * Gen2+ devices announce two instances (one named by device id, one by the user-set name): both
 * resolve to the same address and are merged there, the id from one and the name from the other.
 * Nothing here touches the network; every candidate still needs confirming with GET /shelly.
 */
export const SHELLY_SERVICE = '_shelly._tcp.local';
export const HTTP_SERVICE = '_http._tcp.local';
const SERVICES = [SHELLY_SERVICE, HTTP_SERVICE];

export interface MdnsRecord {
  name: string;
  type: string;
  data?: unknown;
}

export interface MdnsPacket {
  answers?: MdnsRecord[];
  additionals?: MdnsRecord[];
}

export interface ShellyCandidate {
  /** "ip" or "ip:port" (port omitted when 80): what the device config node's host takes. */
  host: string;
  address: string;
  port: number;
  /** From TXT gen=N; 1 for a Gen1 announcement (no gen, Gen1 id/app). */
  generation: number;
  /** Gen2+: TXT app (Pro3EM, EMG3, …); Gen1: TXT app (shellyem3, shelly-plug-s, …). */
  app?: string;
  /** Device id: the Gen2+ instance named by id, or the Gen1 TXT id / hostname. */
  id?: string;
  /** The user-set device name (Gen2+ announces an instance named after it). */
  name?: string;
  /** Gen1: the model code behind the id prefix, when unambiguous. Gen2+: only after GET /shelly. */
  model?: string;
  /** TXT ver (Gen2+) or fw_id (Gen1). */
  firmware?: string;
  /** Instance names seen for this device. */
  instances: string[];
}

interface Instance {
  fqdn: string;
  service: string;
  label: string;
  target?: string;
  port?: number;
  txt: Map<string, string>;
}

/** Device ids as announced: "shellypro3em-a0dd6ca0c27c", "shellyplug-s-4022D88349C4". */
const DEVICE_ID = /^shelly[a-z0-9-]*-[0-9a-f]{6}(?:[0-9a-f]{6})?$/i;

function txtEntries(data: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const items = Array.isArray(data) ? data : data === undefined ? [] : [data];
  for (const item of items) {
    const text = Buffer.isBuffer(item) ? item.toString('utf8') : typeof item === 'string' ? item : undefined;
    if (!text) continue;
    const eq = text.indexOf('=');
    if (eq > 0) out.set(text.slice(0, eq).toLowerCase(), text.slice(eq + 1));
    else out.set(text.toLowerCase(), '');
  }
  return out;
}

function serviceOf(fqdn: string): string | undefined {
  const lower = fqdn.toLowerCase();
  return SERVICES.find((service) => lower.endsWith(`.${service}`));
}

function isIPv4(text: unknown): text is string {
  return typeof text === 'string' && /^\d{1,3}(\.\d{1,3}){3}$/.test(text);
}

/** Accumulates records from any number of packets; candidates() correlates what has been seen so far. */
export class MdnsRecordSet {
  private readonly instances = new Map<string, Instance>();
  private readonly addresses = new Map<string, string>();

  add(packet: MdnsPacket): void {
    const records = [...(packet.answers ?? []), ...(packet.additionals ?? [])];
    for (const record of records) {
      if (!record || typeof record.name !== 'string') continue;
      switch (record.type) {
        case 'PTR':
          if (SERVICES.includes(record.name.toLowerCase()) && typeof record.data === 'string') this.instance(record.data);
          break;
        case 'SRV': {
          const srv = record.data as { target?: unknown; port?: unknown } | undefined;
          const instance = this.instance(record.name);
          if (instance && srv && typeof srv.target === 'string' && typeof srv.port === 'number') {
            instance.target = srv.target.toLowerCase();
            instance.port = srv.port;
          }
          break;
        }
        case 'TXT': {
          const instance = this.instance(record.name);
          if (instance) for (const [key, value] of txtEntries(record.data)) instance.txt.set(key, value);
          break;
        }
        case 'A':
          if (isIPv4(record.data)) this.addresses.set(record.name.toLowerCase(), record.data);
          break;
        default:
          break;
      }
    }
  }

  /** Instances announced by PTR but still lacking SRV/TXT, and SRV targets lacking an A record: what to ask for next. */
  missing(): { instances: string[]; hosts: string[] } {
    const instances: string[] = [];
    const hosts: string[] = [];
    for (const instance of this.instances.values()) {
      if (instance.target === undefined) instances.push(instance.fqdn);
      else if (!this.addresses.has(instance.target)) hosts.push(instance.target);
    }
    return { instances, hosts: [...new Set(hosts)] };
  }

  candidates(): ShellyCandidate[] {
    const byHost = new Map<string, ShellyCandidate>();
    for (const instance of this.instances.values()) {
      if (!isShellyInstance(instance) || instance.target === undefined || instance.port === undefined) continue;
      const address = this.addresses.get(instance.target);
      if (!address) continue;
      const key = `${address}:${instance.port}`;
      const candidate = byHost.get(key) ?? {
        host: instance.port === 80 ? address : `${address}:${instance.port}`,
        address,
        port: instance.port,
        generation: 1,
        instances: [],
      };
      byHost.set(key, mergeInstance(candidate, instance));
    }
    return [...byHost.values()].sort((a, b) => a.host.localeCompare(b.host, 'en', { numeric: true }));
  }

  private instance(fqdn: string): Instance | undefined {
    const service = serviceOf(fqdn);
    if (!service) return undefined;
    const key = fqdn.toLowerCase();
    let instance = this.instances.get(key);
    if (!instance) {
      instance = { fqdn, service, label: fqdn.slice(0, fqdn.length - service.length - 1), txt: new Map() };
      this.instances.set(key, instance);
    }
    return instance;
  }
}

function isShellyInstance(instance: Instance): boolean {
  if (instance.service === SHELLY_SERVICE || instance.txt.has('gen')) return true;
  const startsShelly = (text: string | undefined): boolean => text !== undefined && /^shelly/i.test(text);
  return startsShelly(instance.txt.get('id')) || startsShelly(instance.txt.get('app')) || startsShelly(instance.label);
}

function mergeInstance(candidate: ShellyCandidate, instance: Instance): ShellyCandidate {
  const out: ShellyCandidate = { ...candidate, instances: [...candidate.instances, instance.label] };
  const gen = Number(instance.txt.get('gen'));
  if (Number.isInteger(gen) && gen >= 2) out.generation = gen;
  const app = instance.txt.get('app');
  if (app && !out.app) out.app = app;
  const firmware = instance.txt.get('ver') || instance.txt.get('fw_id');
  if (firmware && !out.firmware) out.firmware = firmware;
  const txtId = instance.txt.get('id');
  if (txtId && DEVICE_ID.test(txtId)) out.id = txtId;
  else if (DEVICE_ID.test(instance.label)) out.id ??= instance.label;
  else out.name ??= instance.label;
  const model = out.generation === 1 && out.id ? hintFromDeviceId(out.id)?.model : undefined;
  if (model) out.model = model;
  return out;
}

/** Candidates from a list of packets (e.g. captures); the same as feeding an MdnsRecordSet. */
export function parseMdnsPackets(packets: MdnsPacket[]): ShellyCandidate[] {
  const set = new MdnsRecordSet();
  for (const packet of packets) set.add(packet);
  return set.candidates();
}
