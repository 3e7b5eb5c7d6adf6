import { settingBoolean, settingNumber } from '../../lib/energy/config-check';
import type { ChargingTarget } from '../../lib/energy/messages';
import { PowerSplitter, type SplitStrategy, type SplitterConfigInput } from '../../lib/energy/splitter';
import { InputError } from '../../lib/input-error';
import { createTranslator, type Translate } from '../common/i18n';
import { onInput } from '../common/input';
import type { NodeAPI, NodeDef, NodeMessage, RuntimeNode } from '../common/node-red';
import { status } from '../common/status';
import { allocationStatus } from './allocation-status';

/**
 * `lektrico-power-splitter`: ChargingTarget in; output 1: one msg per changed StationCommand
 * (msg.topic = station id), output 2: the whole allocation on every input. The rules live in
 * lib/energy/splitter.ts.
 */

/** The editor's priority list: [{station, priority}] → {station: priority}. */
function priorities(raw: unknown, t: Translate): Record<string, number> {
  const out: Record<string, number> = {};
  if (!Array.isArray(raw)) return out;
  for (const row of raw as Array<{ station?: unknown; priority?: unknown }>) {
    const station = typeof row?.station === 'string' ? row.station.trim() : '';
    if (station === '') continue;
    const priority = settingNumber(row.priority);
    if (priority === undefined) throw new InputError(t('lektrico-power-splitter.error.priorityEmpty', { station }));
    out[station] = priority;
  }
  return out;
}

function configFromDef(def: NodeDef, t: Translate): SplitterConfigInput {
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

export = function register(RED: NodeAPI): void {
  const t = createTranslator(RED, __dirname, 'power-splitter');

  function LektricoPowerSplitter(this: RuntimeNode, def: NodeDef): void {
    RED.nodes.createNode(this, def);
    const node = this;

    let splitter: PowerSplitter;
    try {
      splitter = new PowerSplitter(configFromDef(def, t));
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      node.status(status.error(t('lektrico-power-splitter.status.config', { reason })));
      node.error(t('lektrico-power-splitter.error.notStarted', { reason }));
      onInput(node, () => {
        throw new InputError(t('lektrico-power-splitter.error.notConfigured', { reason }));
      });
      return;
    }

    node.status(status.waiting(t('lektrico-power-splitter.status.waitingForTarget')));
    onInput(node, (msg, send) => {
      const allocation = splitter.allocate(msg.payload);
      // allocate() has checked the payload: it is a ChargingTarget.
      const target = msg.payload as ChargingTarget;
      const commands: NodeMessage[] = allocation.commands.map((c) => ({ topic: c.station, payload: c }));
      msg.topic = 'allocation';
      msg.payload = {
        kind: 'allocation',
        timestamp: allocation.timestamp,
        stations: allocation.stations,
        problems: allocation.problems,
      };
      send([commands, msg]);
      node.status(allocationStatus(allocation, target, t));
      // The commands above are safe; a station whose telemetry could not be used is reported too.
      if (allocation.problems.length > 0) throw new InputError(allocation.problems.join('; '));
    });
  }

  RED.nodes.registerType('lektrico-power-splitter', LektricoPowerSplitter);
};
