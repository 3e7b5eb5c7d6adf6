import { LektricoClient } from '../../lib/lektrico/client';
import { DEFAULT_DISCOVERY_TIMEOUT_MS, discoverStations, type DiscoveredStation } from '../../lib/lektrico/discovery';
import { StationController } from '../../lib/lektrico/station-controller';
import { parseStationInput } from '../../lib/lektrico/station-input';
import { parseStationSettings, type StationSettings } from '../../lib/lektrico/station-settings';
import type { StatusView } from '../../lib/lektrico/station-status';
import { parseStopPolicy, type StopPolicy } from '../../lib/lektrico/stop-policy';
import { InputError } from '../../lib/input-error';
import { quotableHost } from '../../lib/quotable-host';
import { onClose, onInput } from '../common/input';
import { createTranslator } from '../common/i18n';
import { discoverySettings } from '../common/mdns-settings';
import type { NodeAPI, NodeDef, NodeStatus, RuntimeNode } from '../common/node-red';
import { status } from '../common/status';
import { wordStatus } from './status-text';
import { registerTestConnection, type StoredStation } from './test-connection';

/**
 * `lektrico-station`: one LEKTRI.CO charging station. Input: the power splitter's StationCommand
 * (or a number of amperes, `{currentA, phases}`, topic "start"/"stop"). Output: StationTelemetry
 * after every read, msg.topic = station id. The work is done by lib/lektrico's StationController.
 *
 * When Node-RED stops it, the station is left at a safe current (runtime settings
 * lektricoStationOnStop / lektricoStationStopCurrentA, lib/lektrico/stop-policy.ts).
 * Status texts are worded from the node's catalogue (locales/<lang>/lektri-station.json, `status`
 * keys) in the runtime's language. The edit dialog's "Test connection" is test-connection.ts.
 * The edit dialog's station search listens where nodes/common/mdns-settings.ts says (runtime
 * settings lektricoEmMdnsInterface / lektricoEmMdnsPort / lektricoEmDiscoveryMs, default 2 s).
 */
const TONES: Record<StatusView['tone'], (text: string) => NodeStatus> = {
  ok: status.ok,
  idle: status.idle,
  waiting: status.waiting,
  warning: status.warning,
  error: status.error,
};

export = function register(RED: NodeAPI): void {
  const t = createTranslator(RED, __dirname, 'lektri-station');

  function LektricoStation(this: RuntimeNode & StoredStation, def: NodeDef): void {
    RED.nodes.createNode(this, def);
    const node = this;
    node.hostLabel = quotableHost(String(def.host ?? '').trim()); // the dialog's test sends the stored password only here

    let settings: StationSettings;
    let onStop: StopPolicy;
    try {
      settings = parseStationSettings(def);
      onStop = parseStopPolicy(RED.settings);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      node.status(status.error(t('lektrico-station.status.config', { reason })));
      node.error(t('lektrico-station.error.notStarted', { reason }));
      onInput(node, () => {
        throw new InputError(t('lektrico-station.error.notConfigured', { reason }));
      });
      return;
    }

    const controller = new StationController({
      api: new LektricoClient({
        host: settings.host,
        username: node.credentials?.username,
        password: node.credentials?.password,
        timeoutMs: settings.timeoutMs,
      }),
      settings,
      onStop,
      onTelemetry: (telemetry) => node.send({ topic: telemetry.station, payload: telemetry }),
      onStatus: (view, message) => node.status(TONES[view.tone](wordStatus(t, message))),
      onLog: (level, text) => (level === 'warn' ? node.warn(text) : node.log(text)),
    });

    onInput(node, async (msg) => {
      const action = parseStationInput(msg, settings, (station) => controller.ownerOf(station));
      if (action.kind === 'ignore') return;
      if (action.kind === 'hold') return controller.hold(action.station, action.command);
      if (action.kind === 'start' || action.kind === 'stop') return controller.charge(action.kind);
      const outcome = await controller.command(action.setpoint);
      // Refused, or no usable answer to the write while the station answers reads: Catch hears of it.
      if (outcome.status === 'refused' || outcome.status === 'failed') throw outcome.error;
    });
    onClose(node, () => controller.close());

    node.status(status.waiting(t('lektrico-station.status.connecting', { host: settings.host })));
    controller.start();
  }

  RED.nodes.registerType('lektrico-station', LektricoStation, {
    credentials: { username: { type: 'text' }, password: { type: 'password' } },
  });

  // The edit dialog's station search. Concurrent searches share one browse (one socket).
  let search: Promise<DiscoveredStation[]> | undefined;
  RED.httpAdmin.get('/lektrico-em/stations/discover', RED.auth.needsPermission('lektrico-station.read'), (_req, res) => {
    const where = discoverySettings(RED.settings, DEFAULT_DISCOVERY_TIMEOUT_MS);
    search ??= discoverStations({ interface: where.interface, port: where.port, timeoutMs: where.durationMs }).finally(() => {
      search = undefined;
    });
    search.then(
      (stations) => res.json({ stations }),
      (err: unknown) => res.status(500).json({ error: err instanceof Error ? err.message : String(err) }),
    );
  });
  registerTestConnection(RED);
};
