import { ServiceRecordSet, type MdnsPacket, type ServiceInstance } from '../mdns/service-records';
import { hintFromDeviceId } from './catalogue';

/**
 * Which mDNS / DNS-SD service instances are Shellies (shelly-protocol.md §4.1). The records are
 * correlated by lib/mdns/service-records.ts; an instance is accepted when:
 *   - the instance came via `_shelly._tcp`, or
 *   - its TXT has `gen=`, or
 *   - (Gen1 on `_http._tcp`) its TXT `id` / `app` or its instance name starts with "shelly".
 * Gen2+ devices announce two instances (one named by device id, one by the user-set name): both
 * resolve to the same address and are merged there, the id from one and the name from the other.
 * Nothing here touches the network; every candidate still needs confirming with GET /shelly.
 */
export const SHELLY_SERVICE = '_shelly._tcp.local';
export const HTTP_SERVICE = '_http._tcp.local';
/** The services a Shelly browse asks for. */
export const SHELLY_SERVICES = [SHELLY_SERVICE, HTTP_SERVICE];

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

/** Device ids as announced: "shellypro3em-a0dd6ca0c27c", "shellyplug-s-4022D88349C4". */
const DEVICE_ID = /^shelly[a-z0-9-]*-[0-9a-f]{6}(?:[0-9a-f]{6})?$/i;

/**
 * The Shelly candidates among resolved service instances: accepted by the rules above, needing a
 * port and an address; the instances of one device (same address and port) merged into one.
 */
export function shellyCandidates(instances: readonly ServiceInstance[]): ShellyCandidate[] {
  const byHost = new Map<string, ShellyCandidate>();
  for (const instance of instances) {
    const { address, port } = instance;
    if (!isShellyInstance(instance) || port === undefined || address === undefined) continue;
    const key = `${address}:${port}`;
    const candidate = byHost.get(key) ?? {
      host: port === 80 ? address : `${address}:${port}`,
      address,
      port,
      generation: 1,
      instances: [],
    };
    byHost.set(key, mergeInstance(candidate, instance));
  }
  return [...byHost.values()].sort((a, b) => a.host.localeCompare(b.host, 'en', { numeric: true }));
}

function isShellyInstance(instance: ServiceInstance): boolean {
  if (instance.service === SHELLY_SERVICE || instance.txt.has('gen')) return true;
  const startsShelly = (text: string | undefined): boolean => text !== undefined && /^shelly/i.test(text);
  return startsShelly(instance.txt.get('id')) || startsShelly(instance.txt.get('app')) || startsShelly(instance.label);
}

function mergeInstance(candidate: ShellyCandidate, instance: ServiceInstance): ShellyCandidate {
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

/** Candidates from a list of packets (e.g. captures), as a live browse would give them. */
export function parseMdnsPackets(packets: MdnsPacket[]): ShellyCandidate[] {
  const set = new ServiceRecordSet(SHELLY_SERVICES);
  for (const packet of packets) set.add(packet);
  return shellyCandidates(set.instances());
}
