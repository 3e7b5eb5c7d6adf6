import type { GridPhase } from '../grid-phase';
import { offeredCurrentA as lastOfferedA, type StationTelemetry } from '../lektrico/station-telemetry';
import { CAR_SETTLE_MS } from './car-timing';

/**
 * How the energy chain reads one station's telemetry: whether its car competes for current,
 * which grid phases it draws on, and its usable current range in whole amps.
 */

const NOT_CHARGEABLE: Partial<Record<StationTelemetry['state'], string>> = {
  error: 'station reports an error',
  locked: 'station is locked',
  updating_firmware: 'station is updating its firmware',
  offline: 'station is offline',
};

/** Why a station gets no share, or undefined when its car competes for current. */
export function notCompetingReason(t: StationTelemetry): string | undefined {
  if (!t.online) return 'station is offline';
  const blocked = NOT_CHARGEABLE[t.state];
  if (blocked) return blocked;
  if (!t.carConnected) return 'no car connected';
  return undefined;
}

export function isCompeting(t: StationTelemetry): boolean {
  return notCompetingReason(t) === undefined;
}

/** Online and ready, but no car plugged in: a station that could be readied for the next car. */
export function isWaitingForCar(t: StationTelemetry): boolean {
  return t.online && !t.carConnected && NOT_CHARGEABLE[t.state] === undefined;
}

/** Grid phases the station draws on now (its own L1..Ln as wired). */
export function activeGridPhases(t: StationTelemetry): GridPhase[] {
  return t.gridPhases.slice(0, Math.min(t.activePhases, t.gridPhases.length));
}

/** The phase count the chain wants for this station: the choice for switchable ones, else what it uses. */
export function chosenPhaseCount(t: StationTelemetry, phaseChoice: Record<string, 1 | 3>): 1 | 3 {
  const wanted = t.canSwitchPhases ? (phaseChoice[t.station] ?? t.activePhases) : t.activePhases;
  return t.gridPhases.length < 3 ? 1 : wanted;
}

export function chosenGridPhases(t: StationTelemetry, phaseChoice: Record<string, 1 | 3>): GridPhase[] {
  return t.gridPhases.slice(0, chosenPhaseCount(t, phaseChoice));
}

/**
 * Phases whose limit a station's current must respect: the ones it uses now and the ones it is
 * about to use. During a 1↔3 switch both count, which is the cautious choice.
 */
export function constrainedGridPhases(t: StationTelemetry, phaseChoice: Record<string, 1 | 3>): GridPhase[] {
  const phases = new Set<GridPhase>([...activeGridPhases(t), ...chosenGridPhases(t, phaseChoice)]);
  return t.gridPhases.filter((p) => phases.has(p));
}

/** A the station draws on each grid phase now; an offline station counts nothing. */
export function drawPerGridPhase(t: StationTelemetry): Map<GridPhase, number> {
  const draw = new Map<GridPhase, number>();
  if (!t.online) return draw;
  activeGridPhases(t).forEach((phase, i) => draw.set(phase, (draw.get(phase) ?? 0) + (t.currentsA[i] ?? 0)));
  return draw;
}

/** A on the station's busiest active phase: what its car actually takes. */
export function measuredCurrentA(t: StationTelemetry): number {
  if (!t.online) return 0;
  return Math.max(0, ...t.currentsA.slice(0, activeGridPhases(t).length));
}

/** Lowest current that may be commanded, in whole amps (a fractional minimum rounds up). */
export function minWholeA(t: StationTelemetry): number {
  return Math.ceil(t.minCurrentA - 1e-9);
}

/** Highest current that may be commanded, in whole amps (a fractional maximum rounds down). */
export function maxWholeA(t: StationTelemetry): number {
  return Math.floor(t.maxCurrentA + 1e-9);
}

/** W per A on the given phases, with each phase's voltage (nominal when unknown). */
export function wattsPerAmp(phases: GridPhase[], voltageOf: (phase: GridPhase) => number): number {
  return phases.reduce((sum, p) => sum + voltageOf(p), 0);
}

/** Bounds of a believable draw ratio: most cars draw ~95 % of the signal, a Zoe ~108 % (evcc #28936). */
const DRAW_RATIO_MIN = 0.85;
const DRAW_RATIO_MAX = 1.15;
/** A below its settled command from which a car is taken to limit itself (its own charger's maximum). */
const SELF_LIMIT_GAP_A = 2;

/** The car's settled draw under its last accepted command, or undefined while it is not settled. */
function settledDraw(t: StationTelemetry, nowMs: number): { measuredA: number; commandA: number } | undefined {
  const cmd = t.lastCommand;
  if (!t.online || !t.charging || !cmd || !cmd.accepted || cmd.currentA <= 0 || nowMs - cmd.at < CAR_SETTLE_MS) return undefined;
  const measuredA = measuredCurrentA(t);
  return measuredA > 0 ? { measuredA, commandA: cmd.currentA } : undefined;
}

/**
 * What the car draws per ampere commanded, from its settled draw under its last accepted
 * command (clamped to 0.85–1.15); undefined while it has not settled or while it limits itself.
 * Turns commanded amperes into the power the PV surplus has to carry (see DrawRatios, which
 * keeps it between commands).
 */
export function measuredDrawRatio(t: StationTelemetry, nowMs: number): number | undefined {
  const d = settledDraw(t, nowMs);
  if (!d || d.commandA - d.measuredA >= SELF_LIMIT_GAP_A) return undefined;
  return Math.min(DRAW_RATIO_MAX, Math.max(DRAW_RATIO_MIN, d.measuredA / d.commandA));
}

/**
 * A the car takes at most by itself (its on-board charger), when it has settled well below what
 * it is offered; undefined when it takes what it gets. A 16 A car on a 32 A station shows 16 A.
 */
export function carCeilingA(t: StationTelemetry, nowMs: number): number | undefined {
  const d = settledDraw(t, nowMs);
  return d && d.commandA - d.measuredA >= SELF_LIMIT_GAP_A ? d.measuredA : undefined;
}

/**
 * ms after a command by which a station that answers has applied it: several polls at the
 * default 2 s, and a failed write is sent again at the next one.
 */
export const COMMAND_APPLY_MS = 10_000;

/** A the station offers its car now; undefined when it is offline (the chain takes a silent station for offline) or reports neither. */
export function offeredCurrentA(t: StationTelemetry): number | undefined {
  return t.online ? lastOfferedA(t) : undefined;
}

/**
 * A the station offers its car above the chain's last command, once it has had the chance to
 * apply that command: it refused the write or could not be reached, it accepted it but still
 * offers more COMMAND_APPLY_MS later (old firmware that cannot pause), or its node has not sent
 * it COMMAND_APPLY_MS after the chain did (another controller, a flow that does not deliver).
 * Its car may draw that much whatever the chain commands next. The first two compare times of
 * the station node's own clock. Undefined when it offers no more than commanded.
 */
export function offeredAboveCommandA(t: StationTelemetry, command: { currentA: number; changedAtMs: number }): number | undefined {
  const offeredA = offeredCurrentA(t);
  if (offeredA === undefined || offeredA <= command.currentA) return undefined;
  const sent = t.lastCommand;
  const stale =
    sent !== undefined && sent.currentA === command.currentA
      ? !sent.accepted || t.timestamp - sent.at >= COMMAND_APPLY_MS
      : t.timestamp - command.changedAtMs >= COMMAND_APPLY_MS;
  return stale ? offeredA : undefined;
}
