import { checkBoolean, checkNumber, withoutUndefined } from './config-check';
import { ElapsedHours } from './elapsed-hours';
import { remainingS } from './units';

/** Automatic 1↔3 phase switching of a station that can switch (3P22K). */
export interface PhaseSwitchConfig {
  auto: boolean;
  /** ms the surplus must stay above the 3-phase threshold before switching up. */
  upDelayMs: number;
  /** ms the surplus must stay below the 3-phase minimum before switching down. */
  downDelayMs: number;
  /** ms between two switches of one station while it charges. */
  minIntervalMs: number;
  /** W above the higher of (3-phase minimum, 1-phase maximum) needed to switch up. */
  hysteresisW: number;
  /**
   * Wh a charging car may take from the grid at its 3-phase minimum (net of the export that pays
   * it back) before it is switched down without waiting out the down delay; 0 = off.
   */
  downBudgetWh: number;
  /**
   * Wh of PV above the switch-up threshold that one phase has left unused (net of the times the
   * surplus was below it) after which a charging car is switched up without waiting out the up
   * delay; 0 = off.
   */
  upBudgetWh: number;
}

/**
 * Defaults, tuned on the control-quality bench (recorded PV days, a 16 A car on a 3P22K): up to
 * 3 phases only after 10 min above the threshold (EVerest's 600 s time hysteresis), down after
 * 3 min below (evcc's disable delay: a passing cloud does not switch), at most one switch per
 * 10 min while charging (EVerest 600 s, openWB 7 min), 500 W above the threshold to go up.
 * Each switch interrupts the charge; shorter delays gained a little PV energy for many more
 * interruptions on cloudy days. A deep dip switches down before the 3 min once the car at its
 * 3-phase minimum has taken 100 Wh from the grid, and a strong sun switches up before the 10 min
 * once 1 phase has left 200 Wh unused above the threshold (never within the minimum interval).
 * With Green's limit on starts the grid budget alone switches down (see delayMs): 100 Wh rides
 * the bench's clear spring day's hourly 2.4 kW load on 3 phases (90.7 → 94.7 % of that day's
 * oracle PV, 1.0 → 1.5 % grid); 50 Wh spent a start on each of those dips, 250 Wh took the
 * switching car's days over 2 % grid.
 */
export const PHASE_SWITCH_DEFAULTS: PhaseSwitchConfig = {
  auto: false,
  upDelayMs: 600_000,
  downDelayMs: 180_000,
  minIntervalMs: 600_000,
  hysteresisW: 500,
  downBudgetWh: 100,
  upBudgetWh: 200,
};

export function checkPhaseSwitchConfig(raw: Partial<PhaseSwitchConfig>): PhaseSwitchConfig {
  const c = { ...PHASE_SWITCH_DEFAULTS, ...withoutUndefined(raw) };
  return {
    auto: checkBoolean('automatic phase switching', c.auto),
    upDelayMs: checkNumber('switch-to-3-phases delay', c.upDelayMs, { min: 0, unit: 'ms' }),
    downDelayMs: checkNumber('switch-to-1-phase delay', c.downDelayMs, { min: 0, unit: 'ms' }),
    minIntervalMs: checkNumber('minimum time between phase switches', c.minIntervalMs, { min: 0, unit: 'ms' }),
    hysteresisW: checkNumber('phase switching hysteresis', c.hysteresisW, { min: 1, unit: 'W' }),
    downBudgetWh: checkNumber('switch-to-1-phase grid budget', c.downBudgetWh, { min: 0, unit: 'Wh' }),
    upBudgetWh: checkNumber('switch-to-3-phases PV budget', c.upBudgetWh, { min: 0, unit: 'Wh' }),
  };
}

export interface PhaseSwitchInput {
  nowMs: number;
  /** W of PV surplus this station may count on. */
  availableW: number;
  /** The car draws now: switching interrupts it, so delays and the minimum interval apply. */
  charging: boolean;
  /** W the car needs at its minimum current on 3 phases (≈ 3 × 6 A × 230 V = 4140 W). */
  threePhaseMinW: number;
  /** W the car can take at most on 1 phase (≈ 16 A × 230 V = 3680 W). */
  onePhaseMaxW: number;
  /**
   * Green's limit on starts, when there is one: a switch of a charging car is a start (the
   * contactor opens), so it may be made only with a start left, and only when it pays (see decide).
   */
  starts?: { left: number; perDay: number };
}

export interface PhaseSwitchDecision {
  phases: 1 | 3;
  timer?: { action: 'switch-to-1p' | 'switch-to-3p'; remainingS: number };
  /** Rationed, a switch down waits for the grid budget, not a time: Wh the 3-phase minimum is still to take from the grid. */
  awaitingGridWh?: number;
}

/**
 * One station's phase state. Down below the 3-phase minimum power; up only above both the
 * 3-phase minimum and the 1-phase maximum (+ hysteresis), so the two thresholds never cross
 * (evcc #32137: with 16 A cars 1-phase tops out at 3.7 kW while 3-phase starts at 4.1 kW).
 * With Green's limit on starts a switch of a charging car is a start, so it is made only once the
 * energy pays for it (see delayMs): on the bench's passing-clouds day the delays
 * switched four times around a noon sun that 3 phases used barely better than 1, and the
 * afternoon then had no start left (the switching car: 79.3 → 87.9 % of the oracle's PV).
 */
