/**
 * Builders for the energy-chain tests: readings, telemetry, headrooms and targets with sensible
 * defaults, plus an independent check of the splitter's invariant.
 */
import { expect } from 'chai';
import type { GridPhase } from '../../../lib/grid-phase';
import type { StationTelemetry } from '../../../lib/lektrico/station-telemetry';
import type { CanonicalReading } from '../../../lib/reading/canonical-reading';
import type { ChargingTarget, Headroom, PhaseHeadroom, StationCommand } from '../../../lib/energy/messages';
import type { Allocation, PowerSplitter } from '../../../lib/energy/splitter';
import { CarPhases } from '../../../lib/energy/car-phases';
import { DrawRatios } from '../../../lib/energy/draw-ratios';

export const V = 230;

/** A reading with signed per-phase currents (+ import, − export) at 230 V. */
export function reading(timestamp: number, currentsA: Partial<Record<GridPhase, number>>): CanonicalReading {
  const phases = (Object.entries(currentsA) as Array<[GridPhase, number]>).map(([phase, a]) => ({
    phase,
    current: Math.abs(a),
    power: a * V,
    voltage: V,
  }));
  return { timestamp, device: { model: 'test' }, phases, power: phases.reduce((s, p) => s + p.power, 0) };
}

/** Telemetry of a station; a 3-phase 32 A station with a car charging at 0 A unless told. */
export function telemetry(station: string, over: Partial<StationTelemetry> = {}): StationTelemetry {
  const gridPhases = over.gridPhases ?? ['L1', 'L2', 'L3'];
  const activePhases = over.activePhases ?? (gridPhases.length === 3 ? 3 : 1);
  const currentsA = over.currentsA ?? gridPhases.map(() => 0);
  const charging = over.charging ?? currentsA.some((a) => a > 0);
  const powerW = over.powerW ?? currentsA.slice(0, activePhases).reduce((s, a) => s + a * V, 0);
  return {
    kind: 'station-telemetry',
    station,
    timestamp: 0,
    online: true,
    state: charging ? 'charging' : 'connected',
    carConnected: true,
    charging,
    gridPhases,
    activePhases,
    canSwitchPhases: false,
    currentsA,
    voltagesV: gridPhases.map(() => V),
    powerW,
    limitReason: { code: 3, name: 'dynamic_limit' },
    minCurrentA: 6,
    maxCurrentA: 32,
    errors: [],
    ...over,
  };
}

export function phaseHeadroom(phase: GridPhase, headroomA: number): PhaseHeadroom {
  return { phase, gridCurrentA: 0, carCurrentA: 0, houseCurrentA: 0, limitA: 25, headroomA, voltageV: V };
}

export function headroom(over: Partial<Headroom> = {}): Headroom {
  return {
    kind: 'headroom',
    timestamp: 0,
    readingAgeMs: 0,
    phases: (['L1', 'L2', 'L3'] as GridPhase[]).map((p) => phaseHeadroom(p, 24)),
    gridPowerW: 0,
    carPowerW: 0,
    housePowerW: 0,
    stations: [],
    ...over,
  };
}

/** A Power-mode target with 24 A on every phase unless told. */
export function target(over: Partial<ChargingTarget> = {}): ChargingTarget {
  const { kind: _kind, ...h } = headroom();
  return { ...h, kind: 'charging-target', mode: 'power', surplusW: 0, enabled: true, phaseChoice: {}, reason: 'test', ...over };
}

/** Latest command per station, updated from a list of changed commands. */
export class CommandBook {
  readonly current = new Map<string, StationCommand>();
  apply(commands: StationCommand[]): void {
    for (const c of commands) this.current.set(c.station, c);
  }
  currentA(station: string): number {
    return this.current.get(station)?.currentA ?? 0;
  }
}

/** The checker's own memory of the cars (draw ratios, the phases they draw on), fed every target in order. */
export class CarMemory {
  readonly drawRatios = new DrawRatios();
  readonly carPhases = new CarPhases();
}

