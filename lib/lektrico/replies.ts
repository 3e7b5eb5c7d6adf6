import { finiteOrUndefined } from '../input-error';
import { decodeLimitReason, type LimitReason } from './limit-reasons';
import { stateOfReply } from './states';
import type { StationState } from './station-telemetry';
import { LektricoTransportError } from './transport-error';

/**
 * Decoders of the station's GET replies. Every key is optional (firmware differs: older ones
 * lack current_limit_reason, dynamic_current, pwm_current …); a missing or malformed value is
 * absent in the result, never NaN. Units as the device sends them: A, V, W, Wh (session),
 * kWh (lifetime), °C, s.
 */

type Raw = Record<string, unknown>;

function asObject(method: string, raw: unknown): Raw {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new LektricoTransportError('protocol', `${method}: reply is not a JSON object`);
  }
  return raw as Raw;
}

function numberArray(value: unknown): number[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((v) => finiteOrUndefined(v) ?? 0);
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function bool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** [L1, L2, L3] from the array key, else from library-style _l1.._l3 keys, else from the L1 scalar. */
function perPhase(raw: Raw, arrayKey: string, scalarKey: string, prefix: string): number[] {
  const array = numberArray(raw[arrayKey]);
  if (array) return array;
  const split = [1, 2, 3].map((n) => finiteOrUndefined(raw[`${prefix}_l${n}`]));
  if (split.some((v) => v !== undefined)) return split.map((v) => v ?? 0);
  // EM replies (Meter_info.Get) carry the arrays under the singular key.
  const singular = raw[scalarKey];
  if (Array.isArray(singular)) return numberArray(singular) ?? [];
  const scalar = finiteOrUndefined(singular);
  return scalar === undefined ? [] : [scalar];
}

export interface ChargerInfo {
  state: StationState;
  /** The raw letters, for logs. */
  chargerState?: string;
  extendedChargerState?: string;
  sessionEnergyWh?: number;
  chargingTimeS?: number;
  sessionId?: number;
  instantPowerW?: number;
  /** A per station phase [L1, L2, L3] as reported (1 entry on firmware with only `current`). */
  currentsA: number[];
  voltagesV: number[];
  temperatureC?: number;
  totalEnergyKWh?: number;
  hasActiveErrors: boolean;
  limitReason: LimitReason;
  firmware?: string;
  installCurrentA?: number;
  userCurrentA?: number;
  dynamicCurrentA?: number;
  emCurrentA?: number;
  pwmCurrentA?: number;
  relayMode?: number;
  paused?: boolean;
  headless?: boolean;
}

/** GET /rpc/charger_info.get */
export function parseChargerInfo(raw: unknown): ChargerInfo {
  const r = asObject('charger_info.get', raw);
  return {
    state: stateOfReply(r.extended_charger_state, r.charger_state),
    chargerState: text(r.charger_state),
    extendedChargerState: text(r.extended_charger_state),
    sessionEnergyWh: finiteOrUndefined(r.session_energy),
    chargingTimeS: finiteOrUndefined(r.charging_time),
    sessionId: finiteOrUndefined(r.session_id),
    instantPowerW: finiteOrUndefined(r.instant_power),
    currentsA: perPhase(r, 'currents', 'current', 'current'),
    voltagesV: perPhase(r, 'voltages', 'voltage', 'voltage'),
    temperatureC: finiteOrUndefined(r.temperature),
    totalEnergyKWh: finiteOrUndefined(r.total_charged_energy),
    hasActiveErrors: r.has_active_errors === true,
    limitReason: decodeLimitReason(r.current_limit_reason),
    firmware: text(r.fw_version),
    installCurrentA: finiteOrUndefined(r.install_current),
    userCurrentA: finiteOrUndefined(r.user_current),
    dynamicCurrentA: finiteOrUndefined(r.dynamic_current),
    emCurrentA: finiteOrUndefined(r.em_current),
    pwmCurrentA: finiteOrUndefined(r.pwm_current),
    relayMode: finiteOrUndefined(r.relay_mode),
    paused: bool(r.charger_is_paused),
    headless: bool(r.headless),
  };
}

export interface DynamicCurrentReading {
  dynamicCurrentA?: number;
  /** 1 or 3 on a 3P22K; absent on a 1P7K (lektricowifi fills -1, evcc saw 0). */
  relayMode?: number;
}

/** GET /rpc/dynamic_current.get */
export function parseDynamicCurrent(raw: unknown): DynamicCurrentReading {
  const r = asObject('dynamic_current.get', raw);
  return { dynamicCurrentA: finiteOrUndefined(r.dynamic_current), relayMode: finiteOrUndefined(r.relay_mode) };
}

/** Old firmware names → current names, so the error list reads the same on every version. */
const ERROR_ALIASES: Record<string, string> = { state_machine_e_activated: 'state_e_activated' };

/** GET /rpc/active_errors.get: the names of the flags that are true, sorted. */
export function parseActiveErrors(raw: unknown): string[] {
  const r = asObject('active_errors.get', raw);
  const names = Object.entries(r)
    .filter(([, value]) => value === true)
    .map(([key]) => ERROR_ALIASES[key] ?? key);
  return [...new Set(names)].sort();
}

export interface AppConfig {
  installCurrentA?: number;
  userCurrentA?: number;
  headless?: boolean;
  chargerLocked?: boolean;
  ledMaxBrightness?: number;
}

/** GET /rpc/app_config.get (read only: writing it wears the flash, never done in a loop). */
export function parseAppConfig(raw: unknown): AppConfig {
  const r = asObject('app_config.get', raw);
  return {
    installCurrentA: finiteOrUndefined(r.install_current),
    userCurrentA: finiteOrUndefined(r.user_current),
    headless: bool(r.headless),
    chargerLocked: bool(r.charger_locked),
    ledMaxBrightness: finiteOrUndefined(r.led_max_brightness),
  };
}

/** GET /rpc/Device_id.Get → "1p7k_500006". */
export function parseDeviceId(raw: unknown): string {
  const r = asObject('Device_id.Get', raw);
  const id = r.device_id;
  if (typeof id !== 'string' || id.trim() === '') {
    throw new LektricoTransportError('protocol', 'Device_id.Get: reply has no device_id');
  }
  return id.trim();
}

export interface ChargerConfig {
  serialNumber?: string;
  boardRevision?: string;
}

/** GET /rpc/charger_config.get */
export function parseChargerConfig(raw: unknown): ChargerConfig {
  const r = asObject('charger_config.get', raw);
  return { serialNumber: text(r.serial_number), boardRevision: text(r.board_revision) };
}
