import { NOMINAL_VOLTAGE_V, type GridPhase } from '../grid-phase';
import type { StationTelemetry } from '../lektrico/station-telemetry';
import { InputError } from '../input-error';
import { BatteryPolicyState, checkBatteryConfig, checkBatteryStatus, type BatteryPolicyConfig } from './battery-policy';
import { parseChargingMode } from './charging-mode';
import { CAR_START_MS } from './car-timing';
import { checkBoolean, checkNumber } from './config-check';
import { checkGreenConfig, GreenControl, type GreenCar, type GreenConfig } from './green-control';
import { checkHeadroom } from './message-check';
import type { BatteryStatus, ChargingMode, ChargingTarget, Headroom } from './messages';
import { checkPhaseSwitchConfig, PhaseSwitcher, type PhaseSwitchConfig } from './phase-switch';
import { ExponentialSmoother } from './smoothing';
import { fewerStartsLeftFirst, StartLog } from './start-log';
import { CarPhases } from './car-phases';
import { DrawRatios } from './draw-ratios';
import { activeGridPhases, carCeilingA, isCompeting, isWaitingForCar, maxWholeA, minWholeA, wattsPerAmp } from './station-view';
import { formatA, formatKw } from './units';

export interface SurplusConfig {
  /** Mode at start; changed at runtime with setMode (kept in memory only). */
  mode: ChargingMode;
  /** A every car gets from the grid in Hybrid (LEKTRI.CO lb_hybrid_current, 6–32). */
  hybridCurrentA: number;
  green: GreenConfig;
  /** ms time constant of the PV surplus smoothing; 0 = off. Never applied to the hard limits. */
  smoothingMs: number;
  /** ms time constant while the surplus falls (a cloud): shorter, so the cars come down before they draw from the grid. */
  smoothingFallMs: number;
  /** Charge switchable stations on one phase in Green / Hybrid (LEKTRI.CO green_/hybrid_forced_single_phase). */
  forceSinglePhase: { green: boolean; hybrid: boolean };
  phaseSwitch: PhaseSwitchConfig;
  battery: BatteryPolicyConfig;
}

export interface SurplusConfigInput {
  mode?: ChargingMode;
  hybridCurrentA?: number;
  green?: Partial<GreenConfig>;
  smoothingMs?: number;
  smoothingFallMs?: number;
  forceSinglePhase?: Partial<SurplusConfig['forceSinglePhase']>;
  phaseSwitch?: Partial<PhaseSwitchConfig>;
  battery?: Partial<BatteryPolicyConfig>;
}

/**
 * 10 s smoothing: long enough to bridge the skew between the meter and the station telemetry
 * while a car ramps (a few seconds), short enough to follow a cloud edge within about 20 s.
 */
export const SURPLUS_SMOOTHING_MS = 10_000;

/**
 * 4 s while the surplus falls: the cars follow a cloud down within a few seconds instead of
 * ~20 s, which on the control-quality bench lowered the Green grid share (1-phase car 1.6 → 1.5 %,
 * with phase switching 2.4 → 2.1 %) for under 1 % of the PV energy; a rise is still smoothed over
 * 10 s. 2 s did no better on the bench and let PV noise through (more commands).
 */
export const SURPLUS_SMOOTHING_FALL_MS = 4_000;

export function checkSurplusConfig(raw: SurplusConfigInput): SurplusConfig {
  const smoothingMs = checkNumber('surplus smoothing', raw.smoothingMs ?? SURPLUS_SMOOTHING_MS, { min: 0, unit: 'ms' });
  const smoothingFallMs = checkNumber('surplus smoothing while falling', raw.smoothingFallMs ?? Math.min(SURPLUS_SMOOTHING_FALL_MS, smoothingMs), { min: 0, unit: 'ms' });
  // Never slower down than up: a falling surplus is the one that costs grid energy.
  if (smoothingFallMs > smoothingMs) {
    throw new InputError(`surplus smoothing while falling must be from 0 ms to the surplus smoothing (${smoothingMs} ms) (got ${smoothingFallMs} ms)`);
  }
  return {
    mode: parseChargingMode(raw.mode ?? 'power'),
    // LEKTRI.CO lb_hybrid_current: whole amperes.
    hybridCurrentA: checkNumber('Hybrid current', raw.hybridCurrentA ?? 6, { min: 6, max: 32, integer: true, unit: 'A' }),
    green: checkGreenConfig(raw.green ?? {}),
    smoothingMs,
    smoothingFallMs,
    forceSinglePhase: {
      green: checkBoolean('Green forced single phase', raw.forceSinglePhase?.green ?? false),
      hybrid: checkBoolean('Hybrid forced single phase', raw.forceSinglePhase?.hybrid ?? false),
    },
    phaseSwitch: checkPhaseSwitchConfig(raw.phaseSwitch ?? {}),
    battery: checkBatteryConfig(raw.battery ?? {}),
  };
}

