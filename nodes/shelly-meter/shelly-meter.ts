import { InputError } from '../../lib/input-error';
import type { ConnectionState, ShellyConnection, ShellyReading } from '../../lib/shelly/meter-connection';
import type { ShellyDeviceNode } from '../shelly-device/shelly-device';
import { createTranslator } from '../common/i18n';
import { onClose, onInput } from '../common/input';
import type { NodeAPI, NodeDef, NodeMessage, RuntimeNode, SendFn } from '../common/node-red';
import { status } from '../common/status';
import { failureErrorText, meterNodeStatus, type MeterContext } from './meter-status';

/**
 * Meter input node `lektrico-shelly-meter`: emits every fresh reading of the Shelly of its device
 * config node as msg.topic = device id, msg.payload = metering status, msg.shelly = ShellyReadingMeta
 * (lib/shelly/meter-reading.ts). An input message asks for a reading now and is answered with it.
 *
 * Connection failures: red status with the reason, and node.error(reason, msg) with a message
 * carrying msg.topic (host or device id) and msg.shelly ({host, id?, model?, generation?}), so a
 * Catch node on the tab receives them. Reported once per distinct reason, not on every retry.
 * Texts come from the catalogue (locales/<lang>/shelly-meter.json) in the runtime's language.
 */
interface MeterDef extends NodeDef {
  device?: string;
}

interface PendingRequest {
  msg: NodeMessage;
  send: SendFn;
  resolve(): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

const STATUS_REFRESH_MS = 2000;

export = function register(RED: NodeAPI): void {
  const t = createTranslator(RED, __dirname, 'shelly-meter');

  function ShellyMeter(this: RuntimeNode, def: MeterDef): void {
    RED.nodes.createNode(this, def);
    const node = this;
    const device = (def.device ? RED.nodes.getNode(def.device) : null) as ShellyDeviceNode | null;
    const problem = !device ? t('lektrico-shelly-meter.error.noDevice') : device.configError;
    const connection: ShellyConnection | undefined = device && !problem ? device.register(node) : undefined;

    if (!device || !connection) {
      const reason = problem ?? t('lektrico-shelly-meter.error.noDevice');
      node.status(status.error(reason));
      node.error(reason);
      onInput(node, () => {
        throw new InputError(reason);
      });
      return;
    }

    const hostLabel = device.hostLabel;
    const context: MeterContext = { hostLabel, hasPassword: device.hasPassword, username: device.username, t };
    const pending: PendingRequest[] = [];
    let lastReadingAt: number | undefined;
    let lastReportedError: string | undefined;

    const showStatus = (): void => node.status(meterNodeStatus(connection.state, lastReadingAt, Date.now(), context));

    const messageFor = (reading: ShellyReading, base: NodeMessage = {}): NodeMessage => {
      // The payload is cloned: a downstream node changing it must not change the cached status.
      base.topic = reading.meta.id;
      base.payload = structuredClone(reading.payload);
      base.shelly = reading.meta;
      return base;
    };

    const onReading = (reading: ShellyReading): void => {
      const first = lastReadingAt === undefined;
      lastReadingAt = reading.meta.receivedAt;
      lastReportedError = undefined;
      if (first) showStatus();
      const answered = pending.splice(0);
      if (answered.length === 0) {
        node.send(messageFor(reading));
        return;
      }
      for (const request of answered) {
        clearTimeout(request.timer);
        request.send(messageFor(reading, request.msg));
        request.resolve();
      }
    };

    const onState = (state: ConnectionState): void => {
      if (state.state !== 'connected') lastReadingAt = undefined;
      showStatus();
      if (state.state !== 'error') return;
      for (const request of pending.splice(0)) {
        clearTimeout(request.timer);
        request.reject(state.error);
      }
      if (state.error.message === lastReportedError) return;
      lastReportedError = state.error.message;
      const identity = state.identity;
      node.error(failureErrorText(state.error, context), {
        topic: identity?.id ?? hostLabel,
        shelly: { host: hostLabel, id: identity?.id, model: identity?.model, generation: identity?.generation },
      });
    };

    connection.on('reading', onReading);
    connection.on('state', onState);
    showStatus();
    const statusTimer = setInterval(() => {
      if (lastReadingAt !== undefined) showStatus();
    }, STATUS_REFRESH_MS);

    onInput(node, (msg, send) => {
      const state = connection.state;
      if (state.state !== 'connected') {
        // lib's full reason when failed, else what the node is doing ("connecting to …").
        const why = state.state === 'error' ? state.error.message : (meterNodeStatus(state, undefined, Date.now(), context).text ?? state.state);
        throw new InputError(t('lektrico-shelly-meter.error.notConnected', { host: hostLabel, why }));
      }
      return new Promise<void>((resolve, reject) => {
        // The connection answers or fails within its own deadline; this is only a safety net.
        const timer = setTimeout(() => {
          const index = pending.indexOf(request);
          if (index >= 0) pending.splice(index, 1);
          reject(new Error(t('lektrico-shelly-meter.error.noReadingInTime', { host: hostLabel })));
        }, 30_000);
        const request: PendingRequest = { msg, send, resolve, reject, timer };
        pending.push(request);
        connection.refresh();
      });
    });

    onClose(node, () => {
      clearInterval(statusTimer);
      for (const request of pending.splice(0)) {
        clearTimeout(request.timer);
        request.resolve(); // the flow is stopping: nothing to report
      }
      connection.off('reading', onReading);
      connection.off('state', onState);
      device.deregister(node);
    });
  }

  RED.nodes.registerType('lektrico-shelly-meter', ShellyMeter as (this: RuntimeNode, def: NodeDef) => void);
};
