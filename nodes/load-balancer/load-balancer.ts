import { systemClock } from '../../lib/clock';
import { LOAD_BALANCER_DEFAULTS, LoadBalancer, type LoadBalancerConfig } from '../../lib/energy/balancer';
import { settingNumber } from '../../lib/energy/config-check';
import type { Headroom } from '../../lib/energy/messages';
import { InputError } from '../../lib/input-error';
import { isStationTelemetry } from '../../lib/lektrico/station-telemetry';
import { onClose, onInput } from '../common/input';
import type { NodeAPI, NodeDef, NodeMessage, NodeStatus, RuntimeNode, SendFn } from '../common/node-red';
import { status } from '../common/status';

/**
 * `lektrico-load-balancer`: canonical meter readings and station telemetry in, Headroom out
 * (msg.topic "headroom"). A 1 s timer sends the fail-safe Headroom while the meter is silent.
 * The rules live in lib/energy/balancer.ts.
 */
const TICK_MS = 1000;

/** Editor fields → balancer config (seconds and kW in the editor, ms and W in lib). */
function configFromDef(def: NodeDef): Partial<LoadBalancerConfig> {
  const seconds = (raw: unknown, fallbackMs: number): number => {
    const s = settingNumber(raw);
    return s === undefined ? fallbackMs : s * 1000;
  };
  const capKw = settingNumber(def.powerCapKw);
  return {
    limitA: settingNumber(def.limitA) ?? LOAD_BALANCER_DEFAULTS.limitA,
    marginA: settingNumber(def.marginA) ?? LOAD_BALANCER_DEFAULTS.marginA,
    powerCapW: capKw === undefined ? undefined : capKw * 1000,
    staleAfterMs: seconds(def.staleAfterS, LOAD_BALANCER_DEFAULTS.staleAfterMs),
    failsafeCurrentA: settingNumber(def.failsafeCurrentA) ?? LOAD_BALANCER_DEFAULTS.failsafeCurrentA,
    increaseHoldMs: seconds(def.increaseHoldS, LOAD_BALANCER_DEFAULTS.increaseHoldMs),
  };
}

function headroomStatus(h: Headroom): NodeStatus {
  if (h.failsafe) return status.warning(`fail-safe ${h.failsafe.currentA} A: ${h.failsafe.reason}`);
  const limitA = h.phases[0]?.limitA;
  const phases = h.phases.map((p) => `${p.phase} ${p.gridCurrentA.toFixed(1)}`).join(' · ');
  return status.ok(`${phases} / ${limitA} A`);
}

export = function register(RED: NodeAPI): void {
  function LektricoLoadBalancer(this: RuntimeNode, def: NodeDef): void {
    RED.nodes.createNode(this, def);
    const node = this;

    let balancer: LoadBalancer;
    try {
      balancer = new LoadBalancer(configFromDef(def), systemClock);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      node.status(status.error(`config: ${reason}`));
      node.error(`load balancer not started: ${reason}`);
      onInput(node, () => {
        throw new InputError(`not configured: ${reason}`);
      });
      return;
    }

    const emit = (msg: NodeMessage, headroom: Headroom, send: SendFn): void => {
      msg.topic = 'headroom';
      msg.payload = headroom;
      node.status(headroomStatus(headroom));
      send(msg);
    };

    node.status(status.waiting('waiting for a meter reading'));
    const timer = setInterval(() => {
      // A timer callback must never throw: that would take Node-RED down.
      try {
        const failsafe = balancer.tick();
        if (failsafe) emit({}, failsafe, (m) => node.send(m));
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        node.status(status.error(reason));
        node.error(`fail-safe check failed: ${reason}`);
      }
    }, TICK_MS);

    onInput(node, (msg, send) => {
      if (isStationTelemetry(msg.payload)) {
        const headroom = balancer.onTelemetry(msg.payload);
        if (headroom) emit(msg, headroom, send);
        return;
      }
      emit(msg, balancer.onReading(msg.payload), send);
    });
    onClose(node, () => clearInterval(timer));
  }

  RED.nodes.registerType('lektrico-load-balancer', LektricoLoadBalancer);
};
