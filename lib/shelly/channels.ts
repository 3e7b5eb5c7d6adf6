import { isThreePhaseMeterModel } from './catalogue';
import type { ShellyIdentity } from './identify';

/**
 * Which measuring channels a device has, decided by the components its status reports
 * (a model catalogue only adds names). Gen1: `emeters[]` (EM, 3EM) and `meters[]` (plugs,
 * 1PM, 2.5). Gen2+: `em:N` (three-phase, a_/b_/c_ fields), `em1:N` (one channel; phases A/B/C
 * on a three-phase meter in the monophase profile), `pm1:N`, and `switch:N` / `cover:N` only
 * where they carry `apower` (the contactor outputs of EM devices are not metered).
 */
export type ChannelKind = 'emeter' | 'meter' | 'em' | 'em1' | 'pm1' | 'switch' | 'cover';
export type DevicePhase = 'A' | 'B' | 'C';
const DEVICE_PHASES: readonly DevicePhase[] = ['A', 'B', 'C'];

export interface MeterChannel {
  /** Stable name: emeter:0, meter:1, em:0:A, em1:2, pm1:0, switch:0, cover:0. */
  id: string;
  kind: ChannelKind;
  /** Status key of the component: Gen1 'emeters' / 'meters', Gen2+ 'em:0', 'em1:2', … */
  component: string;
  /** Array index (Gen1) or component id (Gen2+). */
  index: number;
  /** The device phase, when the channel is one phase of a three-phase meter. */
  phase?: DevicePhase;
  /** Power is signed: negative = energy against the CT arrow (export). false = magnitude only. */
  signed: boolean;
}

/** One channel's values, in SI units; a value the device does not give is absent. */
export interface ChannelValues {
  powerW?: number;
  currentA?: number;
  voltageV?: number;
  pf?: number;
  frequencyHz?: number;
  /** Wh imported (in the CT arrow direction). */
  importWh?: number;
  /** Wh exported. */
  exportWh?: number;
  /** Gen1 EM only: reactive power in var (lets a missing current be derived exactly). */
  reactiveVar?: number;
  /** false when the device flags the reading invalid (Gen1 is_valid:false, power_meter_failure). */
  valid: boolean;
}

type Json = Record<string, unknown>;
type DeviceHints = Partial<Pick<ShellyIdentity, 'model' | 'profile'>>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

const GEN2_KIND_ORDER: ChannelKind[] = ['em', 'em1', 'pm1', 'switch', 'cover'];

/** Component keys like "em1:2" → ["em1", 2]. */
function parseComponentKey(key: string): [string, number] | undefined {
  const match = /^([a-z0-9]+):(\d+)$/.exec(key);
  return match ? [match[1], Number(match[2])] : undefined;
}

export function detectChannels(status: unknown, device: DeviceHints = {}): MeterChannel[] {
  if (!isObject(status)) return [];
  return Array.isArray(status.emeters) || Array.isArray(status.meters)
    ? detectGen1Channels(status, device)
    : detectRpcChannels(status, device);
}

function detectGen1Channels(status: Json, device: DeviceHints): MeterChannel[] {
  const channels: MeterChannel[] = [];
  const emeters = Array.isArray(status.emeters) ? status.emeters : [];
  const threePhase = device.model ? device.model === 'SHEM-3' : emeters.length === 3;
  emeters.forEach((emeter, index) => {
    if (!isObject(emeter)) return;
    const phase = threePhase ? DEVICE_PHASES[index] : undefined;
    channels.push({ id: `emeter:${index}`, kind: 'emeter', component: 'emeters', index, phase, signed: true });
  });
  const meters = Array.isArray(status.meters) ? status.meters : [];
  meters.forEach((meter, index) => {
    if (!isObject(meter)) return;
    // Gen1 plugs, 1PM and 2.5 report magnitude only.
    channels.push({ id: `meter:${index}`, kind: 'meter', component: 'meters', index, signed: false });
  });
  return channels;
}

