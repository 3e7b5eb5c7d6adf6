import { browseServices } from '../mdns/browse';
import { parseShellyHost } from './host';
import { ShellyHttpClient } from './http-client';
import { identifyShelly } from './identify';
import { SHELLY_SERVICES, shellyCandidates, type ShellyCandidate } from './discovery-records';
import { definedOnly } from './defined-only';

/**
 * mDNS browse for Shellies: PTR queries for `_shelly._tcp` and `_http._tcp` repeated over
 * ~3 s, every response (also unsolicited announcements) collected, missing SRV/TXT/A asked for,
 * then each candidate confirmed with GET /shelly and keyed by MAC (shelly-protocol.md §4.1).
 */
export interface DiscoveryOptions {
  /** mDNS UDP port; 5353 on a real network, a private port in tests. */
  port?: number;
  /** The interface address multicast is sent and received on. The project's network rule: loopback. */
  interface?: string;
  /** How long to listen; default 3000 ms. */
  durationMs?: number;
  /** How often the PTR queries are repeated; default 1000 ms. */
  queryIntervalMs?: number;
  /** Deadline of each GET /shelly; default 1500 ms. */
  confirmTimeoutMs?: number;
}

export const DISCOVERY_DEFAULTS = { port: 5353, interface: '127.0.0.1', durationMs: 3000, queryIntervalMs: 1000, confirmTimeoutMs: 1500 };

/** A candidate that answered GET /shelly: mDNS data completed by the device's own identity. */
export interface DiscoveredShelly {
  host: string;
  generation: number;
  /** Model code from GET /shelly. */
  model: string;
  modelName: string;
  id: string;
  mac: string;
  /** User-set name (GET /shelly, else the named mDNS instance). */
  name?: string;
  authRequired: boolean;
}

/** Listens and queries for durationMs; resolves with the unconfirmed candidates. */
export async function browseMdns(options: DiscoveryOptions = {}): Promise<ShellyCandidate[]> {
  const o = { ...DISCOVERY_DEFAULTS, ...definedOnly(options) };
  return shellyCandidates(await browseServices({ ...o, services: SHELLY_SERVICES }));
}

/** GET /shelly on each candidate; the ones that answer as a Shelly, one per MAC. */
export async function confirmCandidates(candidates: ShellyCandidate[], confirmTimeoutMs = DISCOVERY_DEFAULTS.confirmTimeoutMs): Promise<DiscoveredShelly[]> {
  const results = await Promise.all(
    candidates.map(async (candidate): Promise<DiscoveredShelly | undefined> => {
      let client: ShellyHttpClient | undefined;
      try {
        // Inside the try: one announcement that is no address (SRV port 0) must not fail the search.
        client = new ShellyHttpClient({ host: parseShellyHost(candidate.host), credentials: {}, timeoutMs: confirmTimeoutMs });
        const identity = identifyShelly(await client.getJson('/shelly', true));
        return {
          host: candidate.host,
          generation: identity.generation,
          model: identity.model,
          modelName: identity.modelName,
          id: identity.id,
          mac: identity.mac,
          name: identity.name ?? candidate.name,
          authRequired: identity.authRequired,
        };
      } catch {
        return undefined; // no address, not a Shelly after all, or gone
      } finally {
        client?.close();
      }
    }),
  );
  const byMac = new Map<string, DiscoveredShelly>();
  for (const found of results) if (found && !byMac.has(found.mac)) byMac.set(found.mac, found);
  return [...byMac.values()].sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id));
}

/** Browse, then confirm: the devices the edit dialog offers. */
export async function discoverShellies(options: DiscoveryOptions = {}): Promise<DiscoveredShelly[]> {
  const candidates = await browseMdns(options);
  return confirmCandidates(candidates, options.confirmTimeoutMs);
}
