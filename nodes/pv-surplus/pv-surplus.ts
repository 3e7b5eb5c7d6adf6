import type { ChargingTarget } from '../../lib/energy/messages';
import { SurplusCalculator } from '../../lib/energy/surplus';
import { InputError } from '../../lib/input-error';
import { createTranslator } from '../common/i18n';
import { onInput } from '../common/input';
import type { NodeAPI, NodeDef, NodeMessage, RuntimeNode } from '../common/node-red';
import { status } from '../common/status';
import { configFromDef } from './config-from-def';
import { modeName, targetStatus } from './target-status';

/**
 * `lektrico-pv-surplus`: Headroom in, ChargingTarget out (msg.topic "charging-target"). Also takes
 * msg.topic "mode" (the app's slider) and "battery" ({powerW, soc}). The rules live in
 * lib/energy/surplus.ts; a mode change lives in memory only.
 */

export = function register(RED: NodeAPI): void {
  const t = createTranslator(RED, __dirname, 'pv-surplus');

  function LektricoPvSurplus(this: RuntimeNode, def: NodeDef): void {
    RED.nodes.createNode(this, def);
    const node = this;

    let calculator: SurplusCalculator;
    try {
      calculator = new SurplusCalculator(configFromDef(def));
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      node.status(status.error(t('lektrico-pv-surplus.status.config', { reason })));
      node.error(t('lektrico-pv-surplus.error.notStarted', { reason }));
      onInput(node, () => {
        throw new InputError(t('lektrico-pv-surplus.error.notConfigured', { reason }));
      });
      return;
    }

    const emit = (msg: NodeMessage, target: ChargingTarget): NodeMessage => {
      node.status(targetStatus(target, t));
      msg.topic = 'charging-target';
      msg.payload = target;
      return msg;
    };

    const waitingForHeadroom = (): void =>
      node.status(status.waiting(t('lektrico-pv-surplus.status.waitingForHeadroom', { mode: modeName(calculator.mode, t) })));
    waitingForHeadroom();
    onInput(node, (msg, send) => {
      if (msg.topic === 'mode') {
        calculator.setMode(msg.payload);
        const target = calculator.reapply();
        if (target) send(emit(msg, target));
        else waitingForHeadroom();
        return;
      }
      if (msg.topic === 'battery') {
        calculator.setBattery(msg.payload, Date.now());
        return;
      }
      send(emit(msg, calculator.update(msg.payload)));
    });
  }

  RED.nodes.registerType('lektrico-pv-surplus', LektricoPvSurplus);
};
