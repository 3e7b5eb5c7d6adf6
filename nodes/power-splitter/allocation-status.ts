import type { ChargingTarget } from '../../lib/energy/messages';
import type { Allocation, StationShare } from '../../lib/energy/splitter';
import { minWholeA } from '../../lib/energy/station-view';
import type { Translate } from '../common/i18n';
import type { NodeStatus } from '../common/node-red';
import { status } from '../common/status';

const KEY = 'lektrico-power-splitter.status';

/**
 * The splitter's status line: who charges with how much, and who waits and why.
 *   "2 stations · 16 + 10 A" (green) · "garage paused (min 6 A not available)" (yellow),
 *   "16 A · garage paused (min 6 A not available)" (one charges, one waits), "garage paused (its car draws nothing)"
 *   "garage holds 16 A: a cut was not applied" (yellow, in any mode: its station keeps a current it was told to leave)
 *   "fail-safe · 1 station · 6 A" (yellow) · "cars paused · waiting for PV surplus" (yellow) · "no car" (grey)
 * @param target the ChargingTarget the allocation was made from (already checked by the splitter)
 */
export function allocationStatus(allocation: Allocation, target: ChargingTarget, t: Translate): NodeStatus {
  const cars = allocation.stations.filter((s) => s.competing);
  if (cars.length === 0) return status.idle(t(`${KEY}.noCar`));
  // A station that keeps a current it was told to leave is worth a warning in any mode but the fail-safe's.
  const held = target.failsafe ? undefined : cars.find((s) => s.offeredA !== undefined);
  if (held?.offeredA !== undefined) return status.warning(t(`${KEY}.notApplied`, { station: held.station, offered: held.offeredA }));
  if (target.mode === 'off') return status.idle(t(`${KEY}.pausedOff`));
  const charging = cars.filter((s) => s.currentA > 0);
  const paused = cars.filter((s) => s.currentA === 0);
  const currents = charging.map((s) => s.currentA).join(' + ');
  const chargingText =
    charging.length === 0 ? undefined : t(charging.length === 1 ? `${KEY}.chargingOne` : `${KEY}.chargingMany`, { count: charging.length, currents });

  if (target.failsafe) return status.warning(t(`${KEY}.failsafe`, { text: chargingText ?? t(`${KEY}.allPaused`, { count: paused.length }) }));
  if (target.mode === 'green' && !target.enabled) return status.waiting(t(`${KEY}.pausedNoSurplus`));
  const first = paused[0];
  if (!first) return status.ok(chargingText ?? '');
  const pausedText = pauseText(first, target, t);
  // Next to a pause the currents alone, so the line stays within the status length.
  return status.waiting(charging.length > 0 ? `${t(`${KEY}.currents`, { currents })} · ${pausedText}` : pausedText);
}

/** Why a competing car gets 0 A while charging is on: no room for its minimum, or room again and the resume delay runs. */
function pauseText(share: StationShare, target: ChargingTarget, t: Translate): string {
  // The splitter says so only in its reason text (lib/energy/splitter.ts admit()).
  if (/^paused: room again/.test(share.reason)) return t(`${KEY}.pausedResuming`, { station: share.station });
  if (share.yielded) return t(`${KEY}.pausedIdle`, { station: share.station });
  const telemetry = target.stations.find((s) => s.station === share.station);
  // A car waits for its minimum alone: the Hybrid guarantee is a target, not what it waits for.
  const minA = telemetry ? minWholeA(telemetry) : 6;
  return t(`${KEY}.pausedShort`, { station: share.station, min: minA });
}
