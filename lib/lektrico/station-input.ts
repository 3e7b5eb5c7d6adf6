import { InputError } from '../input-error';
import { isStationCurrent, STATION_PAUSE_A } from './station-current';

/** What the chain wants from the station: a current (0 = pause) and, for a 3P22K that may switch, the phases. */
export interface Setpoint {
  currentA: number;
  phases?: 1 | 3;
}

export type StationAction =
  | { kind: 'set'; setpoint: Setpoint }
  | { kind: 'start' }
  | { kind: 'stop' }
  /** A StationCommand for another station (the splitter's output may feed several station nodes). */
  | { kind: 'ignore' }
  /**
   * A StationCommand that came before this station's id is known: it may be another station's,
   * so it is checked against this node's limits (parseSetpoint) only once the id is known.
   */
  | { kind: 'hold'; station: string; command: Record<string, unknown> };

/** Whose a StationCommand is, as far as the node knows: 'unknown' until it has read its device id. */
export type Ownership = 'ours' | 'other' | 'unknown';

export interface CurrentLimits {
  minCurrentA: number;
  maxCurrentA: number;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

/**
 * A current the node may send: 0, or a whole number of amperes within [6, 32] and within the
 * node's [min, max]. Anything else is rejected, never rounded or clamped into another meaning.
 */
export function validateCurrent(value: unknown, limits: CurrentLimits): number {
  const allowed = `0 (pause) or a whole number of amperes from ${limits.minCurrentA} to ${limits.maxCurrentA}`;
  if (typeof value !== 'number') throw new InputError(`current ${describe(value)} is not a number: send ${allowed}`);
  if (!isStationCurrent(value)) throw new InputError(`current ${String(value)} A is not allowed: send ${allowed}`);
  if (value !== STATION_PAUSE_A && (value < limits.minCurrentA || value > limits.maxCurrentA)) {
    throw new InputError(`current ${value} A is outside this station's range: send ${allowed}`);
  }
  return value;
}

function validatePhases(value: unknown): 1 | 3 | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 1 || value === 3) return value;
  throw new InputError(`phases ${describe(value)} must be 1 or 3`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{currentA, phases?}` of a StationCommand or a hand-made object, checked against the node's limits. */
export function parseSetpoint(payload: Record<string, unknown>, limits: CurrentLimits): Setpoint {
  const currentA = validateCurrent(payload.currentA, limits);
  const phases = validatePhases(payload.phases);
  return phases === undefined ? { currentA } : { currentA, phases };
}

/**
 * Reads the node's input: msg.topic "start"/"stop" (charge.start / charge.stop), a
 * StationCommand from the power splitter, or for hand-made flows a bare number of amperes or
 * `{currentA, phases}`. Bad input throws an InputError saying what is accepted. A command that
 * `ownerOf` says is another station's is ignored, and one whose owner is not known yet is held,
 * before validation: another station's current is no business of this node's limits.
 */
export function parseStationInput(
  msg: { topic?: unknown; payload?: unknown },
  limits: CurrentLimits,
  ownerOf: (station: string) => Ownership = () => 'ours',
): StationAction {
  if (msg.topic === 'start') return { kind: 'start' };
  if (msg.topic === 'stop') return { kind: 'stop' };
  const payload = msg.payload;
  if (typeof payload === 'number') return { kind: 'set', setpoint: { currentA: validateCurrent(payload, limits) } };
  if (isRecord(payload)) {
    if (payload.kind === 'station-command') {
      const station = payload.station;
      if (typeof station !== 'string') throw new InputError('station-command without a station id');
      const owner = ownerOf(station);
      if (owner === 'other') return { kind: 'ignore' };
      // A copy: another node behind the splitter may change the message before it is checked.
      if (owner === 'unknown') return { kind: 'hold', station, command: { currentA: payload.currentA, phases: payload.phases } };
    }
    return { kind: 'set', setpoint: parseSetpoint(payload, limits) };
  }
  throw new InputError(
    `payload ${describe(payload)} is not a command: send a station-command, a number of amperes, {currentA, phases}, or topic "start"/"stop"`,
  );
}