/**
 * Turns the load balancer's Headroom into a ChargingTarget by the charging mode. The PV surplus is
 * export plus the cars' own draw (what the cars have is theirs to keep), after the battery
 * policy, smoothed. Time is the Headroom's timestamp, so the rules run at simulation speed too.
 */
export class SurplusCalculator {
  readonly config: SurplusConfig;
  private currentMode: ChargingMode;
  private readonly green: GreenControl;
  private readonly smoother: ExponentialSmoother;
  private readonly batteryPolicy: BatteryPolicyState;
  private readonly switchers = new Map<string, PhaseSwitcher>();
  private readonly drawRatios = new DrawRatios();
  private readonly carPhases = new CarPhases();
  private readonly starts: StartLog;
  /** Whether each online station's car was charging at the last Headroom, to see its starts. */
  private readonly wasCharging = new Map<string, boolean>();
  /** Timestamp of the last fail-safe Headroom: a car starting then was started by the fail-safe current, not by Green. */
  private lastFailsafeMs = -Infinity;
  private battery?: BatteryStatus;
  private lastNowMs = -Infinity;
  private lastHeadroom?: Headroom;
  private lastPhaseChoice: Record<string, 1 | 3> = {};

  constructor(config: SurplusConfigInput) {
    this.config = checkSurplusConfig(config);
    this.currentMode = this.config.mode;
    this.green = new GreenControl(this.config.green);
    this.smoother = new ExponentialSmoother(this.config.smoothingMs, this.config.smoothingFallMs);
    this.batteryPolicy = new BatteryPolicyState(this.config.battery);
    this.starts = new StartLog(this.config.green.maxStartsPerDay);
  }

  get mode(): ChargingMode {
    return this.currentMode;
  }

  /** A mode message (name or LEKTRI.CO number). Unknown values throw an InputError. */
  setMode(value: unknown): ChargingMode {
    const mode = parseChargingMode(value);
    if (mode !== this.currentMode && this.currentMode === 'green') this.green.leave();
    this.currentMode = mode;
    return mode;
  }

  /** A battery message payload {powerW, soc?, timestamp?}; receivedAtMs stamps it when it has no timestamp. */
  setBattery(value: unknown, receivedAtMs: number): BatteryStatus {
    this.battery = checkBatteryStatus(value, receivedAtMs);
    return this.battery;
  }

  /** The target again from the last Headroom (after a mode change), or undefined before the first. */
  reapply(): ChargingTarget | undefined {
    return this.lastHeadroom ? this.update(this.lastHeadroom) : undefined;
  }

