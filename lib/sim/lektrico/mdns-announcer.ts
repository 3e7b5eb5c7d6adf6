import { openMdns, type MdnsOptions } from '../../mdns/socket';
import { HTTP_SERVICE } from '../../lektrico/discovery';

export interface AnnouncedService {
  /** Instance label, e.g. "Lektrico-1p7k-500001". */
  instance: string;
  /** The HTTP port to announce. */
  port: number;
  /** Address of the A record (the simulator's, 127.0.0.1). */
  address: string;
  txt: Record<string, string>;
}

/**
 * Answers mDNS queries for `_http._tcp.local` with PTR, SRV, TXT and A records of one simulated
 * device, as a LEKTRI.CO station does on a LAN, but only on the configured interface (loopback).
 */
export class MdnsAnnouncer {
  private mdns?: ReturnType<typeof openMdns>;

  constructor(
    private readonly service: AnnouncedService,
    private readonly options: MdnsOptions,
  ) {}

  start(): Promise<void> {
    const mdns = openMdns(this.options);
    this.mdns = mdns;
    const fqdn = `${this.service.instance}.${HTTP_SERVICE}`;
    const target = `${this.service.instance.toLowerCase()}.local`;
    mdns.on('query', (query: { questions?: Array<{ name: string; type: string }> }) => {
      const asked = (query.questions ?? []).some((q) => {
        const name = q.name.toLowerCase();
        return name === HTTP_SERVICE || name === fqdn.toLowerCase() || name === target;
      });
      if (!asked) return;
      mdns.respond({
        answers: [{ name: HTTP_SERVICE, type: 'PTR', ttl: 120, data: fqdn }],
        additionals: [
          { name: fqdn, type: 'SRV', ttl: 120, data: { port: this.service.port, target, priority: 0, weight: 0 } },
          {
            name: fqdn,
            type: 'TXT',
            ttl: 120,
            data: Object.entries(this.service.txt).map(([key, value]) => `${key}=${value}`),
          },
          { name: target, type: 'A', ttl: 120, data: this.service.address },
        ],
      });
    });
    return new Promise((resolve, reject) => {
      mdns.once('ready', () => resolve());
      mdns.once('error', reject);
    });
  }

  stop(): Promise<void> {
    const mdns = this.mdns;
    this.mdns = undefined;
    return new Promise((resolve) => (mdns ? mdns.destroy(() => resolve()) : resolve()));
  }
}
