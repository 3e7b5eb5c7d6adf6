import { LOAD_BALANCER_DEFAULTS, type LoadBalancerConfig } from '../../lib/energy/balancer';
import { settingNumber } from '../../lib/energy/config-check';
import type { NodeDef } from '../common/node-red';

/** Editor fields → balancer config (seconds and kW in the editor, ms and W in lib). */
export function configFromDef(def: NodeDef): Partial<LoadBalancerConfig> {
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
