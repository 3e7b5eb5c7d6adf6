import { NOMINAL_VOLTAGE_V, type GridPhase } from '../grid-phase';
import type { StationTelemetry } from '../lektrico/station-telemetry';
import { checkAllocation } from './allocation-check';
import { CommandDiscipline, checkDisciplineConfig, type Command, type DisciplineConfig } from './command-discipline';
import { checkBoolean, checkChoice, checkNumber } from './config-check';
import { checkChargingTarget } from './message-check';
import type { ChargingTarget, StationCommand } from './messages';
import { ShareLimits } from './share-limits';
import { fewerStartsLeftFirst } from './start-log';
import {
  chosenPhaseCount,
  isWaitingForCar,
  maxWholeA,
  measuredCurrentA,
  minWholeA,
  notCompetingReason,
  wattsPerAmp,
} from './station-view';
import { CarPhases, PHASE_IN_USE_A } from './car-phases';
import { CAR_START_MS } from './car-timing';
import { DrawRatios } from './draw-ratios';
import { HeldCurrents } from './held-currents';
import { checkUnderuseConfig, UnderuseTracker, type UnderuseConfig } from './underuse';
import { formatA, formatDuration, roundTo01 } from './units';
import { fitsLimits, toWholeAmps, waterFill, type FillStation } from './water-fill';

export type SplitStrategy = 'fair' | 'priority';
export const SPLIT_STRATEGIES: readonly SplitStrategy[] = ['fair', 'priority'];

export interface SplitterConfig {
  /** fair: max-min fair share above the minimums; priority: higher priority filled first. */
  strategy: SplitStrategy;
  /** Priority per station id (higher first); stations not listed have 0. */
  priorities: Record<string, number>;
  discipline: DisciplineConfig;
  underuse: UnderuseConfig;
  /** ms a station paused for lack of current waits, once there is room, before it resumes. */
  resumeDelayMs: number;
  /** Let a long-waiting paused car take the place of a running one of the same priority. */
  rotation: { enabled: boolean; intervalMs: number };
}

export interface SplitterConfigInput {
  strategy?: SplitStrategy;
  priorities?: Record<string, number>;
  discipline?: Partial<DisciplineConfig>;
  underuse?: Partial<UnderuseConfig>;
  resumeDelayMs?: number;
  rotation?: Partial<SplitterConfig['rotation']>;
}

/**
 * Resume after 60 s of room (SmartEVSE's ChargeDelay): a second car does not flap with the
 * oven's thermostat. Rotation every 60 min when enabled (SmartEVSE priority scheduling: 30–1440).
 */
export const SPLITTER_DEFAULTS = { resumeDelayMs: 60_000, rotationIntervalMs: 60 * 60_000 };

/**
 * ms a car that gave way waits before it may make a car that draws nothing give way in turn: a
 * car on its own charge timer (at 1 am) gets its place back, and two full cars swap at most this
 * often.
 */
export const YIELD_RETURN_MS = 15 * 60_000;

export function checkSplitterConfig(raw: SplitterConfigInput): SplitterConfig {
  const priorities: Record<string, number> = {};
  for (const [station, priority] of Object.entries(raw.priorities ?? {})) {
    priorities[station] = checkNumber(`priority of station ${station}`, priority, { min: -1000, max: 1000 });
  }
  return {
    strategy: checkChoice('strategy', raw.strategy ?? 'fair', SPLIT_STRATEGIES),
    priorities,
    discipline: checkDisciplineConfig(raw.discipline ?? {}),
    underuse: checkUnderuseConfig(raw.underuse ?? {}),
    resumeDelayMs: checkNumber('resume delay', raw.resumeDelayMs ?? SPLITTER_DEFAULTS.resumeDelayMs, { min: 0, unit: 'ms' }),
    rotation: {
      enabled: checkBoolean('rotation', raw.rotation?.enabled ?? false),
      intervalMs: checkNumber('rotation interval', raw.rotation?.intervalMs ?? SPLITTER_DEFAULTS.rotationIntervalMs, { min: 60_000, unit: 'ms' }),
    },
  };
}

