import type { ChargingMode, ChargingTarget } from '../../lib/energy/messages';
import { formatKw } from '../../lib/energy/units';
import { isCompeting } from '../../lib/energy/station-view';
import { localDecimals, type Translate } from '../common/i18n';
import type { NodeStatus } from '../common/node-red';
import { formatCountdown, status } from '../common/status';

const KEY = 'lektrico-pv-surplus.status';

/** The mode's name in the user's language (the editor's mode list uses the same keys). */
export function modeName(mode: ChargingMode, t: Translate): string {
  return t(`lektrico-pv-surplus.mode.${mode}`);
}

/**
 * The PV surplus node's status line: the mode, what it gives the cars and a running timer.
 *   "Off" (grey) · "Power · 32 A" · "Hybrid · 6 A + 2.1 kW PV" · "Green · 2.3 kW PV" (green)
 *   "Green · 4.0 kW PV · 1 phase after 40 Wh grid" (a rationed switch down waits for the grid budget)
 *   "Green · waiting for surplus 1:20" (a start timer) · "Green · 4.2 kW PV · no starts left (24 h)" · "Green · 0.9 kW PV · stop in 2:40" (yellow)
 *   "Green · fail-safe 6 A" while the meter is silent (yellow)
 */
export function targetStatus(target: ChargingTarget, t: Translate): NodeStatus {
  const mode = modeName(target.mode, t);
  if (target.failsafe) return status.warning(t(`${KEY}.failsafe`, { mode, current: target.failsafe.currentA }));
  const pv = localDecimals(t, 'lektrico-pv-surplus', formatKw(Math.max(0, target.surplusW)));
  const timer = target.timer ? formatCountdown(target.timer.remainingS) : '';
  // A phase switch can run in Hybrid and Green; it is appended to what the mode says. Rationed (Green
  // with a limit on starts), a switch down waits for grid energy, not a time.
  const withPhaseSwitch = (text: string): string => {
    if (target.timer?.action === 'switch-to-1p' || target.timer?.action === 'switch-to-3p') {
      return `${text} · ${t(`${KEY}.timer.${target.timer.action}`, { time: timer })}`;
    }
    return target.switchDownAfterWh !== undefined ? `${text} · ${t(`${KEY}.switchDownAfter`, { wh: target.switchDownAfterWh })}` : text;
  };

  switch (target.mode) {
    case 'off':
      return status.idle(mode);
    case 'power':
      return status.ok(t(`${KEY}.power`, { mode, current: smallestHeadroomA(target) }));
    case 'hybrid':
      return status.ok(withPhaseSwitch(t(`${KEY}.hybrid`, { mode, current: target.guaranteedA ?? 0, pv })));
    case 'green': {
      if (!target.stations.some(isCompeting)) return status.waiting(t(`${KEY}.greenNoCar`, { mode, pv }));
      if (target.timer?.action === 'stop') return status.warning(t(`${KEY}.greenStopping`, { mode, pv, time: timer }));
      if (target.enabled) {
        if (target.timer?.action === 'start') return status.ok(t(`${KEY}.greenNextCar`, { mode, pv, time: timer }));
        return status.ok(withPhaseSwitch(t(`${KEY}.greenCharging`, { mode, pv })));
      }
      if (target.timer?.action === 'start') return status.waiting(t(`${KEY}.greenStarting`, { mode, time: timer }));
      if (noGreenStartLeft(target)) return status.waiting(t(`${KEY}.greenStartsUsed`, { mode, pv }));
      return status.waiting(t(`${KEY}.greenWaiting`, { mode, pv }));
    }
  }
}

/** With Green's starts limited, every car waiting has used them. */
function noGreenStartLeft(target: ChargingTarget): boolean {
  const startsLeft = target.startsLeft;
  return startsLeft !== undefined && target.stations.filter(isCompeting).every((t) => startsLeft[t.station] === 0);
}

/** Whole amperes every car may draw in Power: the phase with the least headroom decides. */
function smallestHeadroomA(target: ChargingTarget): number {
  const least = Math.min(...target.phases.map((p) => p.headroomA));
  return Number.isFinite(least) ? Math.max(0, Math.floor(least + 1e-9)) : 0;
}
