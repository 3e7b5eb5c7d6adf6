import { quotableHost } from '../../lib/quotable-host';
import { DEFAULT_BACKOFF } from '../../lib/backoff';
import { DISCOVERY_DEFAULTS, discoverShellies, type DiscoveredShelly } from '../../lib/shelly/discovery';
import { ShellyConnection, resolveConnectionOptions, type ShellyConnectionOptions, type TransportPreference } from '../../lib/shelly/meter-connection';
import { createTranslator } from '../common/i18n';
import { onClose } from '../common/input';
import { discoverySettings } from '../common/mdns-settings';
import type { NodeAPI, NodeDef, RuntimeNode } from '../common/node-red';
import { POLL_INTERVAL, settingMs, TIMEOUT, type SecondsSetting } from './device-settings';
import { registerTestEndpoint } from './test-connection';

/**
 * Config node `lektrico-shelly-device`: one Shelly, and the one connection to it that every meter
 * node using it shares (Node-RED's mqtt-broker pattern): the connection opens when the first user
 * registers and closes when the last one leaves or the config node is removed. Users listen to the
 * connection's 'reading' and 'state' events themselves.
 *
 * Runtime settings (settings.js), all optional:
 *   lektricoShellyDeviceBackoff        { initialMs, maxMs } reconnect back-off ({1000, 30000})
 * The edit dialog's search listens where nodes/common/mdns-settings.ts says (lektricoEmMdns*, 3 s);
 * its "Test connection" is test-connection.ts.
 */
export interface ShellyDeviceNode extends RuntimeNode {
  /** "host" as configured (user info masked), for status texts before the device is identified. */
  readonly hostLabel: string;
  /** Set when the configuration cannot work (bad host, bad interval): no connection is made. */
  readonly configError?: string;
  /** A password is configured (a 401 then means a wrong one, not a missing one). */
  readonly hasPassword: boolean;
  /** The Gen1 Basic-auth user as configured, default admin (Gen2+ always uses admin). */
  readonly username: string;
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

export = function register(RED: NodeAPI): void {
  const setting = <T>(name: string): T | undefined => RED.settings[name] as T | undefined;
  const t = createTranslator(RED, __dirname, 'shelly-device');

  function ShellyDevice(this: ShellyDeviceNode, def: DeviceDef): void {
    RED.nodes.createNode(this, def);
    type Writable<T> = { -readonly [K in keyof T]: T[K] };
    const node = this as Writable<ShellyDeviceNode>;
    const host = String(def.host ?? '').trim();
    node.hostLabel = quotableHost(host);
    node.hasPassword = Boolean(node.credentials?.password);
    node.username = node.credentials?.username || 'admin';
    const users = new Set<string>();
    let connection: ShellyConnection | undefined;

    // A setting out of its bounds is reported in the dialog's words ("Poll every must be 0.05 to 3600 s").
    const outOfRange = (value: unknown, bounds: SecondsSetting): string =>
      t('lektrico-shelly-device.error.range', {
        setting: t(`lektrico-shelly-device.label.${bounds.key}`),
        value: String(value),
        min: bounds.minS,
        max: bounds.maxS,
      });
    const transport = (def.transport || 'auto') as TransportPreference;
    const pollIntervalMs = settingMs(def.pollInterval, POLL_INTERVAL);
    const requestTimeoutMs = settingMs(def.timeout, TIMEOUT);
    const backoff = setting<{ initialMs: number; maxMs: number }>('lektricoShellyDeviceBackoff') ?? DEFAULT_BACKOFF;

    const options: ShellyConnectionOptions = {
      host,
      credentials: { username: node.credentials?.username, password: node.credentials?.password },
      transport,
      pollIntervalMs,
      requestTimeoutMs,
      backoff,
    };

    // Validate once here, so every user reports the same readable problem.
    if (pollIntervalMs === undefined) node.configError = outOfRange(def.pollInterval, POLL_INTERVAL);
    else if (requestTimeoutMs === undefined) node.configError = outOfRange(def.timeout, TIMEOUT);
    else if (!(['auto', 'websocket', 'http'] as const).includes(transport)) {
      node.configError = t('lektrico-shelly-device.error.transport', { value: String(def.transport) });
    } else {
      try {
        resolveConnectionOptions(options);
      } catch (err) {
        node.configError = err instanceof Error ? err.message : String(err); // lib's reason (bad host)
      }
    }
    if (node.configError) node.error(t('lektrico-shelly-device.error.config', { host: node.hostLabel, reason: node.configError }));

    node.register = (user) => {
      if (node.configError) return undefined;
      users.add(user.id);
      if (!connection) {
        connection = new ShellyConnection(options);
        // Every user adds a 'reading' and a 'state' listener (and removes them on close): more
        // than Node's default of 10 is no leak (a 3EM may feed a dozen meter nodes), so no limit.
        connection.setMaxListeners(0);
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

  registerTestEndpoint(RED, t);
};
