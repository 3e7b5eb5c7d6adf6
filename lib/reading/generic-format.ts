import { InputError } from '../input-error';
import type { DevicePhase } from '../shelly/channels';
import type { ChannelValues } from '../shelly/channels';
import type { CanonicalReading } from './canonical-reading';
import type { MappableChannel } from './channel-map';
import { badValue } from './describe-value';
import { numberProblem, type Quantity } from './shelly-fields';

/**
 * The generic format, for meters that are not Shelly (a P1 reader, a Modbus meter in a function
 * node, …). Numbers per phase, arrays in L1, L2, L3 order (1 to 3 entries):
 *
 *   { power: [W, W, W] | W,              signed: + import from the grid, − export
 *     current?, voltage?, pf?, frequency?: same shape as power (A, V, –, Hz; null = not measured)
 *     energy?: { import?: Wh, export?: Wh },
 *     timestamp?: ms since the epoch,
 *     device?: { id?, model? } }
 *   or { phases: [{ power, current?, voltage?, pf?, frequency? }, …], energy?, timestamp?, device? }
 *
 * Strings are never coerced ("12" is not a reading). Entry i is channel "i" for the channel map,
 * standing for device phase A/B/C, so the rotation and reverse settings apply to it as well.
 */
type Json = Record<string, unknown>;

export interface GenericChannel extends MappableChannel {
  values: ChannelValues;
}

export interface GenericReadingInput {
  channels: GenericChannel[];
  energy?: CanonicalReading['energy'];
  timestampMs?: number;
  device: CanonicalReading['device'];
}

const DEVICE_PHASES: readonly DevicePhase[] = ['A', 'B', 'C'];
const PER_PHASE: ReadonlyArray<readonly [key: string, value: keyof ChannelValues, quantity: Quantity]> = [
  ['current', 'currentA', 'current'],
  ['voltage', 'voltageV', 'voltage'],
  ['pf', 'pf', 'pf'],
  ['frequency', 'frequencyHz', 'frequency'],
];

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A finite number (or absent when null/undefined and optional); throws naming the path. */
function number(path: string, value: unknown, quantity: Quantity, required: boolean): number | undefined {
  const problem = numberProblem(value, quantity, required);
  if (problem) throw new InputError(`${path} ${problem}`);
  return value === null ? undefined : (value as number | undefined);
}

function entryCount(path: string, list: unknown[]): number {
  if (list.length < 1 || list.length > 3) throw new InputError(`${path} has ${list.length} entries; expected 1 to 3 (L1, L2, L3)`);
  return list.length;
}

function channel(index: number, values: ChannelValues): GenericChannel {
  return { id: String(index), phase: DEVICE_PHASES[index], component: 'generic', values };
}

/** Whether a payload is meant to be the generic format (it has `power` or `phases`). */
export function looksGeneric(payload: Json): boolean {
  return 'power' in payload || 'phases' in payload;
}

function fromArrays(payload: Json): GenericChannel[] {
  const power = payload.power;
  if (!Array.isArray(power)) {
    const values: ChannelValues = { powerW: number('power', power, 'power', true), valid: true };
    for (const [key, field, quantity] of PER_PHASE) {
      if (Array.isArray(payload[key])) throw new InputError(`${key} is a list but power is a single number; expected the same shape for both`);
      const v = number(key, payload[key], quantity, false);
      if (v !== undefined) (values[field] as number) = v;
    }
    return [channel(0, values)];
  }
  const count = entryCount('power', power);
  const channels: GenericChannel[] = [];
  for (let i = 0; i < count; i++) channels.push(channel(i, { powerW: number(`power[${i}]`, power[i], 'power', true), valid: true }));
  for (const [key, field, quantity] of PER_PHASE) {
    const list = payload[key];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) throw new InputError(`${key} ${badValue(list, `a list like power (${count} entries)`)}`);
    if (list.length !== count) throw new InputError(`${key} has ${list.length} entries but power has ${count}; expected one per phase`);
    for (let i = 0; i < count; i++) {
      const v = number(`${key}[${i}]`, list[i], quantity, false);
      if (v !== undefined) (channels[i].values[field] as number) = v;
    }
  }
  return channels;
}

function fromPhases(phases: unknown): GenericChannel[] {
  if (!Array.isArray(phases)) throw new InputError(`phases ${badValue(phases, 'a list of {power, current, voltage} objects')}`);
  const count = entryCount('phases', phases);
  const channels: GenericChannel[] = [];
  for (let i = 0; i < count; i++) {
    const entry = phases[i];
    if (!isObject(entry)) throw new InputError(`phases[${i}] ${badValue(entry, 'an object with power in W')}`);
    const values: ChannelValues = { powerW: number(`phases[${i}].power`, entry.power, 'power', true), valid: true };
    for (const [key, field, quantity] of PER_PHASE) {
      const v = number(`phases[${i}].${key}`, entry[key], quantity, false);
      if (v !== undefined) (values[field] as number) = v;
    }
    channels.push(channel(i, values));
  }
  return channels;
}

function optionalText(path: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new InputError(`${path} ${badValue(value, 'a string')}`);
  return value;
}

/** Parses and validates a generic-format payload; throws an InputError naming the first bad field. */
export function parseGeneric(payload: Json): GenericReadingInput {
  if ('power' in payload && 'phases' in payload) throw new InputError('the payload has both power and phases; expected one of the two forms');
  const channels = 'phases' in payload ? fromPhases(payload.phases) : fromArrays(payload);
  const result: GenericReadingInput = { channels, device: {} };
  if (payload.energy !== undefined && payload.energy !== null) {
    if (!isObject(payload.energy)) throw new InputError(`energy ${badValue(payload.energy, 'an object {import, export} in Wh')}`);
    const importWh = number('energy.import', payload.energy.import, 'energy', false);
    const exportWh = number('energy.export', payload.energy.export, 'energy', false);
    if (importWh !== undefined || exportWh !== undefined) {
      result.energy = {};
      if (importWh !== undefined) result.energy.import = importWh;
      if (exportWh !== undefined) result.energy.export = exportWh;
    }
  }
  if (payload.timestamp !== undefined && payload.timestamp !== null) {
    const ts = payload.timestamp;
    if (typeof ts !== 'number' || !Number.isFinite(ts) || ts <= 0) throw new InputError(`timestamp ${badValue(ts, 'ms since the epoch')}`);
    result.timestampMs = ts;
  }
  if (payload.device !== undefined && payload.device !== null) {
    if (!isObject(payload.device)) throw new InputError(`device ${badValue(payload.device, 'an object {id, model}')}`);
    const id = optionalText('device.id', payload.device.id);
    const model = optionalText('device.model', payload.device.model);
    if (id !== undefined) result.device.id = id;
    if (model !== undefined) result.device.model = model;
  }
  return result;
}