/**
 * The splitter's invariant, written independently of the splitter: every current is 0 or a whole
 * number within [min, max]; together they fit every phase's headroom, the power cap and the
 * budget (the budget counts what the cars draw: commanded × their draw ratio on the phases they
 * draw on; cars that draw nothing may be left out of it); in fail-safe each is at most the
 * fail-safe current. A car settled on fewer phases than its station's counts on those alone.
 */
export function expectInvariant(t: ChargingTarget, book: CommandBook, idleStations: Set<string>, memory: CarMemory): void {
  const perPhase = new Map<GridPhase, number>();
  let powerW = 0;
  let budgetW = 0;
  memory.carPhases.observe(t.stations, t.timestamp);
  for (const s of t.stations) {
    const ratio = memory.drawRatios.ratio(s, t.timestamp); // every station, so the memory sees what the splitter's sees
    const a = book.currentA(s.station);
    if (a === 0) continue;
    expect(Number.isInteger(a), `${s.station} ${a} A is whole`).to.equal(true);
    expect(a, `${s.station} ≥ min`).to.be.at.least(Math.ceil(s.minCurrentA - 1e-9));
    expect(a, `${s.station} ≤ max`).to.be.at.most(Math.floor(s.maxCurrentA + 1e-9));
    if (t.failsafe) {
      expect(a, `${s.station} ≤ fail-safe`).to.be.at.most(t.failsafe.currentA);
      continue;
    }
    const chosen = s.canSwitchPhases && s.gridPhases.length === 3 ? (t.phaseChoice[s.station] ?? s.activePhases) : s.activePhases;
    // During a switch the phases it leaves and those it takes both count against the hard limits;
    // the PV budget counts the phases it will charge on.
    const stationPhases = new Set([...s.gridPhases.slice(0, s.activePhases), ...s.gridPhases.slice(0, chosen)]);
    const carPhases = memory.carPhases.limitGridPhases(s, t.phaseChoice, t.timestamp);
    expect([...stationPhases], `${s.station} counts on phases of its own`).to.include.members(carPhases);
    const phases = new Set(carPhases);
    for (const p of phases) perPhase.set(p, (perPhase.get(p) ?? 0) + a);
    const wattsOn = (ps: Iterable<GridPhase>): number => a * [...ps].reduce((sum, p) => sum + (t.phases.find((h) => h.phase === p)?.voltageV ?? V), 0);
    powerW += wattsOn(phases) * Math.max(1, ratio);
    if (!idleStations.has(s.station)) budgetW += wattsOn(memory.carPhases.budgetGridPhases(s, t.phaseChoice)) * ratio;
  }
  if (t.failsafe) return;
  for (const [phase, a] of perPhase) {
    const h = t.phases.find((p) => p.phase === phase);
    expect(h, `${phase} is measured`).to.not.equal(undefined);
    expect(a, `Σ on ${phase}`).to.be.at.most((h as PhaseHeadroom).headroomA + 1e-6);
  }
  if (t.powerHeadroomW !== undefined) expect(powerW, 'Σ power ≤ cap').to.be.at.most(t.powerHeadroomW + 1e-6);
  if (t.budgetW !== undefined) expect(budgetW, 'Σ power ≤ budget').to.be.at.most(t.budgetW + 1e-6);
}

/** A splitter driven step by step: applies each allocation's commands and checks the invariant after every call. */
export class SplitterRun {
  readonly book = new CommandBook();
  private readonly memory = new CarMemory();
  last?: Allocation;
  constructor(readonly splitter: PowerSplitter) {}

  step(t: ChargingTarget): Allocation {
    const a = this.splitter.allocate(t);
    this.book.apply(a.commands);
    expectInvariant(t, this.book, new Set(a.stations.filter((s) => s.idle).map((s) => s.station)), this.memory);
    this.last = a;
    return a;
  }

  /** The commanded current of a station now. */
  a(station: string): number {
    return this.book.currentA(station);
  }

  reason(station: string): string {
    return this.last?.stations.find((s) => s.station === station)?.reason ?? '';
  }
}
