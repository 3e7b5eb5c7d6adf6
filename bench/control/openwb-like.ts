import { NOMINAL_VOLTAGE_V, phaseIndex } from '../../lib/grid-phase';
import type { ControlCommand, Controller, ControllerContext, ControllerFactory, StationInfo } from './controller';
import { SiteView } from './site-view';

/**
 * openWB 2.x, as em-anchors.md §2.4 documents it (packages/control/general.py, counter.py,
 * algorithm/*.py, ev/ev.py):
 * - a 10 s control cycle from the newest counter and charge-point readings;
 * - load management per phase (charge-point phases mapped to grid phases):
 *   currents_left = limit − (measured − the charge points' own currents), shared equally among
 *   the charge points on that phase; below the minimum current → 0;
 * - instant charging (Power): the most the load management allows;
 * - PV (Green): surplus = −(EVU − charge points) + 115 W (the centre of the [0, 230] W control
 *   range: it aims at ≈ 115 W import); while the EVU power is inside the range the current is
 *   held (deadband); a new current moves at most ±5 A from the measured current per cycle;
 *   switch on when the surplus ≥ 1500 W per phase for 30 s, switch off when importing (> 0 W)
 *   at minimum current (+1 A) for 60 s, the timer cancelled when the surplus returns;
 * - Min+PV (Hybrid): the minimum current always, PV on top;
 * - automatic 1p/3p: 1→3 after 30 s, 3→1 after 60 s, at least 7 min between switches.
 * Simplifications: no battery modes, no priorities, no CP interruption, no +2 A EVSE offset.
 */
export const OPENWB_INTERVAL_MS = 10_000;
export const OPENWB_SWITCH_ON_W_PER_PHASE = 1500;
export const OPENWB_SWITCH_ON_DELAY_MS = 30_000;
export const OPENWB_SWITCH_OFF_DELAY_MS = 60_000;
export const OPENWB_MAX_STEP_A = 5;
export const OPENWB_PHASE_SWITCH_GAP_MS = 7 * 60_000;
const RANGE_MIN_W = 0;
const RANGE_MAX_W = 230;
const RANGE_CENTRE_W = 115;
const NOMINAL_DIFFERENCE_A = 1;

interface ChargePoint {
  info: StationInfo;
  on: boolean;
  setA: number;
  phases: 1 | 3;
  onSinceMs?: number;
  offSinceMs?: number;
  phaseTimer?: { to: 1 | 3; sinceMs: number };
  lastSwitchMs: number;
}

class OpenWbLike implements Controller {
  readonly tickMs = OPENWB_INTERVAL_MS;
  private readonly site = new SiteView();
  private readonly points: ChargePoint[];

  constructor(private readonly ctx: ControllerContext) {
    this.points = ctx.stations.map((info) => ({ info, on: false, setA: 0, phases: info.gridPhases.length === 3 ? 3 : 1, lastSwitchMs: -Infinity }));
  }

  onReading(reading: Parameters<Controller['onReading']>[0]): ControlCommand[] {
    this.site.onReading(reading);
    return [];
  }

  onTelemetry(t: Parameters<Controller['onTelemetry']>[0]): ControlCommand[] {
    this.site.onTelemetry(t);
    return [];
  }

  tick(nowMs: number): ControlCommand[] {
    if (!this.site.reading) return [];
    const active = this.points.filter((cp) => this.site.carConnected(cp.info.id));
    for (const cp of this.points) if (!active.includes(cp)) cp.on = false;
    const leftA = this.currentsLeft();
    const surplusW = -(this.site.gridPowerW() - this.site.carsPowerW()) + RANGE_CENTRE_W;
    let reservedW = 0;
    for (const cp of active) {
      const lmA = this.loadManagementA(cp, leftA, active);
      if (this.ctx.mode === 'power') {
        cp.on = lmA >= cp.info.minCurrentA;
        cp.setA = cp.on ? Math.floor(Math.min(cp.info.maxCurrentA, lmA)) : 0;
        continue;
      }
      this.autoPhase(cp, surplusW - reservedW, nowMs);
      const pvA = this.pvCurrent(cp, surplusW - reservedW, nowMs);
      const wantA = this.ctx.mode === 'hybrid' ? Math.max(cp.info.minCurrentA, pvA) : pvA;
      cp.on = this.ctx.mode === 'hybrid' || cp.on;
      cp.setA = cp.on && wantA >= cp.info.minCurrentA ? Math.floor(Math.min(wantA, lmA, cp.info.maxCurrentA)) : 0;
      if (cp.setA < cp.info.minCurrentA) cp.setA = 0;
      reservedW += cp.setA * cp.phases * NOMINAL_VOLTAGE_V;
    }
    return this.points.map((cp) => ({ station: cp.info.id, currentA: cp.setA, ...(cp.info.canSwitchPhases ? { phases: cp.phases } : {}) }));
  }

