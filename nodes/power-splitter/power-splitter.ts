import { settingBoolean, settingNumber } from '../../lib/energy/config-check';
import { PowerSplitter, type Allocation, type SplitStrategy, type SplitterConfigInput } from '../../lib/energy/splitter';
import { InputError } from '../../lib/input-error';
import { onInput } from '../common/input';
import type { NodeAPI, NodeDef, NodeMessage, NodeStatus, RuntimeNode } from '../common/node-red';
import { status } from '../common/status';

/**
 * `lektrico-power-splitter`: ChargingTarget in; output 1: one msg per changed StationCommand
 * (msg.topic = station id), output 2: the whole allocation on every input. The rules live in
 * lib/energy/splitter.ts.
 */

/** The editor's priority list: [{station, priority}] → {station: priority}. */
function priorities(raw: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (!Array.isArray(raw)) return out;
  for (const row of raw as Array<{ station?: unknown; priority?: unknown }>) {
    const station = typeof row?.station === 'string' ? row.station.trim() : '';
    if (station === '') continue;
    const priority = settingNumber(row.priority);
    if (priority === undefined) throw new InputError(`priority of station ${station} is empty`);
    out[station] = priority;
  }
  return out;
}

function configFromDef(def: NodeDef): SplitterConfigInput {
  const ms = (raw: unknown, factor = 1000): number | undefined => {
    const n = settingNumber(raw);
    return n === undefined ? undefined : n * factor;
  };
  return {
    strategy: (typeof def.strategy === 'string' && def.strategy !== '' ? def.strategy : 'fair') as SplitStrategy,
    priorities: priorities(def.priorities),
    discipline: { increaseIntervalMs: ms(def.increaseIntervalS), maxIncreaseStepA: settingNumber(def.increaseStepA) },
    underuse: { thresholdA: settingNumber(def.underuseThresholdA), holdMs: ms(def.underuseHoldS), marginA: settingNumber(def.underuseMarginA) },
    resumeDelayMs: ms(def.resumeDelayS),
    rotation: { enabled: settingBoolean(def.rotation), intervalMs: ms(def.rotationIntervalMin, 60_000) },
  };
}

function allocationStatus(a: Allocation, failsafe: boolean): NodeStatus {
  const cars = a.stations.filter((s) => s.competing);
  if (cars.length === 0) return status.idle('no car');
  const text = `${cars.length === 1 ? '1 car' : `${cars.length} cars`}: ${cars.map((s) => `${s.currentA} A`).join(' · ')}`;
  return failsafe ? status.warning(`fail-safe · ${text}`) : status.ok(text);
}

export = function register(RED: NodeAPI): void {
  function LektricoPowerSplitter(this: RuntimeNode, def: NodeDef): void {
    RED.nodes.createNode(this, def);
    const node = this;

    let splitter: PowerSplitter;
    try {
      splitter = new PowerSplitter(configFromDef(def));
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      node.status(status.error(`config: ${reason}`));
      node.error(`power splitter not started: ${reason}`);
      onInput(node, () => {
        throw new InputError(`not configured: ${reason}`);
      });
      return;
    }

    node.status(status.waiting('waiting for a charging target'));
    onInput(node, (msg, send) => {
      const allocation = splitter.allocate(msg.payload);
      const commands: NodeMessage[] = allocation.commands.map((c) => ({ topic: c.station, payload: c }));
      const failsafe = typeof msg.payload === 'object' && msg.payload !== null && 'failsafe' in msg.payload;
      msg.topic = 'allocation';
      msg.payload = {
        kind: 'allocation',
        timestamp: allocation.timestamp,
        stations: allocation.stations,
        problems: allocation.problems,
      };
      send([commands, msg]);
      node.status(allocationStatus(allocation, failsafe));
      // The commands above are safe; a station whose telemetry could not be used is reported too.
      if (allocation.problems.length > 0) throw new InputError(allocation.problems.join('; '));
    });
  }

  RED.nodes.registerType('lektrico-power-splitter', LektricoPowerSplitter);
};
