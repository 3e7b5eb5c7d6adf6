import { InputError } from '../input-error';
import { isStationCurrent, STATION_PAUSE_A } from './station-current';

/** What the chain wants from the station: a current (0 = pause) and, for a 3P22K that may switch, the phases. */
export interface Setpoint {
  currentA: number;
  phases?: 1 | 3;
}

export type StationAction =
  /** `station` is set when the message was a StationCommand addressed to a station id. */
  | { kind: 'set'; setpoint: Setpoint; station?: string }
  | { kind: 'start' }
  | { kind: 'stop' }
  /** A StationCommand for another station (the splitter's output may feed several station nodes). */
  | { kind: 'ignore' };

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

/**
 * Reads the node's input: msg.topic "start"/"stop" (charge.start / charge.stop), a
 * StationCommand from the power splitter, or for hand-made flows a bare number of amperes or
 * `{currentA, phases}`. Bad input throws an InputError saying what is accepted. A command that
 * `isOtherStation` says is not ours is ignored before validation: it was checked against another
 * station's limits.
 */
export function parseStationInput(
  msg: { topic?: unknown; payload?: unknown },
  limits: CurrentLimits,
  isOtherStation: (station: string) => boolean = () => false,
): StationAction {
  if (msg.topic === 'start') return { kind: 'start' };
  if (msg.topic === 'stop') return { kind: 'stop' };
  const payload = msg.payload;
  if (typeof payload === 'number') return { kind: 'set', setpoint: { currentA: validateCurrent(payload, limits) } };
  if (isRecord(payload)) {
    if (payload.kind === 'station-command' && typeof payload.station !== 'string') {
      throw new InputError('station-command without a station id');
    }
    if (payload.kind === 'station-command' && isOtherStation(payload.station as string)) return { kind: 'ignore' };
    const currentA = validateCurrent(payload.currentA, limits);
    const phases = validatePhases(payload.phases);
    const setpoint: Setpoint = phases === undefined ? { currentA } : { currentA, phases };
    return payload.kind === 'station-command'
      ? { kind: 'set', setpoint, station: payload.station as string }
      : { kind: 'set', setpoint };
  }
  throw new InputError(
    `payload ${describe(payload)} is not a command: send a station-command, a number of amperes, {currentA, phases}, or topic "start"/"stop"`,
  );
}
