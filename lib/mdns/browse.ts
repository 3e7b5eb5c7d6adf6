import { openMdns, type MdnsOptions } from './socket';
import { ServiceRecordSet, type MdnsPacket, type ServiceInstance } from './service-records';

export interface BrowseOptions extends MdnsOptions {
  /** Service types to browse, e.g. ["_shelly._tcp.local", "_http._tcp.local"]. */
  services: readonly string[];
  /** How long to listen, ms. */
  durationMs: number;
  /** How often the queries are repeated (mDNS may drop a packet), ms. */
  queryIntervalMs: number;
}

/**
 * Browses the services on one interface for durationMs: PTR queries repeated, every response
 * collected (also unsolicited announcements), the missing SRV/TXT/A records asked for. Resolves
 * with every instance seen; the caller keeps the ones it wants.
 */
export function browseServices(options: BrowseOptions): Promise<ServiceInstance[]> {
  return new Promise((resolve, reject) => {
    const mdns = openMdns(options);
    const records = new ServiceRecordSet(options.services);
    let finished = false;
    const query = (): void => {
      const { instances, hosts } = records.missing();
      const questions: Array<{ name: string; type: 'PTR' | 'SRV' | 'TXT' | 'A' }> = options.services.map((name) => ({ name, type: 'PTR' as const }));
      for (const name of instances) questions.push({ name, type: 'SRV' }, { name, type: 'TXT' });
      for (const name of hosts) questions.push({ name, type: 'A' });
      mdns.query({ questions }, () => undefined);
    };
    const finish = (err?: Error): void => {
      if (finished) return;
      finished = true;
      clearInterval(repeat);
      clearTimeout(stop);
      mdns.removeAllListeners();
      mdns.on('error', () => undefined);
      mdns.destroy(() => (err ? reject(err) : resolve(records.instances())));
    };
    mdns.on('response', (packet: MdnsPacket, rinfo?: { address?: string }) => records.add(packet, rinfo?.address));
    mdns.on('error', (err: Error) => finish(new Error(`mDNS on ${options.interface}:${options.port ?? 5353}: ${err.message}`)));
    mdns.on('warning', () => undefined); // an undecodable packet from some other device
    mdns.on('ready', query);
    const repeat = setInterval(query, options.queryIntervalMs);
    const stop = setTimeout(() => finish(), options.durationMs);
  });
}
