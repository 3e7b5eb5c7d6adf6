import type { BatteryPolicy } from '../../lib/energy/battery-policy';
import { settingBoolean, settingNumber } from '../../lib/energy/config-check';
import type { ChargingMode, ChargingTarget } from '../../lib/energy/messages';
import { SurplusCalculator, type SurplusConfigInput } from '../../lib/energy/surplus';
import { InputError } from '../../lib/input-error';
import { createTranslator } from '../common/i18n';
import { onInput } from '../common/input';
import type { NodeAPI, NodeDef, NodeMessage, RuntimeNode } from '../common/node-red';
import { status } from '../common/status';
import { modeName, targetStatus } from './target-status';

/**
 * `lektrico-pv-surplus`: Headroom in, ChargingTarget out (msg.topic "charging-target"). Also takes
 * msg.topic "mode" (the app's slider) and "battery" ({powerW, soc}). The rules live in
 * lib/energy/surplus.ts; a mode change lives in memory only.
 */

/** Editor fields → calculator config (seconds in the editor, ms in lib; empty = default). */
function configFromDef(def: NodeDef): SurplusConfigInput {
  const ms = (raw: unknown): number | undefined => {
    const s = settingNumber(raw);
    return s === undefined ? undefined : s * 1000;
  };
  return {
    mode: (typeof def.mode === 'string' && def.mode !== '' ? def.mode : 'power') as ChargingMode,
    hybridCurrentA: settingNumber(def.hybridCurrentA),
    green: {
      startThresholdW: settingNumber(def.startThresholdW),
      stopThresholdW: settingNumber(def.stopThresholdW),
      enableDelayMs: ms(def.enableDelayS),
      disableDelayMs: ms(def.disableDelayS),
      minRunMs: ms(def.minRunS),
      minPauseMs: ms(def.minPauseS),
    },
    smoothingMs: ms(def.smoothingS),
    forceSinglePhase: { green: settingBoolean(def.greenSinglePhase), hybrid: settingBoolean(def.hybridSinglePhase) },
    phaseSwitch: {
      auto: settingBoolean(def.autoPhaseSwitch),
      upDelayMs: ms(def.phaseUpDelayS),
      downDelayMs: ms(def.phaseDownDelayS),
      minIntervalMs: ms(def.phaseMinIntervalS),
      hysteresisW: settingNumber(def.phaseHysteresisW),
    },
    battery: {
      policy: (typeof def.batteryPolicy === 'string' && def.batteryPolicy !== '' ? def.batteryPolicy : undefined) as BatteryPolicy | undefined,
      prioritySoc: settingNumber(def.batteryPrioritySoc),
      socHysteresis: settingNumber(def.batterySocHysteresis),
      staleAfterMs: ms(def.batteryTimeoutS),
    },
  };
}

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
