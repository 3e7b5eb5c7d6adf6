import type { BatteryPolicy } from '../../lib/energy/battery-policy';
import { settingBoolean, settingNumber } from '../../lib/energy/config-check';
import type { ChargingMode } from '../../lib/energy/messages';
import type { SurplusConfigInput } from '../../lib/energy/surplus';
import type { NodeDef } from '../common/node-red';

/**
 * Editor fields → calculator config: seconds in the editor, ms in lib. An empty field, or one a
 * flow saved before the setting existed does not have, is left out so the lib's default applies.
 */
export function configFromDef(def: NodeDef): SurplusConfigInput {
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
      stopBudgetWh: settingNumber(def.stopBudgetWh),
      earlyRestartMarginW: settingNumber(def.earlyRestartMarginW),
      maxStartsPerDay: settingNumber(def.maxStartsPerDay),
    },
    smoothingMs: ms(def.smoothingS),
    smoothingFallMs: ms(def.smoothingFallS),
    forceSinglePhase: { green: settingBoolean(def.greenSinglePhase), hybrid: settingBoolean(def.hybridSinglePhase) },
    phaseSwitch: {
      auto: settingBoolean(def.autoPhaseSwitch),
      upDelayMs: ms(def.phaseUpDelayS),
      downDelayMs: ms(def.phaseDownDelayS),
      minIntervalMs: ms(def.phaseMinIntervalS),
      hysteresisW: settingNumber(def.phaseHysteresisW),
      downBudgetWh: settingNumber(def.phaseDownBudgetWh),
      upBudgetWh: settingNumber(def.phaseUpBudgetWh),
    },
    battery: {
      policy: (typeof def.batteryPolicy === 'string' && def.batteryPolicy !== '' ? def.batteryPolicy : undefined) as BatteryPolicy | undefined,
      prioritySoc: settingNumber(def.batteryPrioritySoc),
      socHysteresis: settingNumber(def.batterySocHysteresis),
      staleAfterMs: ms(def.batteryTimeoutS),
    },
  };
}
