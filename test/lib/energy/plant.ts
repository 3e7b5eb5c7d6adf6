/**
 * A small closed-loop plant for the energy-chain scenarios: a house (per-phase load and PV) and
 * cars behind LEKTRI.CO stations that follow their last command after a reaction time. It turns
 * the chain's commands into meter readings and station telemetry, in simulated time.
 */
import { GRID_PHASES, type GridPhase } from '../../../lib/grid-phase';
import type { StationTelemetry } from '../../../lib/lektrico/station-telemetry';
import type { CanonicalReading } from '../../../lib/reading/canonical-reading';
import type { StationCommand } from '../../../lib/energy/messages';

const V = 230;

export interface CarSpec {
  station: string;
  /** Grid phases the station's L1.. are wired to (one for a 1P7K). */
  gridPhases: GridPhase[];
  canSwitchPhases?: boolean;
  minCurrentA?: number;
  /** The station's maximum. */
  maxCurrentA?: number;
  /** ms a drawing car takes to follow a new command (IEC 61851: up to 5 s). */
  reactionMs?: number;
  /** ms a car takes to start drawing once allowed to (many EVs: 10–40 s); default reactionMs. */
  startDelayMs?: number;
  /** A the car draws per A commanded (most cars ~0.95). */
  drawRatio?: number;
  plugged?: boolean;
  /** Phases the car's own charger uses (default 3; a single-phase car draws on the station's first phase only). */
  carPhases?: 1 | 3;
}

interface Car {
  spec: Required<CarSpec>;
  commandA: number;
  phases: 1 | 3;
  commandAtMs: number;
  /** When the command last went from 0 to above 0. */
  enabledAtMs: number;
  /** What the car draws per active phase, and on how many phases. */
  drawA: number;
  activePhases: 1 | 3;
}

export class Plant {
  nowMs: number;
  /** A of house load per phase (everything but the cars and the PV). */
  readonly houseA: Record<GridPhase, number> = { L1: 0, L2: 0, L3: 0 };
  /** W of PV production, spread evenly over the three phases. */
  pvW = 0;
  private readonly cars = new Map<string, Car>();

  constructor(startMs: number, cars: CarSpec[] = []) {
    this.nowMs = startMs;
    cars.forEach((c) => this.addCar(c));
  }

  addCar(spec: CarSpec): void {
    const reactionMs = spec.reactionMs ?? 5000;
    const full: Required<CarSpec> = { canSwitchPhases: false, minCurrentA: 6, maxCurrentA: 32, reactionMs, startDelayMs: reactionMs, drawRatio: 1, plugged: true, carPhases: 3, ...spec };
    const three = full.gridPhases.length === 3;
    const phases = three ? 3 : 1;
    this.cars.set(spec.station, { spec: full, commandA: 0, phases, commandAtMs: this.nowMs, enabledAtMs: this.nowMs, drawA: 0, activePhases: phases });
  }

  plug(station: string, plugged: boolean): void {
    (this.cars.get(station) as Car).spec.plugged = plugged;
  }

  /** The car's own charger changes the phases it uses (a car that changes phases mid-session). */
  setCarPhases(station: string, phases: 1 | 3): void {
    (this.cars.get(station) as Car).spec.carPhases = phases;
  }

  /** A command from the splitter (others' stations are ignored, as the station nodes do). */
  command(c: StationCommand): void {
    const car = this.cars.get(c.station);
    if (!car) return;
    if (car.commandA === 0 && c.currentA > 0) car.enabledAtMs = this.nowMs;
    car.commandA = c.currentA;
    if (c.phases !== undefined) car.phases = c.phases;
    car.commandAtMs = this.nowMs;
  }

  /** Moves time on; a drawing car follows its command after its reaction time, a waiting one starts after its start delay. */
  advance(ms: number): void {
    this.nowMs += ms;
    for (const car of this.cars.values()) {
      if (!car.spec.plugged) {
        car.drawA = 0;
        continue;
      }
      const starting = car.drawA === 0 && car.commandA > 0;
      const ready = starting
        ? this.nowMs - Math.max(car.enabledAtMs, car.commandAtMs - car.spec.startDelayMs) >= car.spec.startDelayMs
        : this.nowMs - car.commandAtMs >= car.spec.reactionMs;
      if (ready) {
        car.drawA = car.commandA * car.spec.drawRatio;
        car.activePhases = car.spec.gridPhases.length === 3 ? car.phases : 1;
      }
    }
  }

  /** A signed per grid phase at the connection (+ import). */
  gridA(): Record<GridPhase, number> {
    const grid = { ...this.houseA };
    for (const p of GRID_PHASES) grid[p] -= this.pvW / 3 / V;
    for (const car of this.cars.values()) {
      car.spec.gridPhases.slice(0, drawnPhases(car)).forEach((p) => (grid[p] += car.drawA));
    }
    return grid;
  }

  reading(): CanonicalReading {
    const grid = this.gridA();
    const phases = GRID_PHASES.map((phase) => ({ phase, current: Math.abs(grid[phase]), power: grid[phase] * V, voltage: V }));
    return { timestamp: this.nowMs, device: { model: 'plant' }, phases, power: phases.reduce((s, p) => s + p.power, 0) };
  }

  telemetry(station: string): StationTelemetry {
    const car = this.cars.get(station) as Car;
    const { spec } = car;
    const plugged = spec.plugged;
    const charging = plugged && car.drawA > 0;
    const currentsA = spec.gridPhases.map((_, i) => (charging && i < drawnPhases(car) ? car.drawA : 0));
    return {
      kind: 'station-telemetry',
      station,
      timestamp: this.nowMs,
      online: true,
      state: !plugged ? 'available' : charging ? 'charging' : car.commandA === 0 ? 'paused' : 'connected',
      carConnected: plugged,
      charging,
      gridPhases: spec.gridPhases,
      activePhases: car.activePhases,
      canSwitchPhases: spec.canSwitchPhases,
      currentsA,
      voltagesV: spec.gridPhases.map(() => V),
      powerW: currentsA.reduce((s, a) => s + a * V, 0),
      limitReason: { code: 3, name: 'dynamic_limit' },
      minCurrentA: spec.minCurrentA,
      maxCurrentA: spec.maxCurrentA,
      errors: [],
      lastCommand: { currentA: car.commandA, phases: car.phases, at: car.commandAtMs, accepted: true },
    };
  }

  stations(): string[] {
    return [...this.cars.keys()];
  }

  drawA(station: string): number {
    return (this.cars.get(station) as Car).drawA;
  }
}

/** Phases a car draws on: those the station offers, as far as its own charger uses them. */
function drawnPhases(car: Car): number {
  return Math.min(car.activePhases, car.spec.carPhases);
}