/** One station in the allocation summary. */
export interface StationShare {
  station: string;
  currentA: number;
  phases?: 1 | 3;
  reason: string;
  priority: number;
  /** Its car competes for current (online, plugged in, no error). */
  competing: boolean;
  /** Its car draws nothing though offered current: it keeps its place but takes no PV budget. */
  idle: boolean;
  /** Paused because its car drew nothing and another car needed the room; it waits last in line. */
  yielded?: boolean;
  /** A its station still offers its car, having not applied a lower command: its car may draw that much. */
  offeredA?: number;
}

export interface Allocation {
  timestamp: number;
  /** Only the commands that differ from the last ones sent. */
  commands: StationCommand[];
  /** Every station's current command and why. */
  stations: StationShare[];
  /** Stations whose telemetry could not be used (they are paused), and any failed self-check. */
  problems: string[];
}

/** A station as the splitter sees it in one allocation. */
interface View {
  t: StationTelemetry;
  id: string;
  priority: number;
  minA: number;
  maxA: number;
  /** Why the station gets nothing whatever the headroom, if so. */
  out?: string;
  phases?: 1 | 3;
  /** Grid phases whose limits its current counts against (only its car's once settled on fewer: CarPhases). */
  gridPhases: GridPhase[];
  /** W per A on those phases. */
  perAW: number;
  /** W per A on the phases its car is to draw on (the PV budget's view during a switch). */
  budgetPerAW: number;
  /** A drawn per A commanded. */
  drawRatio: number;
  /**
   * A its station holds after not applying a lower command: its car may draw that much whatever
   * it is commanded, so it is never given less than that on the limits (HeldCurrents).
   */
  heldA?: number;
}

/** Bookkeeping per station across allocations. */
interface StationState {
  /** Place in line among equal priorities (arrival order; rotation swaps it). */
  rank: number;
  runningSinceMs?: number;
  /** ms it has been commanded a current since its car arrived (in Green, the car that had least goes first). */
  chargedMs: number;
  /** The last allocation: when, and whether it commanded this station a current (the time since is charged time then). */
  lastCommit?: { atMs: number; commanded: boolean };
  /** Set while its car waits for room: since when, and since when there has been room. */
  waiting?: { sinceMs: number; roomSinceMs?: number; cause: 'limit' | 'budget'; rotatedIn?: boolean };
  /** Paused because its car drew nothing and another car needed the room: it comes last in line until it draws again. */
  yielded?: boolean;
  /** When it was last started: commanded a current after 0, or switched between 1 and 3 phases. */
  startedAtMs?: number;
}

interface Wanted {
  currentA: number;
  reason: string;
}

/** A car admitted at its minimum (item.floorA), with the current Hybrid guarantees it (its minimum otherwise). */
interface Admitted {
  view: View;
  item: FillStation;
  guaranteeA: number;
  capNote?: string;
}

/**
 * Splits a ChargingTarget across the stations on one connection. Every station that competes is
 * admitted at its minimum in priority order while every limit allows (the rest pause: lowest
 * priority first, never everyone starved), then what remains is water-filled, in whole amps.
 * A current between 0 and a station's minimum is never commanded. Commands are paced per
 * station: decreases at once, increases every few seconds. Time is the target's timestamp.
 */
export class PowerSplitter {
  readonly config: SplitterConfig;
  private readonly discipline: CommandDiscipline;
  private readonly underuse: UnderuseTracker;
  private readonly drawRatios = new DrawRatios();
  private readonly carPhases = new CarPhases();
  private readonly states = new Map<string, StationState>();
  /** Since when each station without a car has had room to be parked at its minimum. */
  private readonly parkRoomSinceMs = new Map<string, number>();
  /**
   * The last current commanded to each station while it competed: what the fail-safe may not
   * exceed. Kept while the station is offline (its 0 then is no decision on its car), forgotten
   * when its car leaves.
   */
  private readonly competingA = new Map<string, number>();
  private readonly held = new HeldCurrents();
  private nextRank = 0;
  private lastNowMs = -Infinity;

