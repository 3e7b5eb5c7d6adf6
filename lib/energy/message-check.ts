import { isGridPhase, parsePhaseList, type GridPhase } from '../grid-phase';
import { InputError } from '../input-error';
import type { CanonicalReading } from '../reading/canonical-reading';
import { describeValue } from '../reading/describe-value';
import { TELEMETRY_STATES, type StationTelemetry } from '../lektrico/station-telemetry';
import { CHARGING_MODES, type ChargingTarget, type Headroom, type PhaseHeadroom } from './messages';

/**
 * Shape checks for the messages that flow through the energy chain. Each returns the value typed
 * or throws an InputError saying which field was wrong, so a bad message is reported and never
 * turns into NaN further down. Only the fields the chain uses are checked.
 */

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An array without holes. A Function node can build `[, 5]`; forEach and every skip holes, so a
 * hole would pass a check written with them and turn into undefined (or NaN) further down.
 */
function dense(value: unknown): value is unknown[] {
  if (!Array.isArray(value)) return false;
  for (let i = 0; i < value.length; i++) if (!(i in value)) return false;
  return true;
}

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * Where the first NaN or ±Infinity in a message is ("stations.1.temperatureC"), or undefined. A
 * node that passes a message on (the load balancer its stored telemetry, the PV surplus node its
 * Headroom) must not pass one on, even in a field it does not use itself.
 */
