import { systemClock } from '../../lib/clock';
import { LoadBalancer } from '../../lib/energy/balancer';
import type { Headroom } from '../../lib/energy/messages';
import { InputError } from '../../lib/input-error';
import { isStationTelemetry } from '../../lib/lektrico/station-telemetry';
import { createTranslator } from '../common/i18n';
import { onClose, onInput } from '../common/input';
import type { NodeAPI, NodeDef, NodeMessage, RuntimeNode, SendFn } from '../common/node-red';
import { status } from '../common/status';
import { configFromDef } from './config-from-def';
import { headroomStatus } from './headroom-status';

/**
 * `lektrico-load-balancer`: canonical meter readings and station telemetry in, Headroom out
 * (msg.topic "headroom"). A 1 s timer sends the fail-safe Headroom while the meter is silent.
 * The rules live in lib/energy/balancer.ts.
 */
const TICK_MS = 1000;

export = function register(RED: NodeAPI): void {
  const t = createTranslator(RED, __dirname, 'load-balancer');

  function LektricoLoadBalancer(this: RuntimeNode, def: NodeDef): void {
    RED.nodes.createNode(this, def);
    const node = this;

    let balancer: LoadBalancer;
    try {
      balancer = new LoadBalancer(configFromDef(def), systemClock);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      node.status(status.error(t('lektrico-load-balancer.status.config', { reason })));
      node.error(t('lektrico-load-balancer.error.notStarted', { reason }));
      onInput(node, () => {
        throw new InputError(t('lektrico-load-balancer.error.notConfigured', { reason }));
      });
      return;
    }

    let meterHeard = false;
    const emit = (msg: NodeMessage, headroom: Headroom, send: SendFn): void => {
      msg.topic = 'headroom';
      msg.payload = headroom;
      node.status(headroomStatus(headroom, t, meterHeard));
      send(msg);
    };

    node.status(status.waiting(t('lektrico-load-balancer.status.waitingForMeter')));
    const timer = setInterval(() => {
      // A timer callback must never throw: that would take Node-RED down.
      try {
        const failsafe = balancer.tick();
        if (failsafe) emit({}, failsafe, (m) => node.send(m));
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        node.status(status.error(reason));
        node.error(t('lektrico-load-balancer.error.tickFailed', { reason }));
      }
    }, TICK_MS);

    onInput(node, (msg, send) => {
      if (isStationTelemetry(msg.payload)) {
        const headroom = balancer.onTelemetry(msg.payload);
        if (headroom) emit(msg, headroom, send);
        return;
      }
      const headroom = balancer.onReading(msg.payload);
      meterHeard = true;
      emit(msg, headroom, send);
    });
    onClose(node, () => clearInterval(timer));
  }

  RED.nodes.registerType('lektrico-load-balancer', LektricoLoadBalancer);
};