  constructor(config: SplitterConfigInput) {
    this.config = checkSplitterConfig(config);
    this.discipline = new CommandDiscipline(this.config.discipline);
    this.underuse = new UnderuseTracker(this.config.underuse);
  }

  allocate(value: unknown): Allocation {
    const target = checkChargingTarget(value);
    const nowMs = (this.lastNowMs = Math.max(this.lastNowMs, target.timestamp));
    const problems: string[] = [];
    this.carPhases.observe(target.stations, nowMs);
    const views = target.stations.map((t) => this.view(t, target, nowMs, problems));
    const limits = new ShareLimits(target);
    this.trackArrivals(views);

    const wanted = new Map<string, Wanted>();
    const idle = new Set<string>();
    const competing = views.filter((v) => v.out === undefined);
    if (target.failsafe || target.mode === 'off' || !target.enabled) {
      // Nobody waits for room then: the line starts afresh when sharing resumes.
      for (const v of competing) this.state(v.id).waiting = undefined;
    }
    if (target.failsafe) {
      for (const v of competing) wanted.set(v.id, target.mode === 'off' ? { currentA: 0, reason: 'Off' } : this.failsafeWanted(v, target.failsafe));
    } else if (target.mode === 'off' || !target.enabled) {
      for (const v of competing) wanted.set(v.id, { currentA: 0, reason: `paused: ${target.reason}` });
    } else {
      this.rotate(competing, nowMs);
      this.share(competing, target, limits, nowMs, wanted, idle);
    }
    for (const v of views) if (v.out !== undefined) wanted.set(v.id, { currentA: 0, reason: v.out });

    // Pace competing stations first, then park empty ones in the room that is really left.
    const commanded = new Map<string, Command & { reason: string }>();
    for (const v of competing) commanded.set(v.id, this.paced(v, wanted.get(v.id) as Wanted, nowMs));
    for (const v of views) {
      if (v.out === undefined) continue;
      const park = this.park(v, target, limits, views, commanded, idle, nowMs);
      commanded.set(v.id, park ? this.paced(v, park, nowMs) : { currentA: 0, ...fieldPhases(v), reason: v.out });
    }

    const violations = checkAllocation(views, target, limits, (id) => commanded.get(id)?.currentA ?? 0, idle);
    if (violations.length > 0) {
      problems.push(...violations.map((m) => `self-check failed, all stations paused: ${m}`));
      for (const v of views) commanded.set(v.id, { currentA: 0, ...fieldPhases(v), reason: 'paused: allocation self-check failed' });
    }
    return this.commit(views, commanded, idle, target, nowMs, problems);
  }

  private view(t: StationTelemetry, target: ChargingTarget, nowMs: number, problems: string[]): View {
    const minA = minWholeA(t);
    const maxA = maxWholeA(t);
    let out = notCompetingReason(t);
    if (minA > maxA) {
      const problem = `station ${t.station}: minimum ${formatA(t.minCurrentA)} is above its maximum ${formatA(t.maxCurrentA)}`;
      problems.push(problem);
      out = `paused: ${problem}`;
    }
    const gridPhases = this.carPhases.limitGridPhases(t, target.phaseChoice, nowMs);
    const heldA = out === undefined ? this.held.update(t, this.discipline.lastCommand(t.station)) : this.held.forget(t.station);
    const voltageOf = (p: GridPhase): number => target.phases.find((h) => h.phase === p)?.voltageV ?? NOMINAL_VOLTAGE_V;
    const switchable = t.canSwitchPhases && t.gridPhases.length === 3;
    return {
      t,
      id: t.station,
      priority: this.config.priorities[t.station] ?? 0,
      minA,
      maxA,
      ...(out === undefined ? {} : { out }),
      ...(switchable ? { phases: chosenPhaseCount(t, target.phaseChoice) } : {}),
      gridPhases,
      perAW: wattsPerAmp(gridPhases, voltageOf),
      budgetPerAW: wattsPerAmp(this.carPhases.budgetGridPhases(t, target.phaseChoice), voltageOf),
      drawRatio: this.drawRatios.ratio(t, nowMs),
      ...(heldA !== undefined ? { heldA } : {}),
    };
  }

