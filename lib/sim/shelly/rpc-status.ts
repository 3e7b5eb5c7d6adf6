import type { MinuteEnergy } from './energy-counter';
import type { MeasuringPoint } from './meter-state';
import type { Json } from './json';
import { clockTime, round, unixSeconds, type StatusContext } from './status-context';

/**
 * Gen2+ status and config objects (shelly-protocol.md §3.4), built from the measuring points.
 * Number formats follow the captures: power 0.1 W, current mA, energy counters 0.01 Wh.
 */

/** A metering component of the status, with the powers the notification threshold watches. */
export interface MeteringComponent {
  key: string;
  body: Json;
  /** Active powers this component reports; empty for pure energy components (emdata, em1data). */
  powersW: number[];
}

const PHASE_PREFIXES = ['a', 'b', 'c'] as const;

function emThreePhase(points: MeasuringPoint[]): Json {
  const body: Json = { id: 0 };
  PHASE_PREFIXES.forEach((p, i) => {
    const r = points[i].reading;
    body[`${p}_current`] = round(r.currentA, 3);
    body[`${p}_voltage`] = round(r.voltageV, 1);
    body[`${p}_act_power`] = round(r.powerW, 1);
    body[`${p}_aprt_power`] = round(r.apparentPowerVA, 1);
    body[`${p}_pf`] = round(r.pf, 2);
    body[`${p}_freq`] = round(r.frequencyHz, 1);
  });
  const sum = (f: (point: MeasuringPoint) => number): number => points.slice(0, 3).reduce((acc, point) => acc + f(point), 0);
  body.n_current = null; // the Pro 3EM does not measure the neutral
  body.total_current = round(sum((pt) => pt.reading.currentA), 3);
  body.total_act_power = round(sum((pt) => pt.reading.powerW), 3);
  body.total_aprt_power = round(sum((pt) => pt.reading.apparentPowerVA), 3);
  body.user_calibrated_phase = [];
  return body;
}

function emDataThreePhase(points: MeasuringPoint[]): Json {
  const body: Json = { id: 0 };
  PHASE_PREFIXES.forEach((p, i) => {
    body[`${p}_total_act_energy`] = round(points[i].energy.importWh, 2);
    body[`${p}_total_act_ret_energy`] = round(points[i].energy.exportWh, 2);
  });
  body.total_act = round(points.slice(0, 3).reduce((acc, pt) => acc + pt.energy.importWh, 0), 2);
  body.total_act_ret = round(points.slice(0, 3).reduce((acc, pt) => acc + pt.energy.exportWh, 0), 2);
  return body;
}

function em1(ctx: StatusContext, id: number): Json {
  const r = ctx.points[id].reading;
  const { fields } = ctx.identity.family;
  const body: Json = { id, voltage: round(r.voltageV, 1) };
  if (fields.currentA) body.current = round(r.currentA, 3);
  body.act_power = round(r.powerW, 1);
  if (fields.apparentPowerVA) body.aprt_power = round(r.apparentPowerVA, 1);
  if (fields.powerFactor) body.pf = round(r.pf, 2);
  if (fields.frequencyHz) body.freq = round(r.frequencyHz, 1);
  body.calibration = 'factory';
  return body;
}

function em1Data(point: MeasuringPoint, id: number): Json {
  return { id, total_act_energy: round(point.energy.importWh, 2), total_act_ret_energy: round(point.energy.exportWh, 2) };
}

/** `aenergy` / `ret_aenergy`: total Wh, the last three minutes in mWh, start of the current minute. */
function energyBlock(point: MeasuringPoint, pick: (minute: MinuteEnergy) => number): Json {
  const { energy } = point;
  return {
    total: round(pick(energy), 3),
    by_minute: energy.lastMinutes().map((minute) => round(pick(minute) * 1000, 3)),
    minute_ts: energy.minuteStartS,
  };
}

/** Returned energy is counted in `aenergy` too (Shelly's note), so aenergy = import + export. */
const ALL_ENERGY = (e: MinuteEnergy): number => e.importWh + e.exportWh;
const RETURNED_ENERGY = (e: MinuteEnergy): number => e.exportWh;

/** The electrical part shared by pm1 and metered switches. */
function meteredOutputValues(ctx: StatusContext, id: number): Json {
  const point = ctx.points[id];
  const r = point.reading;
  const { fields } = ctx.identity.family;
  const body: Json = { apower: round(r.powerW, 1), voltage: round(r.voltageV, 1) };
  if (fields.currentA) body.current = round(r.currentA, 3);
  if (fields.apparentPowerVA) body.aprtpower = round(r.apparentPowerVA, 1);
  if (fields.powerFactor) body.pf = round(r.pf, 2);
  if (fields.frequencyHz) body.freq = round(r.frequencyHz, 1);
  body.aenergy = energyBlock(point, ALL_ENERGY);
  if (fields.returnedEnergy) body.ret_aenergy = energyBlock(point, RETURNED_ENERGY);
  return body;
}

