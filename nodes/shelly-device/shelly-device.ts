import { DEFAULT_BACKOFF } from '../../lib/shelly/backoff';
import { DISCOVERY_DEFAULTS, discoverShellies, type DiscoveredShelly } from '../../lib/shelly/discovery';
import { ShellyConnection, resolveConnectionOptions, type ShellyConnectionOptions, type TransportPreference } from '../../lib/shelly/meter-connection';
import { onClose } from '../common/input';
import { discoverySettings } from '../common/mdns-settings';
import type { NodeAPI, NodeDef, RuntimeNode } from '../common/node-red';

/**
 * Config node `lektrico-shelly-device`: one Shelly, and the one connection to it that every meter
 * node using it shares (Node-RED's mqtt-broker pattern): the connection opens when the first user
 * registers and closes when the last one leaves or the config node is removed. Users listen to the
 * connection's 'reading' and 'state' events themselves.
 *
 * Runtime settings (settings.js), all optional:
 *   lektricoShellyDeviceBackoff        { initialMs, maxMs } reconnect back-off ({1000, 30000})
 * The edit dialog's search listens where nodes/common/mdns-settings.ts says (lektricoEmMdns*, 3 s).
 */
export interface ShellyDeviceNode extends RuntimeNode {
  /** "host" as configured, for status texts before the device is identified. */
  readonly hostLabel: string;
  /** Set when the configuration cannot work (bad host, bad interval): no connection is made. */
  readonly configError?: string;
  /** Adds a user; returns the shared connection (created and started for the first user). */
  register(user: RuntimeNode): ShellyConnection | undefined;
  /** Removes a user; the connection closes when none are left. */
  deregister(user: RuntimeNode): void;
}

interface DeviceDef extends NodeDef {
  host?: string;
  transport?: string;
  pollInterval?: string | number;
  timeout?: string | number;
}

/** Seconds from the editor (a string or a number) as ms; fallback when empty; NaN when not a positive number. */
function secondsToMs(value: unknown, fallbackS: number): number {
  if (value === undefined || value === null || value === '') return fallbackS * 1000;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : Number.NaN;
}

export = function register(RED: NodeAPI): void {
  const setting = <T>(name: string): T | undefined => RED.settings[name] as T | undefined;

  function ShellyDevice(this: ShellyDeviceNode, def: DeviceDef): void {
    RED.nodes.createNode(this, def);
    const node = this as ShellyDeviceNode & { hostLabel: string; configError?: string };
    node.hostLabel = String(def.host ?? '').trim();
    const users = new Set<string>();
    let connection: ShellyConnection | undefined;

    const transport = (def.transport || 'auto') as TransportPreference;
    const pollIntervalMs = secondsToMs(def.pollInterval, 1);
    const requestTimeoutMs = secondsToMs(def.timeout, 5);
    const backoff = setting<{ initialMs: number; maxMs: number }>('lektricoShellyDeviceBackoff') ?? DEFAULT_BACKOFF;

    const options: ShellyConnectionOptions = {
      host: node.hostLabel,
      credentials: { username: node.credentials?.username, password: node.credentials?.password },
      transport,
      pollIntervalMs,
      requestTimeoutMs,
      backoff,
    };

    // Validate once here, so every user reports the same readable problem.
    try {
      resolveConnectionOptions(options);
    } catch (err) {
      node.configError = err instanceof Error ? err.message : String(err);
    }
    if (node.configError) node.error(`Shelly device "${node.hostLabel}": ${node.configError}`);

    node.register = (user) => {
      if (node.configError) return undefined;
      users.add(user.id);
      if (!connection) {
        connection = new ShellyConnection(options);
        connection.start();
      }
      return connection;
    };

    node.deregister = (user) => {
      users.delete(user.id);
      if (users.size === 0 && connection) {
        connection.close();
        connection = undefined;
      }
    };

    onClose(node, () => {
      users.clear();
      connection?.close();
      connection = undefined;
    });
  }

  RED.nodes.registerType('lektrico-shelly-device', ShellyDevice as unknown as (this: RuntimeNode, def: NodeDef) => void, {
    credentials: { username: { type: 'text' }, password: { type: 'password' } },
  });

  // The edit dialog's search: mDNS browse, each hit confirmed with GET /shelly. Concurrent
  // searches share one browse (one socket, one set of GET /shelly).
  let search: Promise<DiscoveredShelly[]> | undefined;
  RED.httpAdmin.get('/lektrico-em/shelly/discover', RED.auth.needsPermission('lektrico-shelly-device.read'), (_req, res) => {
    search ??= discoverShellies(discoverySettings(RED.settings, DISCOVERY_DEFAULTS.durationMs)).finally(() => {
      search = undefined;
    });
    search.then(
      (devices) => res.json({ devices }),
      (err: unknown) => res.status(500).json({ error: err instanceof Error ? err.message : String(err) }),
    );
  });
};