function nonFinitePath(value: unknown, path = '', depth = 0): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path || '(the value)';
  if (typeof value !== 'object' || value === null || depth > 8) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const found = nonFinitePath(child, path ? `${path}.${key}` : key, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Throws an InputError when the condition fails; the message is only built then (this runs per reading). */
function need(condition: boolean, message: () => string): void {
  if (!condition) throw new InputError(message());
}

/**
 * Far beyond any low-voltage connection (a 400 A meter carries about 110 kW per phase): a larger
 * figure is a unit or parsing mistake, and taken as measured it would turn into an infinite current.
 */
const MAX_PHASE_POWER_W = 1e6;
const MAX_PHASE_CURRENT_A = 1e4;

export function checkReading(value: unknown): CanonicalReading {
  need(isObject(value), () => 'meter reading must be an object with timestamp, phases and power');
  const r = value as Record<string, unknown>;
  need(finite(r.timestamp), () => `meter reading timestamp must be a number of ms (got ${describeValue(r.timestamp)})`);
  need(Array.isArray(r.phases) && r.phases.length >= 1 && r.phases.length <= 3, () => 'meter reading must have 1 to 3 phases');
  const seen = new Set<GridPhase>();
  for (const p of r.phases as unknown[]) {
    need(isObject(p) && isGridPhase(p.phase), () => `meter reading phase must name L1, L2 or L3 (got ${isObject(p) ? describeValue(p.phase) : describeValue(p)})`);
    const phase = (p as { phase: GridPhase }).phase;
    need(!seen.has(phase), () => `meter reading lists ${phase} twice`);
    seen.add(phase);
    for (const field of ['power', 'current', 'voltage'] as const) {
      const v = (p as Record<string, unknown>)[field];
      need(v === undefined || finite(v), () => `meter reading ${phase} ${field} must be a finite number when present (got ${describeValue(v)})`);
    }
    const q = p as Record<string, unknown>;
    need(q.power !== undefined || q.current !== undefined, () => `meter reading ${phase} has neither current nor power`);
    need(q.current === undefined || (q.current as number) >= 0, () => `meter reading ${phase} current must not be negative (RMS)`);
    need(q.current === undefined || (q.current as number) <= MAX_PHASE_CURRENT_A, () => `meter reading ${phase} current ${q.current as number} A is beyond any house connection: check the meter's units`);
    need(q.power === undefined || Math.abs(q.power as number) <= MAX_PHASE_POWER_W, () => `meter reading ${phase} power ${q.power as number} W is beyond any house connection: check the meter's units`);
  }
  need(finite(r.power), () => `meter reading power must be a finite number of W (got ${describeValue(r.power)})`);
  need(Math.abs(r.power as number) <= 3 * MAX_PHASE_POWER_W, () => `meter reading power ${r.power as number} W is beyond any house connection: check the meter's units`);
  return value as CanonicalReading;
}

export function checkTelemetry(value: unknown): StationTelemetry {
  need(isObject(value) && value.kind === 'station-telemetry', () => 'station telemetry must have kind "station-telemetry"');
  const t = value as Record<string, unknown>;
  const id = typeof t.station === 'string' ? t.station : '';
  need(id.length > 0, () => 'station telemetry must name its station');
  const where = `station ${id}`;
  need(finite(t.timestamp), () => `${where}: telemetry timestamp must be a number of ms`);
  for (const flag of ['online', 'carConnected', 'charging', 'canSwitchPhases'] as const) {
    need(typeof t[flag] === 'boolean', () => `${where}: ${flag} must be true or false`);
  }
  need(t.singlePhaseCar === undefined || typeof t.singlePhaseCar === 'boolean', () => `${where}: singlePhaseCar must be true or false when given`);
  need((TELEMETRY_STATES as readonly unknown[]).includes(t.state), () => `${where}: state must be one of ${TELEMETRY_STATES.join(', ')} (got ${describeValue(t.state)})`);
  need(dense(t.gridPhases) && parsePhaseList(t.gridPhases) !== undefined, () => `${where}: gridPhases must list 1 to 3 distinct phases L1..L3`);
  need(t.activePhases === 1 || t.activePhases === 3, () => `${where}: activePhases must be 1 or 3`);
  need(finite(t.minCurrentA) && (t.minCurrentA as number) > 0, () => `${where}: minCurrentA must be a positive number`);
  need(finite(t.maxCurrentA) && (t.maxCurrentA as number) >= 0, () => `${where}: maxCurrentA must be a number of at least 0`);
  if (t.online === true) {
    need(
      dense(t.currentsA) && t.currentsA.length <= 3 && t.currentsA.every((a) => finite(a) && a >= 0),
      () => `${where}: currentsA must be up to 3 finite currents of at least 0 A`,
    );
    need(finite(t.powerW), () => `${where}: powerW must be a finite number`);
  }
  if (t.lastCommand !== undefined) {
    const c = t.lastCommand as Record<string, unknown>;
    need(isObject(c) && finite(c.currentA) && finite(c.at) && typeof c.accepted === 'boolean', () => `${where}: lastCommand must have currentA, at and accepted`);
  }
  const bad = nonFinitePath(t);
  need(bad === undefined, () => `${where}: telemetry ${bad} must be a finite number`);
  return value as unknown as StationTelemetry;
}

function checkPhaseHeadroom(value: unknown, what: string): PhaseHeadroom {
  need(isObject(value) && isGridPhase(value.phase), () => `${what}: each phase must name L1, L2 or L3`);
  const p = value as Record<string, unknown>;
  for (const field of ['gridCurrentA', 'carCurrentA', 'houseCurrentA', 'limitA'] as const) {
    need(finite(p[field]), () => `${what} ${String(p.phase)}: ${field} must be a finite number`);
  }
  need(finite(p.headroomA) && (p.headroomA as number) >= 0, () => `${what} ${String(p.phase)}: headroomA must be a finite number of at least 0`);
  need(finite(p.voltageV) && (p.voltageV as number) > 0, () => `${what} ${String(p.phase)}: voltageV must be a positive number`);
  return value as unknown as PhaseHeadroom;
}

/** The fields a Headroom and a ChargingTarget share. */
function checkHeadroomFields(h: Record<string, unknown>, what: string): void {
  need(finite(h.timestamp), () => `${what}: timestamp must be a number of ms`);
  need(h.readingAgeMs === undefined || (finite(h.readingAgeMs) && h.readingAgeMs >= 0), () => `${what}: readingAgeMs must be a number of ms of at least 0 when present`);
  need(Array.isArray(h.phases), () => `${what}: phases must be a list`);
  const seen = new Set<unknown>();
  for (const p of h.phases as unknown[]) {
    const ph = checkPhaseHeadroom(p, what);
    need(!seen.has(ph.phase), () => `${what}: ${ph.phase} is listed twice`);
    seen.add(ph.phase);
  }
  for (const field of ['gridPowerW', 'carPowerW', 'housePowerW'] as const) {
    need(finite(h[field]), () => `${what}: ${field} must be a finite number`);
  }
  need(
    h.powerHeadroomW === undefined || (finite(h.powerHeadroomW) && h.powerHeadroomW >= 0),
    () => `${what}: powerHeadroomW must be a number of at least 0 when present`,
  );
  if (h.failsafe !== undefined) {
    const f = h.failsafe as Record<string, unknown>;
    need(isObject(f) && finite(f.currentA) && (f.currentA as number) >= 0 && typeof f.reason === 'string', () => `${what}: failsafe must have currentA ≥ 0 and a reason`);
  }
  need(Array.isArray(h.stations), () => `${what}: stations must be a list of station telemetry`);
  for (const t of h.stations as unknown[]) checkTelemetry(t); // for-of sees holes (as undefined)
  const bad = nonFinitePath(h);
  need(bad === undefined, () => `${what}: ${bad} must be a finite number`);
}

export function checkHeadroom(value: unknown): Headroom {
  need(isObject(value) && value.kind === 'headroom', () => 'expected a Headroom (payload.kind "headroom") from the load balancer');
  checkHeadroomFields(value as Record<string, unknown>, 'headroom');
  return value as unknown as Headroom;
}

export function checkChargingTarget(value: unknown): ChargingTarget {
  need(isObject(value) && value.kind === 'charging-target', () => 'expected a ChargingTarget (payload.kind "charging-target") from the PV surplus node');
  const t = value as Record<string, unknown>;
  checkHeadroomFields(t, 'charging target');
  need(typeof t.mode === 'string' && (CHARGING_MODES as readonly string[]).includes(t.mode), () => `charging target: unknown mode ${JSON.stringify(t.mode)}`);
  need(t.budgetW === undefined || (finite(t.budgetW) && t.budgetW >= 0), () => 'charging target: budgetW must be a number of at least 0 when present');
  need(t.guaranteedA === undefined || (finite(t.guaranteedA) && t.guaranteedA >= 0), () => 'charging target: guaranteedA must be a number of at least 0 when present');
  need(typeof t.enabled === 'boolean', () => 'charging target: enabled must be true or false');
  need(isObject(t.phaseChoice), () => 'charging target: phaseChoice must be an object');
  for (const [station, n] of Object.entries(t.phaseChoice as Record<string, unknown>)) {
    need(n === 1 || n === 3, () => `charging target: phaseChoice for ${station} must be 1 or 3`);
  }
  if (t.startsLeft !== undefined) {
    need(isObject(t.startsLeft), () => 'charging target: startsLeft must be an object of station ids when present');
    for (const [station, n] of Object.entries(t.startsLeft as Record<string, unknown>)) {
      need(Number.isInteger(n) && (n as number) >= 0, () => `charging target: startsLeft for ${station} must be a whole number of at least 0`);
    }
  }
  return value as unknown as ChargingTarget;
}