const DEVICE_TEMPERATURE_C = 45;
const TEMPERATURE = { tC: DEVICE_TEMPERATURE_C, tF: round((DEVICE_TEMPERATURE_C * 9) / 5 + 32, 1) };

function meteredSwitch(ctx: StatusContext, id: number): Json {
  return { id, source: 'init', output: true, ...meteredOutputValues(ctx, id), temperature: { ...TEMPERATURE } };
}

function pm1(ctx: StatusContext, id: number): Json {
  return { id, ...meteredOutputValues(ctx, id) };
}

/** The metering components in status order. */
export function meteringComponents(ctx: StatusContext): MeteringComponent[] {
  const { points } = ctx;
  const ids = points.map((_, i) => i);
  switch (ctx.kind) {
    case 'em':
      return [
        { key: 'em:0', body: emThreePhase(points), powersW: points.map((pt) => pt.reading.powerW) },
        { key: 'emdata:0', body: emDataThreePhase(points), powersW: [] },
      ];
    case 'em1':
      return [
        ...ids.map((id) => ({ key: `em1:${id}`, body: em1(ctx, id), powersW: [points[id].reading.powerW] })),
        ...ids.map((id) => ({ key: `em1data:${id}`, body: em1Data(points[id], id), powersW: [] })),
      ];
    case 'pm1':
      return ids.map((id) => ({ key: `pm1:${id}`, body: pm1(ctx, id), powersW: [points[id].reading.powerW] }));
    case 'switch':
      return ids.map((id) => ({ key: `switch:${id}`, body: meteredSwitch(ctx, id), powersW: [points[id].reading.powerW] }));
    default:
      throw new Error(`${ctx.kind} is not an RPC metering component`);
  }
}

/** switch:N of the contactor outputs that measure nothing (Pro EM-50, EM Gen3). */
function unmeteredSwitchIds(ctx: StatusContext): number[] {
  const firstId = ctx.kind === 'switch' ? ctx.points.length : 0;
  return Array.from({ length: ctx.identity.family.unmeteredOutputs }, (_, i) => firstId + i);
}

/** `Shelly.GetStatus`. */
export function rpcStatus(ctx: StatusContext): Json {
  const status: Json = { ble: {}, cloud: { connected: false } };
  for (const component of meteringComponents(ctx)) status[component.key] = component.body;
  status.mqtt = { connected: false };
  for (const id of unmeteredSwitchIds(ctx)) {
    status[`switch:${id}`] = { id, source: 'init', output: false, temperature: { ...TEMPERATURE } };
  }
  status.sys = {
    mac: ctx.identity.mac,
    restart_required: false,
    time: clockTime(ctx.nowMs),
    unixtime: unixSeconds(ctx.nowMs),
    last_sync_ts: unixSeconds(ctx.startedMs),
    uptime: unixSeconds(ctx.nowMs - ctx.startedMs),
    ram_size: 245000,
    ram_free: 115000,
    fs_size: 524288,
    fs_free: 190000,
    cfg_rev: 1,
    kvs_rev: 0,
    schedule_rev: 0,
    webhook_rev: 0,
    available_updates: {},
    reset_reason: 3,
  };
  status.wifi = { sta_ip: '127.0.0.1', status: 'got ip', ssid: 'simulated', rssi: -50 };
  status.ws = { connected: false };
  return status;
}

/** `Shelly.GetConfig`, reduced to what a meter reader looks at (reverse, ct_type, profile). */
export function rpcConfig(ctx: StatusContext): Json {
  const { identity } = ctx;
  const { family } = identity;
  const device: Json = { name: identity.name, mac: identity.mac, fw_id: identity.firmwareId, discoverable: true, eco_mode: false };
  if (identity.profile) device.profile = identity.profile;
  const config: Json = { sys: { device, location: null, cfg_rev: 1 } };
  const ctType = family.ctType === undefined ? {} : { ct_type: family.ctType };
  const switchConfig = (id: number): Json => ({
    id, name: null, initial_state: 'off', auto_on: false, auto_on_delay: 60, auto_off: false, auto_off_delay: 60,
  });
  const ids = ctx.points.map((_, i) => i);
  switch (ctx.kind) {
    case 'em':
      // Per-phase reverse flags; keys appear only when a phase is reversed.
      config['em:0'] = { id: 0, name: null, ...ctType, reverse: {} };
      config['emdata:0'] = {};
      break;
    case 'em1':
      for (const id of ids) config[`em1:${id}`] = { id, name: null, reverse: false, ...ctType };
      for (const id of ids) config[`em1data:${id}`] = {};
      break;
    case 'pm1':
      for (const id of ids) config[`pm1:${id}`] = { id, name: null, reverse: false };
      break;
    case 'switch':
      // `reverse` exists only on hardware that measures returned energy.
      for (const id of ids) config[`switch:${id}`] = { ...switchConfig(id), ...(family.fields.returnedEnergy ? { reverse: false } : {}) };
      break;
    default:
      break;
  }
  for (const id of unmeteredSwitchIds(ctx)) config[`switch:${id}`] = switchConfig(id);
  return config;
}
