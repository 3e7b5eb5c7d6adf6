import type { ControlCommand, Controller, ControllerContext, ControllerFactory, StationInfo } from './controller';
import { SiteView } from './site-view';

/**
 * SmartEVSE v3, as em-anchors.md §2.2 documents it (src/main.cpp CalcBalancedCurrent, main.h):
 * - it acts only when a NEW mains measurement arrived, at most once per ~2 s cycle;
 *   Imeasured = the highest phase current (not phase-mapped), Isum = the sum of the phases;
 * - Smart (Power): headroom = MaxMains − Imeasured; > 0 raises the pool by ¼ of it (slow up),
 *   < 0 lowers it by the full deficit (fast down); a car that starts gets the full headroom;
 *   shortage below N × MIN: the pool is held at N × MIN, and a "hard" shortage (MaxMains broken
 *   even at MIN) counted over > 2 cycles, or mains above 2 × MaxMains, stops every EVSE, then
 *   ChargeDelay 60 s;
 * - Solar (Green): start when no EVSE charges and the export exceeds StartCurrent 4 A (sum of
 *   phases); the first 40 s at MIN; then per fresh measurement with IsumImport = Isum − IMPORT:
 *   export > 1 A and headroom > 1 A +0.5 A, other export +0.1 A, import > 2 A −½ of it,
 *   1–2 A −0.5 A, 0.3–1 A −0.1 A, ≤ 0.3 A nothing (deadband); at MIN with import the
 *   SolarStopTimer (StopTime 10 min) runs, unless stopping would free enough to restart at once;
 *   on expiry stop, then ChargeDelay 60 s;
 * - EnableC2 Auto (1p/3p): start on 3 phases if the export ≥ 3 × MIN + 3 A, else 1; 3→1 through
 *   the stop timer at 30 s; 1→3 when at MAX on 1 phase with a spare ≥ max(3·(MIN+1) − MAX, 3 A)
 *   for 63 s;
 * - the pool is shared equally (water-filling, MAX-capped) between the charging EVSEs.
 * Not modelled: Hybrid. SmartEVSE has no Min+PV mode; its IMPORT setting (allowed grid import in
 * Solar) would draw that import on top of the PV all day, which is not what Hybrid means.
 * It drives the pilot in 0.1 A steps; a LEKTRI.CO takes whole amps, so the set value is rounded
 * down when sent.
 */
export const SMARTEVSE_CYCLE_MS = 2000;
export const SMARTEVSE_START_CURRENT_A = 4;
export const SMARTEVSE_STOP_TIME_MS = 10 * 60_000;
export const SMARTEVSE_CHARGE_DELAY_MS = 60_000;
export const SMARTEVSE_SOLAR_START_MS = 40_000;
/** IMPORT: grid import (A, sum of phases) allowed in Solar; default 0. */
export const SMARTEVSE_IMPORT_CURRENT_A = 0;
const PHASE_DOWN_STOP_MS = 30_000;
const PHASE_UP_MS = 63_000;

interface Evse {
  info: StationInfo;
  charging: boolean;
  phases: 1 | 3;
  startedAtMs: number;
  /** A set for this EVSE (0.1 A resolution inside). */
  setA: number;
  upSinceMs?: number;
}

class SmartEvseLike implements Controller {
  readonly tickMs = 1000;
  private readonly site = new SiteView();
  private readonly evses: Evse[];
  private lastCycleMs = -Infinity;
  private noCurrent = 0;
  private chargeDelayUntilMs = -Infinity;
  private stopTimer?: { sinceMs: number; durationMs: number };

  constructor(private readonly ctx: ControllerContext) {
    if (ctx.mode === 'hybrid') throw new Error('SmartEVSE-like: no Min+PV (Hybrid) mode');
    this.evses = ctx.stations.map((info) => ({ info, charging: false, phases: info.gridPhases.length === 3 ? 3 : 1, startedAtMs: 0, setA: 0 }));
  }

