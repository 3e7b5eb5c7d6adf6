import { settingBoolean, settingNumber } from '../../lib/energy/config-check';
import type { SplitStrategy, SplitterConfigInput } from '../../lib/energy/splitter';
import { InputError } from '../../lib/input-error';
import type { Translate } from '../common/i18n';
import type { NodeDef } from '../common/node-red';

/** The editor's priority list: [{station, priority}] → {station: priority}. */
function priorities(raw: unknown, t: Translate): Record<string, number> {
  const out: Record<string, number> = {};
  if (!Array.isArray(raw)) return out;
  for (const row of raw as Array<{ station?: unknown; priority?: unknown }>) {
    const station = typeof row?.station === 'string' ? row.station.trim() : '';
    if (station === '') continue; // an empty row of the list editor
    // Listed twice, one of its priorities would be dropped without a word.
    if (station in out) throw new InputError(t('lektrico-power-splitter.error.priorityTwice', { station }));
    const priority = settingNumber(row.priority);
    if (priority === undefined) throw new InputError(t('lektrico-power-splitter.error.priorityEmpty', { station }));
    out[station] = priority;
  }
  return out;
}

/** Editor fields → splitter config (seconds and minutes in the editor, ms in lib). */
export function configFromDef(def: NodeDef, t: Translate): SplitterConfigInput {
  const ms = (raw: unknown, factor = 1000): number | undefined => {
    const n = settingNumber(raw);
    return n === undefined ? undefined : n * factor;
  };
  return {
    strategy: (typeof def.strategy === 'string' && def.strategy !== '' ? def.strategy : 'fair') as SplitStrategy,
    priorities: priorities(def.priorities, t),
    discipline: { increaseIntervalMs: ms(def.increaseIntervalS), maxIncreaseStepA: settingNumber(def.increaseStepA) },
    underuse: { thresholdA: settingNumber(def.underuseThresholdA), holdMs: ms(def.underuseHoldS), marginA: settingNumber(def.underuseMarginA) },
    resumeDelayMs: ms(def.resumeDelayS),
    rotation: { enabled: settingBoolean(def.rotation), intervalMs: ms(def.rotationIntervalMin, 60_000) },
  };
}
