import type { ChargingTarget } from './messages';
import type { LimitedStation, ShareLimits } from './share-limits';
import { fitsLimits, type FillStation } from './water-fill';

/** A station as the check sees it: its id, range in whole amps and where its current counts. */
export interface CheckedStation extends LimitedStation {
  id: string;
  minA: number;
  maxA: number;
}

/**
 * The invariant, checked on every allocation: each current is 0 or a whole number within the
 * station's range, and the commanded currents together stay within every phase's headroom, the
 * power cap and the budget (or, in fail-safe, within the fail-safe current).
 */
export function checkAllocation(
  stations: CheckedStation[],
  target: ChargingTarget,
  limits: ShareLimits,
  currentOf: (id: string) => number,
  idle: Set<string>,
): string[] {
  const violations: string[] = [];
  const items: FillStation[] = [];
  const currents: number[] = [];
  for (const v of stations) {
    const a = currentOf(v.id);
    if (a === 0) continue;
    if (!Number.isInteger(a) || a < v.minA || a > v.maxA) violations.push(`${v.id}: ${a} A outside {0} ∪ [${v.minA}, ${v.maxA}]`);
    if (target.failsafe && a > target.failsafe.currentA) violations.push(`${v.id}: ${a} A above the fail-safe ${target.failsafe.currentA} A`);
    if (!target.failsafe && !v.gridPhases.every((p) => limits.hasPhase(p))) violations.push(`${v.id}: current on an unmeasured phase`);
    items.push({ floorA: 0, capA: 0, uses: limits.uses(v, idle.has(v.id)), group: 0 });
    currents.push(a);
  }
  if (!target.failsafe && !fitsLimits(items, limits.list, currents)) violations.push('the commanded currents exceed a limit');
  return violations;
}