export class PhaseSwitcher {
  private timer?: { action: 'switch-to-1p' | 'switch-to-3p'; sinceMs: number };
  private lastSwitchMs?: number;
  private readonly elapsed = new ElapsedHours();
  /** Wh the car at its 3-phase minimum has taken from the grid, net of the export since. */
  private gridDebtWh = 0;
  /** Wh of PV above the switch-up threshold the car on one phase has left unused, net of the time below it. */
  private unusedPvWh = 0;

  constructor(
    private readonly config: PhaseSwitchConfig,
    public phases: 1 | 3,
  ) {}

  /** Sets the phases by rule (forced 1-phase, Power mode): at once, no timer. */
  force(phases: 1 | 3, nowMs: number): PhaseSwitchDecision {
    this.timer = undefined;
    // Not a spell of automatic switching: neither budget counts it.
    this.pauseAccounting();
    this.gridDebtWh = 0;
    this.unusedPvWh = 0;
    if (phases !== this.phases) {
      this.phases = phases;
      this.lastSwitchMs = nowMs;
    }
    return { phases };
  }

  /** No trustworthy surplus, or no decision of this switcher's, until the next one: that time adds to neither budget. */
  pauseAccounting(): void {
    this.elapsed.pause();
  }

  decide(input: PhaseSwitchInput): PhaseSwitchDecision {
    const { nowMs, availableW, charging, threePhaseMinW, onePhaseMaxW, starts } = input;
    const upAtW = Math.max(threePhaseMinW, onePhaseMaxW) + this.config.hysteresisW;
    const hours = this.elapsed.next(nowMs);
    this.gridDebtWh = this.phases === 3 && charging ? Math.max(0, this.gridDebtWh + (threePhaseMinW - availableW) * hours) : 0;
    this.unusedPvWh = this.phases === 1 && charging ? Math.max(0, this.unusedPvWh + (availableW - upAtW) * hours) : 0;
    const rationed = charging && starts !== undefined;
    const { downBudgetWh } = this.config;
    // Rationed, a switch up must pay for the start it takes: the PV budget grows as the starts run out.
    const upBudgetWh = this.config.upBudgetWh * (rationed ? Math.sqrt(starts.perDay / Math.max(1, starts.left)) : 1);
    const budgetSpent = downBudgetWh > 0 && this.gridDebtWh > downBudgetWh;
    const pvBudgetSpent = upBudgetWh > 0 && this.unusedPvWh > upBudgetWh;
    // Rationed, a switch up needs a second start left: one for the way down.
    const mayGoUp = !rationed || starts.left >= 2;
    const want: 1 | 3 | undefined =
      this.phases === 3 && availableW < threePhaseMinW ? 1 : this.phases === 1 && availableW > upAtW && mayGoUp ? 3 : undefined;
    if (want === undefined || (rationed && starts.left <= 0)) {
      this.timer = undefined;
      return { phases: this.phases };
    }
    const action = want === 1 ? 'switch-to-1p' : 'switch-to-3p';
    if (this.timer?.action !== action) this.timer = { action, sinceMs: nowMs };
    const intervalEndMs = this.lastSwitchMs === undefined ? -Infinity : this.lastSwitchMs + this.config.minIntervalMs;
    // A car that does not draw loses nothing by a switch: no delay then, but still no relay chatter.
    // A deep dip spends the grid budget before the down delay ends, a strong sun the PV budget before the
    // up delay ends: switch then (never before the minimum interval).
    const early = want === 1 ? budgetSpent : pvBudgetSpent;
    const waitMs = charging && !early ? this.timer.sinceMs + this.delayMs(want, rationed ? starts : undefined) : nowMs;
    const deadlineMs = Math.max(waitMs, intervalEndMs);
    if (!Number.isFinite(deadlineMs)) return { phases: this.phases, awaitingGridWh: Math.max(0, downBudgetWh - this.gridDebtWh) };
    if (nowMs >= deadlineMs) {
      this.timer = undefined;
      this.phases = want;
      this.lastSwitchMs = nowMs;
      return { phases: want };
    }
    return { phases: this.phases, timer: { action, remainingS: remainingS(deadlineMs, nowMs) } };
  }

  /**
   * ms the surplus must stay past the threshold before a charging car is switched. Rationed, the
   * energy decides, as a time alone switches a car whose gain or grid cost is small: down only on
   * the grid budget (when it is on); up after the delay × (allowed ÷ left)², so a steady surplus
   * just above the threshold still goes up, later as the starts run out (14 min with one start
   * used, 90 min with four), while one that hovers around it does not.
   */
  private delayMs(want: 1 | 3, starts: PhaseSwitchInput['starts']): number {
    if (!starts) return want === 1 ? this.config.downDelayMs : this.config.upDelayMs;
    if (want === 1) return this.config.downBudgetWh > 0 ? Infinity : this.config.downDelayMs;
    return this.config.upDelayMs * (starts.perDay / Math.max(1, starts.left)) ** 2;
  }
}