  /**
   * A station's current while the meter is silent: the fail-safe current, capped by its maximum,
   * and never more than it had (its last command while it competed, else what it reports; a
   * station back from an outage that charged before it gets the fail-safe), so the fail-safe only
   * ever lowers: the last reading may have left no room on a phase, where every paused car
   * raised to the fail-safe at once would add up (three cars at 6 A: 18 A over a full phase).
   */
  private failsafeWanted(v: View, failsafe: { currentA: number; reason: string }): Wanted {
    const hadA = this.competingA.get(v.id) ?? v.t.dynamicCurrentA ?? Number.POSITIVE_INFINITY;
    const currentA = Math.floor(Math.min(failsafe.currentA, v.maxA, hadA));
    if (currentA >= v.minA) return { currentA, reason: `fail-safe ${formatA(currentA)}: ${failsafe.reason}` };
    if (hadA < v.minA) return { currentA: 0, reason: `paused: the fail-safe does not start a paused car (${failsafe.reason})` };
    return { currentA: 0, reason: `paused: fail-safe ${formatA(failsafe.currentA)} is below the minimum ${formatA(v.minA)} (${failsafe.reason})` };
  }

  /** Gives arriving cars a place in line; forgets cars that left. */
  private trackArrivals(views: View[]): void {
    for (const v of views) {
      const state = this.states.get(v.id);
      if (v.out === undefined && !state) this.states.set(v.id, { rank: this.nextRank++, chargedMs: 0 });
      // A station whose car competes is not parked: room it had before counts nothing once the car leaves.
      if (v.out === undefined) this.parkRoomSinceMs.delete(v.id);
      if (v.out !== undefined && state) {
        this.states.delete(v.id);
        this.underuse.forget(v.id);
      }
    }
  }

  private state(id: string): StationState {
    return this.states.get(id) as StationState;
  }

  /**
   * Priority first, then place in line. In Green also the cars charging now first (never displaced
   * by the sun's next turn; with a limit on starts, the fewest starts left first, so a budget cut
   * stops the one that can best afford a start), then the one that has charged least since it
   * arrived: two cars take turns with the PV (and each car's draw ratio gets known, so the one
   * whose minimum the sun carries best can run).
   */
  private order(competing: View[], target: ChargingTarget): View[] {
    const green = target.mode === 'green';
    const startsLeft = (v: View): number => target.startsLeft?.[v.id] ?? Infinity;
    const fairness = (a: View, b: View): number => {
      if (!green) return 0;
      const [ra, rb] = [this.running(a), this.running(b)];
      if (ra !== rb) return Number(rb) - Number(ra);
      return (ra ? fewerStartsLeftFirst(startsLeft(a), startsLeft(b)) : 0) || this.state(a.id).chargedMs - this.state(b.id).chargedMs;
    };
    // A station holding a current its car may draw anyway is placed first, a car that gave way last.
    const place = (v: View): number => (v.heldA !== undefined ? 0 : this.state(v.id).yielded === true ? 2 : 1);
    return [...competing].sort(
      (a, b) => place(a) - place(b) || b.priority - a.priority || fairness(a, b) || this.state(a.id).rank - this.state(b.id).rank,
    );
  }

  /** In Green, a car not charging now whose station has no start left in the last 24 h. */
  private greenStartsUsed(v: View, target: ChargingTarget): boolean {
    return target.mode === 'green' && target.startsLeft?.[v.id] === 0 && !this.running(v);
  }

  /** Running as the splitter's own bookkeeping says: a car rotation has just moved out counts as not running. */
  private running(v: View): boolean {
    return this.state(v.id).runningSinceMs !== undefined;
  }

