import { CHANNEL_FIELDS, type CounterFields, type DevicePhase, type MeterChannel, type ValueFields } from '../shelly/channels';
import { InputError } from '../input-error';
import { badValue, describeValue } from './describe-value';

/**
 * The raw status fields behind each value readChannel() gives, so a mapped channel's bad value
 * is named in the error ("emeters[1].power is a string ("12"); expected a number in W") instead
 * of silently vanishing: readChannel() drops anything that is not a finite number, this check
 * says why.
 *
 * `null` is "not measured" (Gen2+ sends null for e.g. n_current) and never an error; a missing
 * or null power is an error, because a grid phase without power is no reading.
 */
type Json = Record<string, unknown>;

export type Quantity = 'power' | 'reactive' | 'current' | 'voltage' | 'pf' | 'frequency' | 'energy';

const EXPECTED: Record<Quantity, string> = {
  power: 'a number in W',
  reactive: 'a number in var',
  current: 'a number in A (never negative)',
  voltage: 'a number in V (never negative)',
  pf: 'a number (power factor)',
  frequency: 'a number in Hz (never negative)',
  energy: 'an energy counter (never negative)',
};

const NEVER_NEGATIVE: ReadonlySet<Quantity> = new Set<Quantity>(['current', 'voltage', 'frequency', 'energy']);

/** One field list per body, built once from the channel field table (channels.ts), so a check allocates nothing until it fails. */
type FieldList = ReadonlyArray<readonly [key: string, quantity: Quantity]>;

function valueChecks(f: ValueFields): FieldList {
  const list: Array<readonly [string, Quantity]> = [[f.power, 'power']];
  if (f.reactive) list.push([f.reactive, 'reactive']);
  list.push([f.current, 'current'], [f.voltage, 'voltage'], [f.pf, 'pf'], [f.frequency, 'frequency']);
  return list;
}

function counterChecks(c: CounterFields): FieldList {
  return c.export ? [[c.import, 'energy'], [c.export, 'energy']] : [[c.import, 'energy']];
}

const GEN1_EMETER: FieldList = [...valueChecks(CHANNEL_FIELDS.gen1Emeter.values), ...counterChecks(CHANNEL_FIELDS.gen1Emeter.counters)];
const GEN1_METER: FieldList = [...valueChecks(CHANNEL_FIELDS.gen1Meter.values), ...counterChecks(CHANNEL_FIELDS.gen1Meter.counters)];
const EM1: FieldList = valueChecks(CHANNEL_FIELDS.em1.values);
const EM1_DATA: FieldList = counterChecks(CHANNEL_FIELDS.em1.counters);
const OUTPUT: FieldList = valueChecks(CHANNEL_FIELDS.output.values);
const OUTPUT_COUNTER: FieldList = [['total', 'energy']];
const EM_PHASE = Object.fromEntries(
  Object.entries(CHANNEL_FIELDS.emPhase).map(([phase, f]) => [phase, { body: valueChecks(f.values), data: counterChecks(f.counters) }]),
) as Record<DevicePhase, { body: FieldList; data: FieldList }>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What is wrong with a number ("is NaN; expected a number in W"), or undefined when the value is
 * usable or absent. The caller puts the field's path in front.
 */
export function numberProblem(value: unknown, quantity: Quantity, required: boolean): string | undefined {
  if (value === undefined || value === null) return required ? badValue(value, EXPECTED[quantity]) : undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) return badValue(value, EXPECTED[quantity]);
  if (value < 0 && NEVER_NEGATIVE.has(quantity)) return badValue(value, EXPECTED[quantity]);
  return undefined;
}

/** Checks the listed fields of one body; `at` is the body's path for the message. */
function checkBody(body: Json | undefined, at: string, fields: FieldList): void {
  for (const [key, quantity] of fields) {
    const problem = numberProblem(body ? body[key] : undefined, quantity, quantity === 'power');
    if (problem) throw new InputError(`${at}.${key} ${problem}`);
  }
}

function objectAt(status: Json, key: string): Json | undefined {
  const value = status[key];
  return isObject(value) ? value : undefined;
}

/**
 * Throws an InputError naming the first unusable field of a mapped channel (power missing or
 * not a number; a string, NaN or negative current …).
 */
export function checkChannelFields(status: Json, channel: MeterChannel): void {
  switch (channel.kind) {
    case 'emeter':
    case 'meter': {
      const list = status[channel.component];
      const entry = Array.isArray(list) ? list[channel.index] : undefined;
      const body = isObject(entry) ? entry : undefined;
      checkBody(body, `${channel.component}[${channel.index}]`, channel.kind === 'emeter' ? GEN1_EMETER : GEN1_METER);
      return;
    }
    case 'em': {
      const fields = EM_PHASE[channel.phase ?? 'A'];
      checkBody(objectAt(status, channel.component), channel.component, fields.body);
      const dataKey = `emdata:${channel.index}`;
      const data = objectAt(status, dataKey);
      if (data) checkBody(data, dataKey, fields.data);
      return;
    }
    case 'em1': {
      checkBody(objectAt(status, channel.component), channel.component, EM1);
      const dataKey = `em1data:${channel.index}`;
      const data = objectAt(status, dataKey);
      if (data) checkBody(data, dataKey, EM1_DATA);
      return;
    }
    default: {
      const body = objectAt(status, channel.component);
      checkBody(body, channel.component, OUTPUT);
      const totals: Array<number | undefined> = [];
      for (const counter of ['aenergy', 'ret_aenergy']) {
        const nested = body ? body[counter] : undefined;
        if (nested !== undefined && nested !== null) {
          if (!isObject(nested)) throw new InputError(`${channel.component}.${counter} is ${describeValue(nested)}; expected an object with a total in Wh`);
          checkBody(nested, `${channel.component}.${counter}`, OUTPUT_COUNTER);
          totals.push(typeof nested.total === 'number' ? nested.total : undefined);
        } else {
          totals.push(undefined);
        }
      }
      // Returned energy is also counted in aenergy (Shelly's note): more returned than total is not a real counter pair.
      const [total, returned] = totals;
      if (total !== undefined && returned !== undefined && returned > total) {
        throw new InputError(`${channel.component}.ret_aenergy.total (${returned}) exceeds aenergy.total (${total}); expected returned energy to be part of aenergy`);
      }
      return;
    }
  }
}

/**
 * What a status merged from notifications (they carry only the fields that changed) still lacks
 * before a Gen2+ channel can be read, as a field path, or undefined: its power, and for a relay
 * or PM its energy counters, as only they tell whether it measures direction (ret_aenergy).
 */
export function awaitedField(status: Json, channel: MeterChannel): string | undefined {
  const body = objectAt(status, channel.component);
  const at = (key: string): string | undefined => (body?.[key] === undefined ? `${channel.component}.${key}` : undefined);
  switch (channel.kind) {
    case 'emeter':
    case 'meter':
      return undefined;
    case 'em':
      return at(CHANNEL_FIELDS.emPhase[channel.phase ?? 'A'].values.power);
    case 'em1':
      return at(CHANNEL_FIELDS.em1.values.power);
    default:
      return at(CHANNEL_FIELDS.output.values.power) ?? (body && ('aenergy' in body || 'ret_aenergy' in body) ? undefined : `${channel.component}.aenergy`);
  }
}
