import type { ChargingTarget } from '../../lib/energy/messages';
import { PowerSplitter } from '../../lib/energy/splitter';
import { InputError } from '../../lib/input-error';
import { createTranslator } from '../common/i18n';
import { onInput } from '../common/input';
import type { NodeAPI, NodeDef, NodeMessage, RuntimeNode } from '../common/node-red';
import { status } from '../common/status';
import { allocationStatus } from './allocation-status';
import { configFromDef } from './config-from-def';

/**
 * `lektrico-power-splitter`: ChargingTarget in; output 1: one msg per changed StationCommand
 * (msg.topic = station id), output 2: the whole allocation on every input. The rules live in
 * lib/energy/splitter.ts.
 */

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