  /**
   * One swap per allocation: the longest-waiting car takes the place of the longest-running one of
   * its priority. Not a car that gave way because it drew nothing: it would pause the other for nothing.
   */
  private rotate(competing: View[], nowMs: number): void {
    const { enabled, intervalMs } = this.config.rotation;
    if (!enabled) return;
    const waiting = competing
      .filter((v) => { const s = this.state(v.id); return s.waiting !== undefined && !s.yielded && nowMs - s.waiting.sinceMs >= intervalMs; })
      .sort((a, b) => (this.state(a.id).waiting?.sinceMs ?? 0) - (this.state(b.id).waiting?.sinceMs ?? 0));
    for (const w of waiting) {
      const running = competing
        .filter((v) => v.priority === w.priority && (this.state(v.id).runningSinceMs ?? Infinity) <= nowMs - intervalMs)
        .sort((a, b) => (this.state(a.id).runningSinceMs ?? 0) - (this.state(b.id).runningSinceMs ?? 0))[0];
      if (!running) continue;
      const ws = this.state(w.id);
      const rs = this.state(running.id);
      [ws.rank, rs.rank] = [rs.rank, ws.rank];
      if (ws.waiting) ws.waiting.rotatedIn = true;
      rs.runningSinceMs = undefined;
      return;
    }
  }

  /** Admission at the minimum by priority, then water-filling of the rest, in whole amps. */
  private share(competing: View[], target: ChargingTarget, limits: ShareLimits, nowMs: number, wanted: Map<string, Wanted>, idle: Set<string>): void {
    const admitted = this.admit(competing, target, limits, nowMs, wanted, idle);
    if (admitted.length === 0) return;
    const items = admitted.map((a) => a.item);
    if (this.config.strategy === 'priority') {
      const levels = [...new Set(admitted.map((a) => a.view.priority))].sort((x, y) => y - x);
      admitted.forEach((a) => (a.item.group = levels.indexOf(a.view.priority)));
    }
    // Amps left over after rounding down: to the lowest first (fair), or in priority order.
    const order = (whole: number[]): number[] => {
      const idx = admitted.map((_, i) => i);
      return this.config.strategy === 'fair' ? idx.sort((a, b) => whole[a] - whole[b] || a - b) : idx;
    };
    // Hybrid: from its minimum each car rises towards the guaranteed current as far as the limits
    // allow, and keeps that as its floor while the rest (the PV surplus) is shared.
    const towardsGuarantee = admitted.map((a) => ({ ...a.item, capA: a.guaranteeA }));
    if (towardsGuarantee.some((item) => item.capA > item.floorA)) {
      const raised = toWholeAmps(towardsGuarantee, limits.list, waterFill(towardsGuarantee, limits.list).currentsA, order);
      items.forEach((item, i) => (item.floorA = raised[i]));
    }
    const filled = waterFill(items, limits.list);
    const whole = toWholeAmps(items, limits.list, filled.currentsA, order);
    admitted.forEach(({ view, item, capNote }, i) => {
      const currentA = whole[i];
      const bound = filled.boundBy[i];
      const reason =
        capNote ? `charging ${formatA(currentA)}: ${capNote}`
        : bound === 'max' || currentA >= item.capA ? `charging at its maximum ${formatA(currentA)}`
        : bound ? `charging ${formatA(currentA)}, limited by ${bound}`
        : `charging ${formatA(currentA)}`;
      wanted.set(view.id, { currentA, reason });
    });
  }

