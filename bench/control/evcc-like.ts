import { NOMINAL_VOLTAGE_V } from '../../lib/grid-phase';
import type { ControlCommand, Controller, ControllerContext, ControllerFactory, StationInfo } from './controller';
import { SiteView } from './site-view';

/**
 * evcc, as em-anchors.md §2.1 documents its defaults (core/site.go, core/loadpoint.go,
 * core/circuit/circuit.go):
 * - a 30 s site loop that updates ONE loadpoint per tick, round-robin, from the newest grid
 *   reading and charger currents;
 * - "now" (Power): maxCurrent, within the circuit: the circuit's load is the HIGHEST phase current
 *   (not phase-mapped), an increase is allowed only up to limit − load, and a negative headroom
 *   lowers the loadpoint to old + headroom (never below 0); below minCurrent it disables;
 * - "pv" (Green): target = min(offered, measured + 2 A) + (−sitePower)/(230 V × phases); enable
 *   when the surplus carries minCurrent for 1 min (threshold 0 W), disable after 3 min with the
 *   site at ≥ 0 W while the target is below minCurrent (minCurrent held meanwhile); the timers
 *   reset as soon as their condition drops out;
 * - "minpv" (Hybrid): at least minCurrent, more with surplus;
 * - automatic 1p/3p (phases: 0): down after the disable delay when the available power cannot
 *   carry minCurrent on 3 phases (immediate when not charging), up after the enable delay when
 *   the 1p target exceeds maxCurrent and 3 × minCurrent × 230 W is available; 60 s settle after
 *   a switch;
 * - whole amps, rounded down.
 * Simplifications: no battery, no priorities, no vehicle SoC; minCurrent/maxCurrent are the
 * station's (evcc's 16 A default maxCurrent would hand it an unfair handicap).
 */
export const EVCC_INTERVAL_MS = 30_000;
export const EVCC_ENABLE_DELAY_MS = 60_000;
export const EVCC_DISABLE_DELAY_MS = 180_000;
export const EVCC_PHASE_SETTLE_MS = 60_000;
const EFFECTIVE_SLACK_A = 2;

interface Loadpoint {
  info: StationInfo;
  enabled: boolean;
  offeredA: number;
  phases: 1 | 3;
  enableSinceMs?: number;
  disableSinceMs?: number;
  phaseTimer?: { to: 1 | 3; sinceMs: number };
  switchedAtMs: number;
}

class EvccLike implements Controller {
  readonly tickMs = EVCC_INTERVAL_MS;
  private readonly site = new SiteView();
  private readonly loadpoints: Loadpoint[];
  private next = 0;

  constructor(private readonly ctx: ControllerContext) {
    this.loadpoints = ctx.stations.map((info) => ({
      info,
      enabled: false,
      offeredA: 0,
      phases: info.gridPhases.length === 3 ? 3 : 1,
      switchedAtMs: -Infinity,
    }));
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
    if (!this.site.reading || this.loadpoints.length === 0) return [];
    const lp = this.loadpoints[this.next];
    this.next = (this.next + 1) % this.loadpoints.length;
    if (!this.site.carConnected(lp.info.id)) return [];
    if (nowMs - lp.switchedAtMs < EVCC_PHASE_SETTLE_MS) return [];
    this.scalePhases(lp, nowMs);
    const wanted = this.modeCurrent(lp, nowMs);
    const limited = this.circuitLimit(lp, wanted);
    const currentA = limited >= lp.info.minCurrentA ? Math.floor(limited) : 0;
    lp.offeredA = currentA;
    return [{ station: lp.info.id, currentA, ...(lp.info.canSwitchPhases ? { phases: lp.phases } : {}) }];
  }

  /** The mode's wish before the circuit (pvMaxCurrent for pv/minpv). */
  private modeCurrent(lp: Loadpoint, nowMs: number): number {
    const { minCurrentA, maxCurrentA } = lp.info;
    if (this.ctx.mode === 'power') {
      lp.enabled = true;
      return maxCurrentA;
    }
    const sitePowerW = this.site.gridPowerW();
    const measuredA = this.site.measuredA(lp.info.id);
    const effectiveA = measuredA > 0 ? Math.min(lp.offeredA, measuredA + EFFECTIVE_SLACK_A) : lp.offeredA;
    const targetA = Math.max(0, effectiveA + -sitePowerW / (NOMINAL_VOLTAGE_V * lp.phases));
    if (this.ctx.mode === 'hybrid') {
      lp.enabled = true;
      return Math.min(maxCurrentA, Math.max(minCurrentA, targetA));
    }
    if (lp.enabled) {
      lp.enableSinceMs = undefined;
      if (targetA < minCurrentA) {
        if (sitePowerW >= 0) {
          lp.disableSinceMs ??= nowMs;
          if (nowMs - lp.disableSinceMs >= EVCC_DISABLE_DELAY_MS) {
            lp.enabled = false;
            lp.disableSinceMs = undefined;
            return 0;
          }
        } else lp.disableSinceMs = undefined;
        return minCurrentA;
      }
      lp.disableSinceMs = undefined;
      return Math.min(maxCurrentA, targetA);
    }
    // disabled: enable threshold 0 W means "the surplus carries minCurrent on the active phases"
    if (targetA >= minCurrentA) {
      lp.enableSinceMs ??= nowMs;
      if (nowMs - lp.enableSinceMs >= EVCC_ENABLE_DELAY_MS) {
        lp.enabled = true;
        lp.enableSinceMs = undefined;
        return minCurrentA;
      }
    } else lp.enableSinceMs = undefined;
    return 0;
  }

  /** Circuit check against the highest phase current (evcc does not map phases). */
  private circuitLimit(lp: Loadpoint, wantedA: number): number {
    const loadA = Math.max(...this.site.gridPhaseA());
    const headroomA = this.ctx.limitA - loadA;
    const oldA = this.site.measuredA(lp.info.id) > 0 ? lp.offeredA : 0;
    const increaseA = Math.max(0, wantedA - oldA);
    if (increaseA <= headroomA) return wantedA;
    return Math.max(0, oldA + headroomA);
  }

  private scalePhases(lp: Loadpoint, nowMs: number): void {
    if (!lp.info.canSwitchPhases || this.ctx.mode === 'power') return;
    const { minCurrentA, maxCurrentA } = lp.info;
    const charging = this.site.measuredA(lp.info.id) > 0;
    const availableW = this.site.carsPowerW() - this.site.gridPowerW();
    const threePhaseMinW = 3 * minCurrentA * NOMINAL_VOLTAGE_V;
    let to: 1 | 3 | undefined;
    if (lp.phases === 3 && availableW < threePhaseMinW) to = 1;
    else if (lp.phases === 1 && availableW / NOMINAL_VOLTAGE_V > maxCurrentA && availableW >= threePhaseMinW) to = 3;
    if (!to) {
      lp.phaseTimer = undefined;
      return;
    }
    if (lp.phaseTimer?.to !== to) lp.phaseTimer = { to, sinceMs: nowMs };
    const delay = to === 1 ? EVCC_DISABLE_DELAY_MS : EVCC_ENABLE_DELAY_MS;
    if (!charging || nowMs - lp.phaseTimer.sinceMs >= delay) {
      lp.phases = to;
      lp.phaseTimer = undefined;
      lp.switchedAtMs = charging ? nowMs : -Infinity;
    }
  }
}

export const evccLike: ControllerFactory = { name: 'evcc-like', create: (ctx) => new EvccLike(ctx) };