  /** A left per grid phase: limit − (measured − the charge points' own draw). */
  private currentsLeft(): number[] {
    const grid = this.site.gridPhaseA();
    const cars = this.site.carsPhaseA();
    return [0, 1, 2].map((p) => this.ctx.limitA - (grid[p] - cars[p]));
  }

  /** The charge point's share of what is left on each of its phases, the smallest of them. */
  private loadManagementA(cp: ChargePoint, leftA: number[], active: ChargePoint[]): number {
    const phases = cp.info.gridPhases.slice(0, cp.phases);
    return Math.min(
      ...phases.map((phase) => {
        const sharing = active.filter((o) => o.info.gridPhases.slice(0, o.phases).includes(phase)).length;
        return leftA[phaseIndex(phase)] / Math.max(1, sharing);
      }),
    );
  }

  /** PV sub-mode: switch-on/off timers, deadband and the ±5 A step. */
  private pvCurrent(cp: ChargePoint, surplusW: number, nowMs: number): number {
    const { minCurrentA, maxCurrentA } = cp.info;
    const gridW = this.site.gridPowerW();
    const measuredA = this.site.measuredA(cp.info.id);
    if (!cp.on) {
      if (this.ctx.mode === 'hybrid') return minCurrentA;
      if (surplusW >= OPENWB_SWITCH_ON_W_PER_PHASE * cp.phases) {
        cp.onSinceMs ??= nowMs;
        if (nowMs - cp.onSinceMs >= OPENWB_SWITCH_ON_DELAY_MS) {
          cp.on = true;
          cp.onSinceMs = undefined;
          return minCurrentA;
        }
      } else cp.onSinceMs = undefined;
      return 0;
    }
    if (this.ctx.mode === 'green') {
      const atMin = measuredA <= minCurrentA + NOMINAL_DIFFERENCE_A;
      if (gridW > 0 && atMin) {
        cp.offSinceMs ??= nowMs;
        if (nowMs - cp.offSinceMs >= OPENWB_SWITCH_OFF_DELAY_MS) {
          cp.on = false;
          cp.offSinceMs = undefined;
          return 0;
        }
      } else cp.offSinceMs = undefined;
    }
    if (gridW >= RANGE_MIN_W && gridW <= RANGE_MAX_W && cp.setA > 0) return cp.setA; // inside the control range: hold
    const targetA = surplusW / (NOMINAL_VOLTAGE_V * cp.phases);
    const fromA = measuredA > 0 ? measuredA : cp.setA;
    const stepped = Math.max(fromA - OPENWB_MAX_STEP_A, Math.min(fromA + OPENWB_MAX_STEP_A, targetA));
    return Math.max(minCurrentA, Math.min(maxCurrentA, stepped)); // on: at least the minimum until switched off
  }

  private autoPhase(cp: ChargePoint, surplusW: number, nowMs: number): void {
    if (!cp.info.canSwitchPhases) return;
    const minW3 = 3 * cp.info.minCurrentA * NOMINAL_VOLTAGE_V;
    let to: 1 | 3 | undefined;
    if (cp.phases === 3 && surplusW < minW3) to = 1;
    else if (cp.phases === 1 && surplusW >= minW3 && (cp.setA >= cp.info.maxCurrentA || !cp.on)) to = 3;
    if (!to || nowMs - cp.lastSwitchMs < OPENWB_PHASE_SWITCH_GAP_MS) {
      if (!to) cp.phaseTimer = undefined;
      return;
    }
    if (cp.phaseTimer?.to !== to) cp.phaseTimer = { to, sinceMs: nowMs };
    const delay = to === 3 ? OPENWB_SWITCH_ON_DELAY_MS : OPENWB_SWITCH_OFF_DELAY_MS;
    if (nowMs - cp.phaseTimer.sinceMs >= delay) {
      cp.phases = to;
      cp.phaseTimer = undefined;
      cp.lastSwitchMs = nowMs;
    }
  }
}

export const openWbLike: ControllerFactory = { name: 'openWB-like', create: (ctx) => new OpenWbLike(ctx) };