  onReading(reading: Parameters<Controller['onReading']>[0], nowMs: number): ControlCommand[] {
    this.site.onReading(reading);
    return nowMs - this.lastCycleMs >= SMARTEVSE_CYCLE_MS - 50 ? this.cycle(nowMs) : [];
  }

  onTelemetry(t: Parameters<Controller['onTelemetry']>[0]): ControlCommand[] {
    this.site.onTelemetry(t);
    return [];
  }

  tick(nowMs: number): ControlCommand[] {
    return nowMs - this.lastCycleMs >= SMARTEVSE_CYCLE_MS - 50 ? this.cycle(nowMs) : [];
  }

  private cycle(nowMs: number): ControlCommand[] {
    if (!this.site.consumeFresh()) return []; // only new measurements move anything
    this.lastCycleMs = nowMs;
    const phaseA = this.site.gridPhaseA();
    const iMeasured = Math.max(...phaseA);
    const iSum = phaseA[0] + phaseA[1] + phaseA[2];
    const maxMains = this.ctx.limitA;
    const headroomA = maxMains - iMeasured;
    const connected = this.evses.filter((e) => this.site.carConnected(e.info.id));
    for (const e of this.evses) if (!connected.includes(e)) e.charging = false;

    if (this.ctx.mode === 'green') this.solar(connected, nowMs, headroomA, iSum);
    else this.smart(connected, nowMs, headroomA, iMeasured);
    return this.evses.map((e) => ({
      station: e.info.id,
      currentA: e.charging ? Math.max(e.info.minCurrentA, Math.min(e.info.maxCurrentA, Math.floor(e.setA + 1e-9))) : 0,
      ...(e.info.canSwitchPhases ? { phases: e.phases } : {}),
    }));
  }

  private smart(connected: Evse[], nowMs: number, headroomA: number, iMeasured: number): void {
    const active = connected.filter((e) => e.charging);
    // Baseload = Imeasured − the set-points of the charging EVSEs (what they are signalled)
    const baseloadA = iMeasured - active.reduce((a, e) => a + Math.floor(e.setA + 1e-9), 0);
    if (iMeasured > 2 * this.ctx.limitA) return this.stopAll(nowMs);
    const idle = connected.filter((e) => !e.charging);
    const minOfIdle = Math.min(...idle.map((e) => e.info.minCurrentA));
    const roomForOneMore = baseloadA + active.reduce((a, e) => a + e.info.minCurrentA, 0) + minOfIdle <= this.ctx.limitA;
    if (idle.length > 0 && nowMs >= this.chargeDelayUntilMs && roomForOneMore) {
      for (const e of idle) this.start(e, nowMs);
      this.share(connected.filter((e) => e.charging), this.ctx.limitA - baseloadA); // starts get the full headroom
      return;
    }
    if (active.length === 0) return;
    let pool = active.reduce((a, e) => a + e.setA, 0);
    pool += headroomA > 0 ? headroomA / 4 : headroomA; // slow up, fast down
    pool = Math.min(pool, this.ctx.limitA - baseloadA);
    const minPool = active.reduce((a, e) => a + e.info.minCurrentA, 0);
    if (pool < minPool) {
      pool = minPool;
      const hard = baseloadA + minPool > this.ctx.limitA;
      this.noCurrent = hard ? this.noCurrent + 1 : 0;
      if (this.noCurrent > 2) return this.stopAll(nowMs);
    } else this.noCurrent = 0;
    this.share(active, pool);
  }

