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
      return readEmPhase(status, channel);
    case 'em1':
      return readEm1(status, channel);
    default:
      return readMeteredOutput(status, channel);
  }
}

function readGen1(status: Json, channel: MeterChannel): ChannelValues {
  const list = status[channel.component];
  const body = Array.isArray(list) && isObject(list[channel.index]) ? (list[channel.index] as Json) : undefined;
  if (!body) return { valid: false };
  const values: ChannelValues = {
    powerW: num(body.power),
    currentA: num(body.current),
    voltageV: num(body.voltage),
    pf: num(body.pf),
    valid: body.is_valid !== false,
  };
  if (channel.kind === 'emeter') {
    values.importWh = num(body.total);
    values.exportWh = num(body.total_returned);
  } else {
    // Gen1 plug / 1PM counters are in watt-minutes.
    const totalWmin = num(body.total);
    values.importWh = totalWmin === undefined ? undefined : totalWmin / 60;
  }
  return values;
}

function hasPowerMeterFailure(body: Json): boolean {
  return Array.isArray(body.errors) && body.errors.includes('power_meter_failure');
}

function readEmPhase(status: Json, channel: MeterChannel): ChannelValues {
  const body = status[channel.component];
  if (!isObject(body) || !channel.phase) return { valid: false };
  const p = channel.phase.toLowerCase();
  const data = status[`emdata:${channel.index}`];
  return {
    powerW: num(body[`${p}_act_power`]),
    currentA: num(body[`${p}_current`]),
    voltageV: num(body[`${p}_voltage`]),
    pf: num(body[`${p}_pf`]),
    frequencyHz: num(body[`${p}_freq`]),
    importWh: isObject(data) ? num(data[`${p}_total_act_energy`]) : undefined,
    exportWh: isObject(data) ? num(data[`${p}_total_act_ret_energy`]) : undefined,
    valid: !hasPowerMeterFailure(body),
  };
}

function readEm1(status: Json, channel: MeterChannel): ChannelValues {
  const body = status[channel.component];
  if (!isObject(body)) return { valid: false };
  const data = status[`em1data:${channel.index}`];
  return {
    powerW: num(body.act_power),
    currentA: num(body.current),
    voltageV: num(body.voltage),
    pf: num(body.pf),
    frequencyHz: num(body.freq),
    importWh: isObject(data) ? num(data.total_act_energy) : undefined,
    exportWh: isObject(data) ? num(data.total_act_ret_energy) : undefined,
    valid: !hasPowerMeterFailure(body),
  };
}

function readMeteredOutput(status: Json, channel: MeterChannel): ChannelValues {
  const body = status[channel.component];
  if (!isObject(body)) return { valid: false };
  const total = isObject(body.aenergy) ? num(body.aenergy.total) : undefined;
  const returned = isObject(body.ret_aenergy) ? num(body.ret_aenergy.total) : undefined;
  return {
    powerW: num(body.apower),
    currentA: num(body.current),
    voltageV: num(body.voltage),
    pf: num(body.pf),
    frequencyHz: num(body.freq),
    // Returned energy is also counted in aenergy (Shelly's note), so import is the difference.
    importWh: total === undefined ? undefined : returned === undefined ? total : total - returned,
    exportWh: returned,
    valid: !hasPowerMeterFailure(body),
  };
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
