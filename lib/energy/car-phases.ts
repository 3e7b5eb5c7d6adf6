import type { GridPhase } from '../grid-phase';
import type { StationTelemetry } from '../lektrico/station-telemetry';
import { CAR_SETTLE_MS } from './car-timing';
import { activeGridPhases, chosenGridPhases, chosenPhaseCount, constrainedGridPhases } from './station-view';

/**
 * A a station phase must carry to count as one the car draws on (evcc's minActiveCurrent).
 * A 1-phase car on a 3P22K shows [x, 0, 0]; the station's own draw stays well below 1 A.
 */
export const PHASE_IN_USE_A = 1;

/**
 * A on the busiest phase below which a reading tells nothing about the car's phases: a 3-phase
 * car tapering off may show 1.5 A on one phase and 0.9 A on the others.
 */
const TELLING_MIN_A = 4;

/**
 * ms fewer phases must be seen in every telling reading before the car is taken to use only
 * them: with CAR_SETTLE_MS before it, 45 s after the car began to draw, past the 10–40 s in
 * which some cars bring their phases up one after the other.
 */
export const FEWER_PHASES_AFTER_MS = 30_000;

interface CarState {
  /** Station phase indices the car has been seen to draw on this session; undefined while not known. */
  learned?: number[];
  /** Since when the car has drawn without a break while the station offered all its phases. */
  drawingSinceMs?: number;
  /** Fewer phases than learned, seen in every telling reading since sinceMs. */
  candidate?: { phases: number[]; sinceMs: number };
  /**
   * What is known of its phases before it has drawn: the station's L1 when the installer says its
   * car draws on one phase, else the phases the station's previous car settled on (a home station
   * mostly charges the same car). The PV price of this car until its own are learned, dropped once
   * it draws elsewhere.
   */
  expected?: number[];
}

/**
 * The phases each car really draws on, from its station's telemetry (as openWB and evcc do): the
 * station phases above PHASE_IN_USE_A while it offers all of them. More phases are taken at once
 * (the cautious way); fewer only after the car has settled and kept to them for
 * FEWER_PHASES_AFTER_MS. Kept while the car stays plugged in, so a paused 1-phase car is priced
 * on one phase when it is to start again. The hard limits use it only while the car's telemetry
 * confirms it (see limitGridPhases); a car that is not charging or has just started counts on all.
 * A new car is priced for the PV on one phase when its station says its car draws on one
 * (singlePhaseCar), else on the phases of the station's previous car, until it shows its own: a
 * 1-phase plug-in hybrid on a 3P22K then starts in Green on 1.4 kW, not 4.1 kW (from its second
 * session on when not declared; a 3-phase car that comes instead costs one start, stopped by
 * Green's budget).
 */
export class CarPhases {
  private readonly cars = new Map<string, CarState>();
  /** Per station, the phases its last car settled on. */
  private readonly lastCar = new Map<string, number[]>();

  observe(stations: StationTelemetry[], nowMs: number): void {
    for (const t of stations) this.observeOne(t, nowMs);
  }

  /**
   * Grid phases the car draws on when charging on the station's chosen phases: what the PV has to
   * carry per ampere. The chosen phases while the car's are not known, or when the station offers one.
   */
  budgetGridPhases(t: StationTelemetry, phaseChoice: Record<string, 1 | 3>): GridPhase[] {
    const chosen = chosenGridPhases(t, phaseChoice);
    const car = this.cars.get(t.station);
    const known = car?.learned ?? car?.expected;
    const onChosen = chosen.length > 1 ? gridPhasesOf(t, known)?.filter((p) => chosen.includes(p)) : undefined;
    return onChosen !== undefined && onChosen.length > 0 ? onChosen : chosen;
  }

