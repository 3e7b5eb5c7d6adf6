/**
 * DNS-SD over mDNS, the record bookkeeping: records come in the shape the multicast-dns package
 * decodes them (answers and additionals; PTR, SRV, TXT, A), spread over several packets and
 * repeated. They are correlated PTR → instance → SRV (target, port) → A (IPv4), with the TXT of
 * each instance. Which instances are wanted (a Shelly, a LEKTRI.CO station) is the caller's rule;
 * nothing here touches the network.
 */
export interface MdnsRecord {
  name: string;
  type: string;
  data?: unknown;
}

export interface MdnsPacket {
  answers?: MdnsRecord[];
  additionals?: MdnsRecord[];
}

/** One announced service instance, as far as it has been resolved. */
export interface ServiceInstance {
  /** "shellyem3-485519D732F4._http._tcp.local" */
  fqdn: string;
  /** The service it belongs to: "_http._tcp.local". */
  service: string;
  /** The instance label: "shellyem3-485519D732F4". */
  label: string;
  /** SRV target host (lower case) and port, once seen. */
  target?: string;
  port?: number;
  /** IPv4 address: the SRV target's A record, else the address the announcement came from. */
  address?: string;
  /** TXT key=value pairs, keys in lower case. */
  txt: Map<string, string>;
}

/** TXT data as multicast-dns gives it (Buffers or strings of "key=value") → a map, keys lower case. */
export function txtEntries(data: unknown): Map<string, string> {
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

function isIPv4(text: unknown): text is string {
  return typeof text === 'string' && /^\d{1,3}(\.\d{1,3}){3}$/.test(text);
}

interface Tracked extends Omit<ServiceInstance, 'address'> {
  /** Address of the host that announced it (fallback when no A record arrives). */
  from?: string;
}

/** Accumulates the records of any number of packets for the given services. */
export class ServiceRecordSet {
  private readonly services: string[];
  private readonly tracked = new Map<string, Tracked>();
  private readonly addresses = new Map<string, string>();

  constructor(services: readonly string[]) {
    this.services = services.map((s) => s.toLowerCase());
  }

  /** Adds one packet; `from` is the sender's address when known (live traffic, not captures). */
  add(packet: MdnsPacket, from?: string): void {
    const records = [...(packet.answers ?? []), ...(packet.additionals ?? [])];
    for (const record of records) {
      if (!record || typeof record.name !== 'string') continue;
      switch (record.type) {
        case 'PTR':
          if (this.services.includes(record.name.toLowerCase()) && typeof record.data === 'string') this.instance(record.data, from);
          break;
        case 'SRV': {
          const srv = record.data as { target?: unknown; port?: unknown } | undefined;
          const instance = this.instance(record.name, from);
          if (instance && srv && typeof srv.target === 'string' && typeof srv.port === 'number') {
            instance.target = srv.target.toLowerCase();
            instance.port = srv.port;
          }
          break;
        }
        case 'TXT': {
          const instance = this.instance(record.name, from);
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

  /** Instances announced but still lacking SRV/TXT, and SRV targets lacking an A record: what to ask for next. */
  missing(): { instances: string[]; hosts: string[] } {
    const instances: string[] = [];
    const hosts: string[] = [];
    for (const instance of this.tracked.values()) {
      if (instance.target === undefined) instances.push(instance.fqdn);
      else if (!this.addresses.has(instance.target)) hosts.push(instance.target);
    }
    return { instances, hosts: [...new Set(hosts)] };
  }

  /** Every instance seen so far, with its address resolved where possible. */
  instances(): ServiceInstance[] {
    return [...this.tracked.values()].map(({ from, ...instance }) => ({
      ...instance,
      txt: new Map(instance.txt),
      address: (instance.target && this.addresses.get(instance.target)) ?? from,
    }));
  }

  private instance(fqdn: string, from: string | undefined): Tracked | undefined {
    const lower = fqdn.toLowerCase();
    const service = this.services.find((s) => lower.endsWith(`.${s}`));
    if (!service) return undefined;
    let instance = this.tracked.get(lower);
    if (!instance) {
      instance = { fqdn, service, label: fqdn.slice(0, fqdn.length - service.length - 1), txt: new Map(), from };
      this.tracked.set(lower, instance);
    }
    instance.from ??= from;
    return instance;
  }
}