function detectRpcChannels(status: Json, device: DeviceHints): MeterChannel[] {
  const found: Array<{ kind: ChannelKind; index: number; key: string; body: Json }> = [];
  for (const [key, body] of Object.entries(status)) {
    const parsed = parseComponentKey(key);
    if (!parsed || !isObject(body)) continue;
    const [kind, index] = parsed;
    if (!(GEN2_KIND_ORDER as string[]).includes(kind)) continue;
    if ((kind === 'switch' || kind === 'cover') && !('apower' in body)) continue; // unmetered output
    found.push({ kind: kind as ChannelKind, index, key, body });
  }
  found.sort((x, y) => GEN2_KIND_ORDER.indexOf(x.kind) - GEN2_KIND_ORDER.indexOf(y.kind) || x.index - y.index);

  const em1Ids = found.filter((f) => f.kind === 'em1').map((f) => f.index);
  const em1ArePhases =
    device.profile === 'monophase' ||
    (device.profile === undefined &&
      (device.model === undefined || isThreePhaseMeterModel(device.model)) &&
      em1Ids.length === 3 && [0, 1, 2].every((i) => em1Ids.includes(i)));

  const channels: MeterChannel[] = [];
  for (const { kind, index, key, body } of found) {
    if (kind === 'em') {
      for (const phase of DEVICE_PHASES) {
        channels.push({ id: `em:${index}:${phase}`, kind, component: key, index, phase, signed: true });
      }
    } else if (kind === 'em1') {
      const phase = em1ArePhases && index <= 2 ? DEVICE_PHASES[index] : undefined;
      channels.push({ id: key, kind, component: key, index, phase, signed: true });
    } else {
      // Relays and PM1 are signed only on hardware that measures reverse energy.
      channels.push({ id: key, kind, component: key, index, signed: 'ret_aenergy' in body });
    }
  }
  return channels;
}

/** Reads one channel's values from a full (or merged) status. */
export function readChannel(status: unknown, channel: MeterChannel): ChannelValues {
  if (!isObject(status)) return { valid: false };
  switch (channel.kind) {
    case 'emeter':
    case 'meter':
      return readGen1(status, channel);
    case 'em':
      return readMeterWithCounters(status, channel, `emdata:${channel.index}`);
    case 'em1':
      return readMeterWithCounters(status, channel, `em1data:${channel.index}`);
    default:
      return readMeteredOutput(status, channel);
  }
}

/** Where a channel's instantaneous values are in its component body, as the devices name them. */
export interface ValueFields {
  power: string;
  current: string;
  voltage: string;
  pf: string;
  frequency: string;
  /** Gen1 EM only: reactive power in var. */
  reactive?: string;
}

/** Where a channel's import / export counters are: in its counter body (emdata:N, em1data:N) or, on Gen1, its own body. */
export interface CounterFields {
  import: string;
  export?: string;
}

function emPhaseFields(p: string): { values: ValueFields; counters: CounterFields } {
  return {
    values: { power: `${p}_act_power`, current: `${p}_current`, voltage: `${p}_voltage`, pf: `${p}_pf`, frequency: `${p}_freq` },
    counters: { import: `${p}_total_act_energy`, export: `${p}_total_act_ret_energy` },
  };
}

/**
 * The field names of every channel kind, in one table read by readChannel() and by the
 * normalizer's field checks (which name a bad field in its error). The em:N phase names are
 * built once here, not on every reading. Metered outputs (switch, cover, pm1) keep their
 * counters in aenergy.total / ret_aenergy.total.
 */
export const CHANNEL_FIELDS = {
  gen1Emeter: {
    values: { power: 'power', current: 'current', voltage: 'voltage', pf: 'pf', frequency: 'freq', reactive: 'reactive' } as ValueFields,
    counters: { import: 'total', export: 'total_returned' } as CounterFields,
  },
  /** Gen1 plugs, 1PM, 2.5: `total` in watt-minutes. */
  gen1Meter: {
    values: { power: 'power', current: 'current', voltage: 'voltage', pf: 'pf', frequency: 'freq' } as ValueFields,
    counters: { import: 'total' } as CounterFields,
  },
  emPhase: { A: emPhaseFields('a'), B: emPhaseFields('b'), C: emPhaseFields('c') } as Record<DevicePhase, { values: ValueFields; counters: CounterFields }>,
  em1: {
    values: { power: 'act_power', current: 'current', voltage: 'voltage', pf: 'pf', frequency: 'freq' } as ValueFields,
    counters: { import: 'total_act_energy', export: 'total_act_ret_energy' } as CounterFields,
  },
  output: {
    values: { power: 'apower', current: 'current', voltage: 'voltage', pf: 'pf', frequency: 'freq' } as ValueFields,
  },
} as const;

