import { InputError } from '../input-error';
import { isStationCurrent, STATION_PAUSE_A } from './station-current';

/**
 * What a station node leaves its station at when Node-RED stops it (shutdown, restart, redeploy):
 * with nobody balancing any more, a car must not keep a current only the chain could justify.
 *  - failsafe: at most the fail-safe current (default 6 A, LEKTRI.CO's lb_meter_offline_current);
 *  - pause: 0 A;
 *  - keep: unchanged (the car keeps its last current with nothing watching the breaker).
 * A station is never raised on stop, and one the node never commanded is left alone.
 */
export type StopAction = 'failsafe' | 'pause' | 'keep';
export const STOP_ACTIONS: readonly StopAction[] = ['failsafe', 'pause', 'keep'];

export interface StopPolicy {
  action: StopAction;
  /** failsafe only: 0, or a whole number of amperes 6–32. */
  failsafeCurrentA: number;
}

export const DEFAULT_STOP_POLICY: StopPolicy = { action: 'failsafe', failsafeCurrentA: 6 };

/**
 * The runtime settings (settings.js) lektricoStationOnStop ('failsafe' | 'pause' | 'keep') and
 * lektricoStationStopCurrentA (the fail-safe current); absent = the default. Throws an InputError
 * naming the setting that cannot work.
 */
export function parseStopPolicy(settings: Record<string, unknown>): StopPolicy {
  const action = settings.lektricoStationOnStop ?? DEFAULT_STOP_POLICY.action;
  if (!(STOP_ACTIONS as readonly unknown[]).includes(action)) {
    throw new InputError(`lektricoStationOnStop ${JSON.stringify(action)} must be one of ${STOP_ACTIONS.join(', ')}`);
  }
  const current = settings.lektricoStationStopCurrentA ?? DEFAULT_STOP_POLICY.failsafeCurrentA;
  if (!isStationCurrent(current)) {
    throw new InputError(`lektricoStationStopCurrentA ${JSON.stringify(current)} must be 0 or a whole number of amperes from 6 to 32`);
  }
  return { action: action as StopAction, failsafeCurrentA: current };
}

/**
 * The current to send on stop, or undefined to send nothing: `knownA` is the most the station may
 * be at now (what it reported and what was last asked of it), undefined when the node never
 * commanded it. A fail-safe below the station's minimum pauses it; above its maximum is capped.
 */
export function stopCurrentA(policy: StopPolicy, limits: { minCurrentA: number; maxCurrentA: number }, knownA: number | undefined): number | undefined {
  if (policy.action === 'keep' || knownA === undefined) return undefined;
  const failsafe = policy.failsafeCurrentA;
  const safeA =
    policy.action === 'pause' || failsafe < limits.minCurrentA ? STATION_PAUSE_A : Math.min(failsafe, limits.maxCurrentA);
  return knownA <= safeA ? undefined : safeA;
}