  private solar(connected: Evse[], nowMs: number, headroomA: number, iSum: number): void {
    const active = connected.filter((e) => e.charging);
    if (active.length === 0) {
      const exportA = -iSum;
      if (nowMs >= this.chargeDelayUntilMs && exportA > SMARTEVSE_START_CURRENT_A) {
        for (const e of connected) {
          if (e.info.canSwitchPhases) e.phases = exportA >= 3 * e.info.minCurrentA + 3 ? 3 : 1;
          this.start(e, nowMs);
          e.setA = e.info.minCurrentA;
        }
      }
      return;
    }
    const iSumImport = iSum - SMARTEVSE_IMPORT_CURRENT_A;
    let pool = active.reduce((a, e) => a + e.setA, 0);
    if (iSumImport < 0) pool += -iSumImport > 1 && headroomA > 1 ? 0.5 : 0.1;
    else if (iSumImport > 2) pool -= iSumImport / 2;
    else if (iSumImport > 1) pool -= 0.5;
    else if (iSumImport > 0.3) pool -= 0.1;
    pool = Math.min(pool, active.reduce((a, e) => a + e.setA, 0) + headroomA); // MaxMains guard
    const minPool = active.reduce((a, e) => a + e.info.minCurrentA, 0);
    if (pool < minPool) {
      pool = minPool;
      if (iSumImport > 0) {
        const wouldExportA = -(iSum - active.reduce((a, e) => a + this.site.measuredA(e.info.id) * e.phases, 0));
        const canDownSwitch = active.some((e) => e.info.canSwitchPhases && e.phases === 3);
        if (wouldExportA < SMARTEVSE_START_CURRENT_A || canDownSwitch) {
          this.stopTimer ??= { sinceMs: nowMs, durationMs: canDownSwitch ? PHASE_DOWN_STOP_MS : SMARTEVSE_STOP_TIME_MS };
          if (nowMs - this.stopTimer.sinceMs >= this.stopTimer.durationMs) {
            this.stopTimer = undefined;
            if (canDownSwitch) {
              for (const e of active) if (e.info.canSwitchPhases) e.phases = 1;
            } else return this.stopAll(nowMs);
          }
        }
      } else this.stopTimer = undefined;
    } else this.stopTimer = undefined;
    this.share(active, pool);
    // the first 40 s of a solar session stay at MIN (SOLARSTARTTIME)
    for (const e of active) if (nowMs - e.startedAtMs < SMARTEVSE_SOLAR_START_MS) e.setA = e.info.minCurrentA;
    this.phaseUp(active, nowMs, iSum);
  }

  private phaseUp(active: Evse[], nowMs: number, iSum: number): void {
    for (const e of active) {
      if (!e.info.canSwitchPhases || e.phases === 3) continue;
      const spareA = -iSum;
      const need = Math.max(3 * (e.info.minCurrentA + 1) - e.info.maxCurrentA, 3);
      if (e.setA >= e.info.maxCurrentA && spareA >= need) {
        e.upSinceMs ??= nowMs;
        if (nowMs - e.upSinceMs >= PHASE_UP_MS) {
          e.phases = 3;
          e.setA = e.info.minCurrentA;
          e.upSinceMs = undefined;
        }
      } else e.upSinceMs = undefined;
    }
  }

  /** Equal split of a pool (A) with MAX caps (water-filling). */
  private share(evses: Evse[], poolA: number): void {
    let rest = poolA;
    let open = [...evses].sort((a, b) => a.info.maxCurrentA - b.info.maxCurrentA);
    while (open.length > 0) {
      const each = rest / open.length;
      const capped = open.filter((e) => e.info.maxCurrentA <= each);
      if (capped.length === 0) {
        for (const e of open) e.setA = Math.max(e.info.minCurrentA, each);
        return;
      }
      for (const e of capped) {
        e.setA = e.info.maxCurrentA;
        rest -= e.setA;
      }
      open = open.filter((e) => !capped.includes(e));
    }
  }

  private start(e: Evse, nowMs: number): void {
    e.charging = true;
    e.startedAtMs = nowMs;
    e.setA = e.info.minCurrentA;
  }

  private stopAll(nowMs: number): void {
    for (const e of this.evses) {
      e.charging = false;
      e.setA = 0;
    }
    this.noCurrent = 0;
    this.stopTimer = undefined;
    this.chargeDelayUntilMs = nowMs + SMARTEVSE_CHARGE_DELAY_MS;
  }
}

export const smartEvseLike: ControllerFactory = {
  name: 'SmartEVSE-like',
  create: (ctx) => new SmartEvseLike(ctx),
  unsupported: { hybrid: 'SmartEVSE has no Min+PV mode (em-anchors.md §1b)' },
};
