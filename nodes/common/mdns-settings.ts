import { MDNS_PORT, type MdnsOptions } from '../../lib/mdns/socket';

/**
 * Where the edit dialogs' device searches listen: one set of runtime settings (settings.js) for
 * the whole package.
 *   lektricoEmMdnsInterface  IPv4 address of the interface to browse on. Default 127.0.0.1, so
 *                            nothing leaves the machine; set the LAN address to find real devices.
 *   lektricoEmMdnsPort       UDP port (default 5353, or the environment variable LEKTRICO_EM_MDNS_PORT).
 *   lektricoEmDiscoveryMs    how long a search listens (each node has its own default).
 */
export interface DiscoverySettings extends MdnsOptions {
  port: number;
  durationMs: number;
}

export function discoverySettings(settings: Record<string, unknown>, defaultDurationMs: number): DiscoverySettings {
  const envPort = Number(process.env.LEKTRICO_EM_MDNS_PORT);
  const port = positiveInteger(settings.lektricoEmMdnsPort) ?? (positiveInteger(envPort) ?? MDNS_PORT);
  const iface = typeof settings.lektricoEmMdnsInterface === 'string' ? settings.lektricoEmMdnsInterface : '127.0.0.1';
  return { interface: iface, port, durationMs: positiveInteger(settings.lektricoEmDiscoveryMs) ?? defaultDurationMs };
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : undefined;
}