  /**
   * In priority order, each car at its minimum while every limit allows; the others pause and wait
   * (a car that waited for a full phase or the power cap resumes only after the room has lasted
   * the resume delay). The Hybrid guarantee is no admission floor: a car for whose minimum there
   * is room charges, even where the guarantee does not fit (share() raises it towards it).
   * A station that holds a current after not applying a lower one comes first, at that current
   * (its car may draw it anyway, and a command at or above it gives control back); where that
   * does not fit it is asked to pause, and what it holds is taken off the limits all the same.
   */
  private admit(
    competing: View[],
    target: ChargingTarget,
    limits: ShareLimits,
    nowMs: number,
    wanted: Map<string, Wanted>,
    idle: Set<string>,
  ): Admitted[] {
    const admitted: Admitted[] = [];
    const guaranteedA = target.guaranteedA ?? 0;
    const ordered = this.order(competing, target);
    const settled = this.pauseHeld(ordered, target, limits, wanted);
    for (const v of ordered) {
      if (settled.has(v.id)) continue;
      const state = this.state(v.id);
      const held = v.heldA;
      // Green's starts of this car are used: it may not start again (one paused for the limits may resume).
      if (this.greenStartsUsed(v, target) && state.waiting?.cause !== 'limit') {
        wanted.set(v.id, { currentA: 0, reason: 'paused: no Green start left in the last 24 h' });
        continue;
      }
      const measuredA = measuredCurrentA(v.t);
      if (state.yielded && measuredA > PHASE_IN_USE_A) state.yielded = undefined; // it draws again: its place in line is back
      const capUnderuse = this.underuse.update(v.id, measuredA, this.discipline.lastCommand(v.id)?.currentA ?? 0, v.minA, nowMs);
      if (this.underuse.idle(v.id, measuredA)) idle.add(v.id);
      const floorA = held === undefined ? v.minA : Math.max(v.minA, held);
      const guaranteeA = Math.max(floorA, Math.min(Math.max(v.minA, Math.ceil(guaranteedA)), v.maxA));
      const capA = Math.max(guaranteeA, Math.min(v.maxA, capUnderuse ?? Infinity));
      const capNote =
        held !== undefined ? `its station still offers ${formatA(held)} (it did not apply a lower current)`
        : capUnderuse !== undefined && capA < v.maxA ? `the car draws ${formatA(roundTo01(measuredA))}, capped at ${formatA(capA)} so others get the rest`
        : undefined;
      const missing = v.gridPhases.find((p) => !limits.hasPhase(p));
      if (missing) {
        wanted.set(v.id, { currentA: 0, reason: `paused: ${missing} is not in the meter reading` });
        continue;
      }
      const item: FillStation = { floorA, capA, uses: limits.uses(v, idle.has(v.id)), group: 0 };
      const shortage = limits.shortage([...admitted.map((a) => a.item), item], floorA, v);
      // A car that gave way may make a car that draws nothing give way in turn, once it has waited YIELD_RETURN_MS.
      const mayYield = shortage?.cause === 'limit' && held === undefined && (!state.yielded || nowMs - (state.waiting?.sinceMs ?? nowMs) >= YIELD_RETURN_MS);
      const yielding = mayYield ? this.idleToYield(admitted, item, v, limits, idle, nowMs) : undefined;
      if (yielding) {
        for (const y of yielding) {
          admitted.splice(admitted.indexOf(y), 1);
          idle.delete(y.view.id);
          const ys = this.state(y.view.id);
          ys.yielded = true;
          ys.waiting = { sinceMs: nowMs, cause: 'limit' };
          wanted.set(y.view.id, { currentA: 0, reason: `paused: its car draws nothing, ${v.id} charges in its place` });
        }
      } else if (shortage) {
        state.waiting = { sinceMs: state.waiting?.sinceMs ?? nowMs, cause: shortage.cause };
        wanted.set(v.id, { currentA: 0, reason: `paused: ${shortage.text}` });
        continue;
      }
      const w = state.waiting;
      // Room made by a car that draws nothing is no oven's thermostat, nor is room for a car that draws anyway: no resume delay.
      if (w && w.cause === 'limit' && !w.rotatedIn && !yielding && held === undefined) {
        w.roomSinceMs ??= nowMs;
        const leftMs = w.roomSinceMs + this.config.resumeDelayMs - nowMs;
        if (leftMs > 0) {
          wanted.set(v.id, { currentA: 0, reason: `paused: room again, resuming in ${formatDuration(leftMs)}` });
          continue;
        }
      }
      state.waiting = undefined;
      admitted.push({ view: v, item, guaranteeA, ...(capNote ? { capNote } : {}) });
    }
    return admitted;
  }