  /**
   * Grid phases whose hard limits the station's current counts against: only those the car draws
   * on once it has settled on them and its telemetry still shows it drawing there alone; all it
   * uses or is about to use otherwise (not charging, just started, a 1↔3 switch pending).
   */
  limitGridPhases(t: StationTelemetry, phaseChoice: Record<string, 1 | 3>, nowMs: number): GridPhase[] {
    const all = constrainedGridPhases(t, phaseChoice);
    const learned = this.learnedGridPhases(t);
    const switching = chosenPhaseCount(t, phaseChoice) !== activeGridPhases(t).length;
    if (!learned || learned.length >= all.length || switching || !this.confirms(t, nowMs)) return all;
    return learned;
  }

  /** The car is known to draw on one phase: a 1↔3 switch would gain it nothing. */
  onOnePhase(t: StationTelemetry): boolean {
    return this.learnedGridPhases(t)?.length === 1;
  }

  private learnedGridPhases(t: StationTelemetry): GridPhase[] | undefined {
    return gridPhasesOf(t, this.cars.get(t.station)?.learned);
  }

  /** The reading shows the settled car drawing, on none but its learned phases. */
  private confirms(t: StationTelemetry, nowMs: number): boolean {
    const car = this.cars.get(t.station);
    const used = inUse(t);
    const since = car?.drawingSinceMs;
    return t.online && t.charging && since !== undefined && nowMs - since >= CAR_SETTLE_MS && used.length > 0 && used.every((i) => car?.learned?.includes(i));
  }

  private observeOne(t: StationTelemetry, nowMs: number): void {
    if (!t.carConnected) {
      const learned = this.cars.get(t.station)?.learned;
      if (learned) this.lastCar.set(t.station, learned);
      this.cars.delete(t.station);
      return;
    }
    let car = this.cars.get(t.station);
    if (!car) {
      const expected = t.singlePhaseCar === true ? [0] : this.lastCar.get(t.station);
      this.cars.set(t.station, (car = expected ? { expected } : {}));
    }
    const offered = activeGridPhases(t).length;
    if (!t.online || offered < 2) {
      // Nothing to learn where the station offers one phase; what was learned stays for the session.
      car.drawingSinceMs = undefined;
      car.candidate = undefined;
      return;
    }
    const used = inUse(t);
    if (car.expected && used.some((i) => !car.expected?.includes(i))) car.expected = undefined;
    // A phase the car was not known to draw on: counted at once.
    if (car.learned && used.some((i) => !car.learned?.includes(i))) {
      car.learned = [...new Set([...car.learned, ...used])].sort((a, b) => a - b);
      car.candidate = undefined;
    }
    if (!t.charging || used.length === 0) {
      car.drawingSinceMs = undefined;
      car.candidate = undefined;
      return;
    }
    car.drawingSinceMs ??= nowMs;
    const telling = nowMs - car.drawingSinceMs >= CAR_SETTLE_MS && Math.max(...t.currentsA.slice(0, offered)) >= TELLING_MIN_A;
    if (!telling) return;
    if (used.length === offered) {
      car.learned = used;
      car.candidate = undefined;
      return;
    }
    if (sameIndices(used, car.learned)) {
      car.candidate = undefined;
      return;
    }
    if (!car.candidate || !sameIndices(car.candidate.phases, used)) car.candidate = { phases: used, sinceMs: nowMs };
    if (nowMs - car.candidate.sinceMs >= FEWER_PHASES_AFTER_MS) {
      car.learned = used;
      car.candidate = undefined;
    }
  }
}

function gridPhasesOf(t: StationTelemetry, indices: number[] | undefined): GridPhase[] | undefined {
  return indices?.map((i) => t.gridPhases[i]).filter((p) => p !== undefined);
}

/** Indices of the offered station phases that carry more than PHASE_IN_USE_A. */
function inUse(t: StationTelemetry): number[] {
  const offered = activeGridPhases(t).length;
  return t.currentsA.slice(0, offered).flatMap((a, i) => (a > PHASE_IN_USE_A ? [i] : []));
}

function sameIndices(a: number[], b: number[] | undefined): boolean {
  return b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
}
