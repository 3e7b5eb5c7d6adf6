import type { Headroom, PhaseHeadroom } from '../../lib/energy/messages';
import { localDecimals, type Translate } from '../common/i18n';
import type { NodeStatus } from '../common/node-red';
import { formatAge, status } from '../common/status';

const KEY = 'lektrico-load-balancer.status';

/**
 * The load balancer's status line: what the cars may draw and why.
 *   "16/16/12 A headroom"                 what all cars may draw per phase (green)
 *   "L2 overload → 10 A"                  a phase above its limit: the cars are cut to what is left there (yellow)
 *   "fail-safe 6 A · meter silent 12 s"   no fresh meter reading (yellow)
 * @param meterHeard whether any reading has been accepted since the node started
 */
export function headroomStatus(h: Headroom, t: Translate, meterHeard: boolean): NodeStatus {
  if (h.failsafe) {
    const current = h.failsafe.currentA;
    return status.warning(
      meterHeard ? t(`${KEY}.failsafeSilent`, { current, age: localDecimals(t, 'lektrico-load-balancer', formatAge(h.readingAgeMs)) }) : t(`${KEY}.failsafeNoReading`, { current }),
    );
  }
  const overloaded = worstOverload(h.phases);
  if (overloaded) return status.warning(t(`${KEY}.overload`, { phase: overloaded.phase, current: wholeA(overloaded.headroomA) }));
  return status.ok(t(`${KEY}.headroom`, { headroom: h.phases.map((p) => wholeA(p.headroomA)).join('/') }));
}

/** The phase furthest above its limit, if any is above it. */
function worstOverload(phases: PhaseHeadroom[]): PhaseHeadroom | undefined {
  let worst: PhaseHeadroom | undefined;
  for (const p of phases) {
    if (p.gridCurrentA > p.limitA && (!worst || p.gridCurrentA - p.limitA > worst.gridCurrentA - worst.limitA)) worst = p;
  }
  return worst;
}

/** Cars are commanded whole amperes, so the headroom they can use is rounded down. */
function wholeA(currentA: number): number {
  return Math.max(0, Math.floor(currentA + 1e-9));
}