  /**
   * Before anyone is admitted: the stations holding a current they were told to leave that cannot
   * be given it (no Green start left, a phase the meter does not measure, above their maximum), and
   * all of them when what they hold does not fit the room together, are asked to pause, with what
   * they hold taken off the limits; the rest are admitted first, at what they hold, and fit. So no
   * reservation comes after an admission it would overturn. Returns the stations it paused.
   */
  private pauseHeld(ordered: View[], target: ChargingTarget, limits: ShareLimits, wanted: Map<string, Wanted>): Set<string> {
    const paused = new Set<string>();
    const pause = (v: View, heldA: number, reason: string): void => {
      limits.reserve(v, heldA, measuredCurrentA(v.t));
      wanted.set(v.id, { currentA: 0, reason: `${reason}; its station still offers ${formatA(heldA)}, kept free for its car` });
      paused.add(v.id);
    };
    const holding = ordered.filter((v) => v.heldA !== undefined);
    const fitting: View[] = [];
    for (const v of holding) {
      const heldA = v.heldA as number;
      const missing = v.gridPhases.find((p) => !limits.hasPhase(p));
      const floorA = Math.max(v.minA, heldA);
      if (this.greenStartsUsed(v, target)) pause(v, heldA, 'paused: no Green start left in the last 24 h');
      else if (missing) pause(v, heldA, `paused: ${missing} is not in the meter reading`);
      else if (floorA > v.maxA) pause(v, heldA, `paused: its station offers ${formatA(floorA)}, above the ${formatA(v.maxA)} it may be given`);
      else fitting.push(v);
    }
    const items = fitting.map((v) => ({ floorA: 0, capA: 0, uses: limits.uses(v, false), group: 0 }));
    if (!fitsLimits(items, limits.list, fitting.map((v) => Math.max(v.minA, v.heldA as number)))) {
      const what = fitting.length === 1 ? 'it holds' : 'the stations that did not apply a lower current hold';
      for (const v of fitting) pause(v, v.heldA as number, `paused: no room for what ${what}`);
    }
    return paused;
  }

  /**
   * The cars admitted so far that draw nothing (full, or waiting on a timer of their own) and
   * whose pause makes room for `item` on the hard limits: the last admitted first, only as many
   * as it takes; undefined when pausing all of them would not be enough. A car counts as drawing
   * nothing after the under-use hold and CAR_START_MS since it was started or switched phases (a
   * car often waits 10–40 s before it draws). The paused car waits last in line, so the full car
   * of the first station does not keep the second waiting, and the two do not swap back. Never a
   * station holding a current it was told to leave: a pause would not free its room.
   */
  private idleToYield(admitted: Admitted[], item: FillStation, v: View, limits: ShareLimits, idle: Set<string>, nowMs: number): Admitted[] | undefined {
    const candidates = admitted
      .filter((a) => a.view.heldA === undefined && idle.has(a.view.id) && nowMs - (this.state(a.view.id).startedAtMs ?? nowMs) >= CAR_START_MS)
      .reverse();
    const yielding: Admitted[] = [];
    for (const candidate of candidates) {
      yielding.push(candidate);
      const rest = admitted.filter((a) => !yielding.includes(a)).map((a) => a.item);
      if (!limits.shortage([...rest, item], v.minA, v)) return yielding;
    }
    return undefined;
  }

