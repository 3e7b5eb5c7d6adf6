import makeMdns from 'multicast-dns';

export const MDNS_PORT = 5353;
export const MDNS_GROUP = '224.0.0.251';

export interface MdnsOptions {
  /** IPv4 address of the one interface to use (127.0.0.1 in tests and the demo). */
  interface: string;
  /** UDP port; 5353 on a real network, any free port to keep tests apart. */
  port?: number;
}

/**
 * A multicast-dns socket confined to one interface: queries and answers leave only through
 * `interface`. On Linux a socket bound to a unicast address does not receive multicast, so it
 * is bound to the mDNS group address instead (still receiving nothing else); elsewhere to the
 * interface address.
 */
export function openMdns(options: MdnsOptions): makeMdns.MulticastDNS {
  return makeMdns({
    interface: options.interface,
    port: options.port ?? MDNS_PORT,
    bind: process.platform === 'linux' ? MDNS_GROUP : options.interface,
    reuseAddr: true,
  });
}
