import type { MeasuringPoint } from './meter-state';
import type { Json } from './json';
import { clockTime, round, unixSeconds, type StatusContext } from './status-context';

/**
 * Gen1 REST bodies (shelly-protocol.md §2.2): `emeters[]` with Wh counters for the EM/3EM,
 * `meters[]` with watt-minute counters for plugs. Numbers with two decimals like the captures.
 */

const WATT_MINUTES_PER_WH = 60;

function emeter(ctx: StatusContext, point: MeasuringPoint): Json {
  const { fields } = ctx.identity.family;
  const r = point.reading;
  const body: Json = { power: round(r.powerW, 2) };
  if (fields.reactivePowerVar) body.reactive = round(r.reactivePowerVar, 2);
  if (fields.powerFactor) body.pf = round(r.pf, 2);
  if (fields.currentA) body.current = round(r.currentA, 2);
  body.voltage = round(r.voltageV, 2);
  body.is_valid = true;
  body.total = round(point.energy.importWh, 1);
  body.total_returned = round(point.energy.exportWh, 1);
  return body;
}

function meter(ctx: StatusContext, point: MeasuringPoint): Json {
  return {
    power: round(point.reading.powerW, 2),
    overpower: 0,
    is_valid: true,
    timestamp: unixSeconds(ctx.nowMs),
    // The last three complete minutes, in watt-minutes.
    counters: point.energy.lastMinutes().map((minute) => round(minute.importWh * WATT_MINUTES_PER_WH, 3)),
    total: Math.round(point.energy.importWh * WATT_MINUTES_PER_WH),
  };
}

function relay(ctx: StatusContext): Json {
  return {
    // A plug's relay feeds the load it meters; the EM's contactor output idles.
    ison: ctx.kind === 'meter',
    has_timer: false,
    timer_started: 0,
    timer_duration: 0,
    timer_remaining: 0,
    overpower: false,
    is_valid: true,
    source: 'input',
  };
}

/** One `emeters[i]` / `meters[i]` entry (GET /emeter/i, /meter/i). */
export function gen1Channel(ctx: StatusContext, index: number): Json | undefined {
  const point = ctx.points[index];
  if (!point) return undefined;
  return ctx.kind === 'emeter' ? emeter(ctx, point) : meter(ctx, point);
}

/** GET /status. */
export function gen1Status(ctx: StatusContext): Json {
  const { identity, points } = ctx;
  const status: Json = {
    wifi_sta: { connected: true, ssid: 'simulated', ip: '127.0.0.1', rssi: -50 },
    cloud: { enabled: false, connected: false },
    mqtt: { connected: false },
    time: clockTime(ctx.nowMs),
    unixtime: unixSeconds(ctx.nowMs),
    serial: ctx.changeSerial,
    has_update: false,
    mac: identity.mac,
    cfg_changed_cnt: 0,
    actions_stats: { skipped: 0 },
    relays: Array.from({ length: identity.family.unmeteredOutputs }, () => relay(ctx)),
  };
  const channels = points.map((_, i) => gen1Channel(ctx, i));
  if (ctx.kind === 'emeter') status.emeters = channels;
  else status.meters = channels;
  if (identity.family.fields.neutral) {
    status.total_power = round(points.reduce((acc, pt) => acc + pt.reading.powerW, 0), 2);
    status.emeter_n = { current: 0, ixsum: round(points.reduce((acc, pt) => acc + pt.reading.currentA, 0), 2), mismatch: false, is_valid: true };
  }
  status.update = { status: 'idle', has_update: false, new_version: identity.firmwareId, old_version: identity.firmwareId };
  status.ram_total = 51000;
  status.ram_free = 35000;
  status.fs_size = 233681;
  status.fs_free = 150000;
  status.uptime = unixSeconds(ctx.nowMs - ctx.startedMs);
  return status;
}

/** GET /settings, reduced to identity, login and the channel list. */
export function gen1Settings(ctx: StatusContext, login: { enabled: boolean; username: string }): Json {
  const { identity } = ctx;
  const { family } = identity;
  const device: Json = {
    type: family.model,
    mac: identity.mac,
    hostname: identity.id,
    num_outputs: family.unmeteredOutputs,
    num_meters: ctx.kind === 'meter' ? ctx.points.length : 0,
  };
  if (ctx.kind === 'emeter') device.num_emeters = ctx.points.length;
  const settings: Json = {
    device,
    login: { enabled: login.enabled, unprotected: false, username: login.username },
    name: identity.name,
    fw: identity.firmwareId,
    coiot: { enabled: false, update_period: 15, peer: '' },
    relays: Array.from({ length: family.unmeteredOutputs }, () => ({ name: null, default_state: 'off' })),
  };
  if (ctx.kind === 'emeter') settings.emeters = ctx.points.map(() => ({ name: null, appliance_type: 'General', max_power: 0 }));
  return settings;
}