  /**
   * A station without a car waits at its minimum when one more car would fit, so a car starts
   * gently. Not in Green: there a car starts only once the surplus has carried it for the start
   * delay, so a car plugged into a parked station would start, be paused, then start again.
   */
  private park(
    v: View,
    target: ChargingTarget,
    limits: ShareLimits,
    views: View[],
    commanded: Map<string, Command>,
    idle: Set<string>,
    nowMs: number,
  ): Wanted | undefined {
    const t = v.t;
    const eligible =
      isWaitingForCar(t) && v.minA <= v.maxA &&
      !target.failsafe && target.mode !== 'off' && target.mode !== 'green' && target.enabled && v.gridPhases.every((p) => limits.hasPhase(p));
    const others = views.filter((o) => o.id !== v.id && commanded.has(o.id));
    const items = others.map((o) => ({ floorA: 0, capA: 0, uses: limits.uses(o, idle.has(o.id)), group: 0 }));
    const currents = others.map((o) => commanded.get(o.id)?.currentA ?? 0);
    const fits = eligible && fitsLimits([...items, { floorA: 0, capA: 0, uses: limits.uses(v, false), group: 0 }], limits.list, [...currents, v.minA]);
    if (!fits) {
      this.parkRoomSinceMs.delete(v.id);
      return undefined;
    }
    const since = this.parkRoomSinceMs.get(v.id) ?? nowMs;
    this.parkRoomSinceMs.set(v.id, since);
    const already = (this.discipline.lastCommand(v.id)?.currentA ?? 0) > 0;
    if (!already && nowMs - since < this.config.resumeDelayMs) return undefined;
    return { currentA: v.minA, reason: `no car: ready at ${formatA(v.minA)}` };
  }

  private paced(v: View, wanted: Wanted, nowMs: number): Command & { reason: string } {
    const want: Command = { currentA: wanted.currentA, ...fieldPhases(v) };
    const command = this.discipline.pace(v.id, want, v.minA, v.maxA, nowMs);
    const reason =
      command.currentA < want.currentA && command.currentA > 0 ? `${wanted.reason} (rising from ${formatA(command.currentA)})`
      : command.currentA < want.currentA ? `starting at ${formatA(want.currentA)} shortly (${wanted.reason})`
      : wanted.reason;
    return { ...command, reason };
  }

  private commit(
    views: View[],
    commanded: Map<string, Command & { reason: string }>,
    idle: Set<string>,
    target: ChargingTarget,
    nowMs: number,
    problems: string[],
  ): Allocation {
    const commands: StationCommand[] = [];
    const stations: StationShare[] = [];
    for (const v of views) {
      const c = commanded.get(v.id) as Command & { reason: string };
      const state = this.states.get(v.id);
      if (state) {
        // Started: commanded a current after 0 or since its car arrived (startedAtMs is cleared at 0,
        // and a new car has none, also at a station parked at its minimum), or switched phases.
        if (c.currentA === 0) state.startedAtMs = undefined;
        else if (state.startedAtMs === undefined || this.discipline.lastCommand(v.id)?.phases !== c.phases) state.startedAtMs = nowMs;
        if (state.lastCommit?.commanded) state.chargedMs += nowMs - state.lastCommit.atMs;
        state.lastCommit = { atMs: nowMs, commanded: c.currentA > 0 };
        if (c.currentA > 0) state.runningSinceMs ??= nowMs;
        else state.runningSinceMs = undefined;
      }
      if (v.out === undefined) this.competingA.set(v.id, c.currentA);
      else if (v.t.online && !v.t.carConnected) this.competingA.delete(v.id); // offline telemetry says no car: it cannot tell
      const phases = c.phases === undefined ? {} : { phases: c.phases };
      if (this.discipline.commit(v.id, c, nowMs)) {
        commands.push({ kind: 'station-command', station: v.id, currentA: c.currentA, ...phases, reason: c.reason, timestamp: target.timestamp });
      }
      stations.push({
        station: v.id,
        currentA: c.currentA,
        ...phases,
        reason: c.reason,
        priority: v.priority,
        competing: v.out === undefined,
        idle: idle.has(v.id),
        ...(c.currentA === 0 && this.states.get(v.id)?.yielded ? { yielded: true } : {}),
        ...(v.heldA !== undefined ? { offeredA: v.heldA } : {}),
      });
    }
    return { timestamp: target.timestamp, commands, stations, problems };
  }
}

function fieldPhases(v: View): { phases?: 1 | 3 } {
  return v.phases === undefined ? {} : { phases: v.phases };
}