  update(value: unknown): ChargingTarget {
    const h = checkHeadroom(value);
    this.lastHeadroom = h;
    const nowMs = (this.lastNowMs = Math.max(this.lastNowMs, h.timestamp));
    const mode = this.currentMode;
    if (h.failsafe) this.lastFailsafeMs = nowMs;
    this.countGreenStarts(h.stations, nowMs);
    this.drawRatios.observe(h.stations, nowMs);
    this.carPhases.observe(h.stations, nowMs);
    const { kind: _kind, ...shared } = h;
    const base = { ...shared, kind: 'charging-target' as const, mode };

    if (h.failsafe) {
      // No trustworthy surplus: keep the last phases, advance no timer and accrue no budget, let the splitter apply the fail-safe.
      this.green.pauseAccounting();
      for (const switcher of this.switchers.values()) switcher.pauseAccounting();
      return {
        ...base,
        ...(mode === 'off' ? { budgetW: 0 } : {}),
        surplusW: this.smoother.current ?? 0,
        enabled: mode !== 'off',
        phaseChoice: { ...this.lastPhaseChoice },
        reason: `fail-safe ${formatA(h.failsafe.currentA)}: ${h.failsafe.reason}`,
      };
    }

    const batteryPart = this.batteryPolicy.contribution(this.battery, nowMs);
    const surplusW = this.smoother.push(nowMs, -h.gridPowerW + h.carPowerW + batteryPart.surplusW);
    const competing = h.stations.filter(isCompeting);
    const voltageOf = (phase: GridPhase): number => h.phases.find((p) => p.phase === phase)?.voltageV ?? NOMINAL_VOLTAGE_V;
    const phases = this.choosePhases(mode, competing, surplusW, nowMs, voltageOf);
    this.lastPhaseChoice = phases.choice;
    // W a car draws per ampere commanded on the chosen phases it uses (its measured draw ratio included).
    const powerPerA = (t: StationTelemetry): number => wattsPerAmp(this.carPhases.budgetGridPhases(t, phases.choice), voltageOf) * this.drawRatios.ratio(t, nowMs);
    const note = batteryPart.note ? ` (${batteryPart.note})` : '';
    const target = { ...base, surplusW, phaseChoice: phases.choice };

    switch (mode) {
      case 'off':
        return { ...target, budgetW: 0, enabled: false, reason: `Off: charging stopped${note}`, ...phases.timerField };
      case 'power':
        return { ...target, enabled: true, reason: 'Power: as fast as the connection allows', ...phases.timerField };
      case 'hybrid': {
        const guaranteedA = this.config.hybridCurrentA;
        const guaranteedW = competing.reduce(
          (sum, t) => sum + Math.min(Math.max(guaranteedA, minWholeA(t)), maxWholeA(t)) * powerPerA(t),
          0,
        );
        return {
          ...target,
          budgetW: Math.max(surplusW, guaranteedW),
          guaranteedA,
          enabled: true,
          reason: `Hybrid: ${formatA(guaranteedA)} guaranteed + ${formatKw(Math.max(0, surplusW))} surplus${note}`,
          ...phases.timerField,
        };
      }
      case 'green': {
        // One count per station for this update: Green's staircase and the splitter see the same.
        const startsLeft = Object.fromEntries(competing.map((t) => [t.station, this.starts.left(t.station, nowMs)]));
        const cars = competing
          .map((t) => ({
            running: t.charging,
            car: {
              startsLeft: startsLeft[t.station],
              minPowerW: minWholeA(t) * powerPerA(t),
              lowestMinPowerW: minWholeA(t) * wattsPerAmp(this.lowestPhases(t, nowMs), voltageOf) * this.drawRatios.ratio(t, nowMs),
            } satisfies GreenCar,
          }))
          .sort(greenOrder);
        const running = cars.filter((c) => c.running).length;
        const decision = this.green.update(nowMs, surplusW, cars.map((c) => c.car), running, h.carPowerW);
        const timer = earliest(decision.timer, phases.timerField.timer);
        return {
          ...target,
          budgetW: decision.budgetW,
          enabled: decision.enabledCars > 0,
          ...(this.starts.limited ? { startsLeft } : {}),
          reason: `${decision.reason}${note}${phases.awaiting}`,
          ...(timer ? { timer } : {}),
          ...(phases.switchDownAfterWh !== undefined ? { switchDownAfterWh: phases.switchDownAfterWh } : {}),
        };
      }
    }
  }

  /** Phases of the switchable stations by mode: Power 3, forced 1, automatic by surplus, else 3. */
  private choosePhases(
    mode: ChargingMode,
    competing: StationTelemetry[],
    surplusW: number,
    nowMs: number,
    voltageOf: (phase: GridPhase) => number,
  ): { choice: Record<string, 1 | 3>; timerField: { timer?: ChargingTarget['timer'] }; awaiting: string; switchDownAfterWh?: number } {
    const choice: Record<string, 1 | 3> = {};
    let timer: ChargingTarget['timer'];
    let awaiting = '';
    let switchDownAfterWh: number | undefined;
    const forced = mode === 'green' ? this.config.forceSinglePhase.green : mode === 'hybrid' ? this.config.forceSinglePhase.hybrid : false;
    const auto = this.config.phaseSwitch.auto && (mode === 'green' || mode === 'hybrid');
    const decided = new Set<PhaseSwitcher>();
    for (const t of competing) {
      if (!t.canSwitchPhases || t.gridPhases.length < 3) continue;
      let switcher = this.switchers.get(t.station);
      if (!switcher) {
        switcher = new PhaseSwitcher(this.config.phaseSwitch, t.activePhases);
        this.switchers.set(t.station, switcher);
      }
      // A car known to draw on one phase gains nothing from a switch, which would open the contactor (forced 1 phase still applies).
      if (mode === 'off' || (this.carPhases.onOnePhase(t) && !forced)) {
        choice[t.station] = switcher.phases;
        continue;
      }
      const phasesBefore = switcher.phases;
      decided.add(switcher);
      const decision =
        forced ? switcher.force(1, nowMs)
        : auto ?
          switcher.decide({
            nowMs,
            availableW: surplusW / competing.length,
            charging: t.charging,
            threePhaseMinW: minWholeA(t) * wattsPerAmp(this.carPhases.budgetGridPhases(t, { [t.station]: 3 }), voltageOf) * this.drawRatios.ratio(t, nowMs),
            onePhaseMaxW: this.onePhaseMaxW(t, nowMs, voltageOf),
            // In Green a switch counts against the starts of the day.
            ...(mode === 'green' && this.starts.limited ? { starts: { left: this.starts.left(t.station, nowMs), perDay: this.config.green.maxStartsPerDay } } : {}),
          })
        : switcher.force(3, nowMs);
      // A 1↔3 switch of a charging car opens the contactor: a start, counted as commanded.
      if (mode === 'green' && t.charging && decision.phases !== phasesBefore) this.starts.record(t.station, nowMs);
      choice[t.station] = decision.phases;
      timer = earliest(timer, decision.timer);
      if (decision.awaitingGridWh !== undefined) {
        const wh = Math.round(decision.awaitingGridWh);
        awaiting += `; ${t.station}: 1 phase once the 3-phase minimum has taken ${wh} Wh more from the grid (a switch is a start)`;
        switchDownAfterWh = Math.min(wh, switchDownAfterWh ?? Infinity);
      }
    }
    // A station out of the running, or Off: its switcher decides nothing, so that time is no spell of its budgets.
    for (const switcher of this.switchers.values()) if (!decided.has(switcher)) switcher.pauseAccounting();
    return { choice, timerField: timer ? { timer } : {}, awaiting, ...(switchDownAfterWh !== undefined ? { switchDownAfterWh } : {}) };
  }