function readValues(body: Json, fields: ValueFields): ChannelValues {
  return {
    powerW: num(body[fields.power]),
    currentA: num(body[fields.current]),
    voltageV: num(body[fields.voltage]),
    pf: num(body[fields.pf]),
    frequencyHz: num(body[fields.frequency]),
    reactiveVar: fields.reactive === undefined ? undefined : num(body[fields.reactive]),
    // Filled in by the caller; listed here so every channel's values share one object shape (V8 fast path).
    importWh: undefined,
    exportWh: undefined,
    valid: body.is_valid !== false && !hasPowerMeterFailure(body),
  };
}

function hasPowerMeterFailure(body: Json): boolean {
  return Array.isArray(body.errors) && body.errors.includes('power_meter_failure');
}

function readGen1(status: Json, channel: MeterChannel): ChannelValues {
  const list = status[channel.component];
  const body = Array.isArray(list) && isObject(list[channel.index]) ? (list[channel.index] as Json) : undefined;
  if (!body) return { valid: false };
  if (channel.kind === 'emeter') {
    const { values: fields, counters } = CHANNEL_FIELDS.gen1Emeter;
    const values = readValues(body, fields);
    values.importWh = num(body[counters.import]);
    values.exportWh = num(body[counters.export!]);
    return values;
  }
  // Gen1 plug / 1PM counters are in watt-minutes.
  const { values: fields, counters } = CHANNEL_FIELDS.gen1Meter;
  const values = readValues(body, fields);
  const totalWmin = num(body[counters.import]);
  values.importWh = totalWmin === undefined ? undefined : totalWmin / 60;
  return values;
}

/** em:N phases and em1:N channels: values in the component, counters in its emdata:N / em1data:N. */
function readMeterWithCounters(status: Json, channel: MeterChannel, counterKey: string): ChannelValues {
  const body = status[channel.component];
  const fields = channel.kind === 'em' ? (channel.phase ? CHANNEL_FIELDS.emPhase[channel.phase] : undefined) : CHANNEL_FIELDS.em1;
  if (!isObject(body) || !fields) return { valid: false };
  const data = status[counterKey];
  const values = readValues(body, fields.values);
  if (isObject(data)) {
    values.importWh = num(data[fields.counters.import]);
    values.exportWh = num(data[fields.counters.export!]);
  }
  return values;
}

function readMeteredOutput(status: Json, channel: MeterChannel): ChannelValues {
  const body = status[channel.component];
  if (!isObject(body)) return { valid: false };
  const total = isObject(body.aenergy) ? num(body.aenergy.total) : undefined;
  const returned = isObject(body.ret_aenergy) ? num(body.ret_aenergy.total) : undefined;
  const values = readValues(body, CHANNEL_FIELDS.output.values);
  // Returned energy is also counted in aenergy (Shelly's note), so import is the difference.
  values.importWh = total === undefined ? undefined : returned === undefined ? total : total - returned;
  values.exportWh = returned;
  return values;
}

/**
 * The status keys that describe metering for these channels: each channel's component, its
 * energy counters (emdata:N, em1data:N) and, for Gen1 emeters, total_power and emeter_n.
 */
export function meteringKeys(channels: MeterChannel[]): string[] {
  const keys = new Set<string>();
  for (const channel of channels) {
    keys.add(channel.component);
    if (channel.kind === 'em') keys.add(`emdata:${channel.index}`);
    if (channel.kind === 'em1') keys.add(`em1data:${channel.index}`);
    if (channel.kind === 'emeter') {
      keys.add('total_power');
      keys.add('emeter_n');
    }
  }
  return [...keys];
}

/**
 * The part of a status that describes metering: what the meter input node emits as msg.payload.
 * Gen1: emeters, meters, total_power, emeter_n. Gen2+: each metering component with its energy
 * counters (emdata:N, em1data:N).
 */
export function meteringStatus(status: unknown, channels: MeterChannel[]): Record<string, unknown> {
  if (!isObject(status)) return {};
  const out: Record<string, unknown> = {};
  for (const key of meteringKeys(channels)) if (key in status) out[key] = status[key];
  return out;
}