  /**
   * W the car can take on one phase: what it draws when it limits itself there (a 16 A car on a
   * 32 A station), else the station's maximum. Without this a 16 A car would never be moved up to
   * 3 phases, as 1 phase would look good for 7.4 kW.
   */
  private onePhaseMaxW(t: StationTelemetry, nowMs: number, voltageOf: (phase: GridPhase) => number): number {
    const ceilingA = activeGridPhases(t).length === 1 ? carCeilingA(t, nowMs) : undefined;
    return ceilingA !== undefined ? ceilingA * voltageOf(t.gridPhases[0]) : maxWholeA(t) * voltageOf(t.gridPhases[0]) * this.drawRatios.ratio(t, nowMs);
  }

  /**
   * In Green, a car that begins to charge has started (whoever started it: Green, or the car
   * resuming after a pause for the limits), except one started by the fail-safe current: during a
   * fail-safe, or within the time a car may take to start after it. An unplugged car takes its
   * count with it. Stations offline keep what was last seen of them.
   */
  private countGreenStarts(stations: StationTelemetry[], nowMs: number): void {
    const failsafeStart = nowMs - this.lastFailsafeMs <= CAR_START_MS;
    for (const t of stations) {
      if (!t.online) continue;
      if (isWaitingForCar(t)) this.starts.forget(t.station);
      const started = t.charging && this.wasCharging.get(t.station) === false;
      if (this.currentMode === 'green' && started && !failsafeStart) this.starts.record(t.station, nowMs);
      this.wasCharging.set(t.station, t.charging);
    }
  }

  /** In Green with its starts of the last 24 h used: a charging car may not be interrupted, not even for a 1↔3 switch. */
  private greenStartsUsed(station: string, nowMs: number): boolean {
    return this.currentMode === 'green' && this.starts.left(station, nowMs) <= 0;
  }

  /**
   * The fewest phases a station can reach in the current mode: 1 if it may switch down, but not a
   * charging car in Green once the starts of the day are used (a switch would be one more).
   */
  private lowestPhases(t: StationTelemetry, nowMs: number): GridPhase[] {
    const canGoDown = t.canSwitchPhases && this.config.phaseSwitch.auto && !(t.charging && this.greenStartsUsed(t.station, nowMs));
    return canGoDown ? t.gridPhases.slice(0, 1) : this.carPhases.budgetGridPhases(t, this.lastPhaseChoice);
  }
}

type Timer = ChargingTarget['timer'];

/**
 * The order Green starts and stops cars in: the charging ones first, fewest starts left first (the
 * last of them, which a stop hits, can best afford one), then those that may still start, the
 * smallest minimum first. The power splitter keeps charging cars in the same order.
 */
function greenOrder(a: { running: boolean; car: GreenCar }, b: { running: boolean; car: GreenCar }): number {
  if (a.running !== b.running) return Number(b.running) - Number(a.running);
  const byStarts = a.running ? fewerStartsLeftFirst(a.car.startsLeft, b.car.startsLeft) : Number(b.car.startsLeft > 0) - Number(a.car.startsLeft > 0);
  return byStarts || a.car.minPowerW - b.car.minPowerW;
}

/** The timer that ends first: the one a user is most interested in. */
function earliest(a: Timer, b: Timer): Timer {
  if (!a) return b;
  if (!b) return a;
  return b.remainingS < a.remainingS ? b : a;
}
