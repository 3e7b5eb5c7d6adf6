import type { StationApi } from './client';
import { identifyDevice, isEmMeter, type LektricoDeviceType } from './device-id';
import type { LimitReason } from './limit-reasons';
import { optionalRead } from './optional-read';
import { STATION_MAX_CURRENT_A } from './station-current';
import type { StationState } from './station-telemetry';
import { LektricoTransportError } from './transport-error';

/**
 * "Test connection" of the station node's edit dialog: one read of the station at a host, to
 * show the installer what answered there before anything is deployed. Reads only (Device_id,
 * charger_info, dynamic_current, app_config); never writes.
 */
export interface StationProbeReport {
  deviceId: string;
  /** 1p7k, 3p22k, or unknown (a prefix this package does not know: `prefix` says which). */
  deviceType: Exclude<LektricoDeviceType, 'em' | '3em'>;
  /** The text before the first underscore of the device id ("1p7k"). */
  prefix: string;
  serial: string;
  firmware?: string;
  /** Decoded from extended_charger_state (raw letters in `extendedState`). */
  state: StationState;
  extendedState?: string;
  /** The installer's cap (install_current) and the app's (user_current), A. */
  installCurrentA?: number;
  userCurrentA?: number;
  /** The most the station can give: min(32 A, install current). */
  maxCurrentA: number;
  /** Phases the hardware has: 1 (1P7K) or 3 (3P22K); absent for an unknown model. */
  phases?: 1 | 3;
  /** 3P22K relay_mode: 1 = single-phase charging forced, 3 = three phases. */
  relayMode?: number;
  /** The volatile dynamic limit the station holds now (what the node sets), A. */
  dynamicCurrentA?: number;
  limitReason: LimitReason;
}

/** Why a probe found no usable station. */
export type ProbeFailureReason =
  | 'unreachable' // refused, reset, no route, unknown host name
  | 'timeout' // connected or tried, no answer in time
  | 'auth' // 401/403: credentials missing or wrong
  | 'not-lektrico' // an HTTP server that does not speak the station API
  | 'em-meter' // a LEKTRI.CO EM / 3EM meter (m2w_81… / m2w_83…), not a charging station
  | 'error'; // anything else (HTTP 5xx, aborted)

export interface ProbeFailure {
  reason: ProbeFailureReason;
  /** The technical detail ("ECONNREFUSED", "HTTP 404", the meter's device id). */
  detail: string;
}

export type StationProbe = { ok: true; station: StationProbeReport } | { ok: false; failure: ProbeFailure };

class EmMeterFound extends Error {
  constructor(readonly deviceId: string) {
    super(`${deviceId} is a LEKTRI.CO EM meter, not a charging station`);
  }
}

async function readStation(api: StationApi): Promise<StationProbeReport> {
  const identity = identifyDevice(await api.getDeviceId());
  if (isEmMeter(identity.type)) throw new EmMeterFound(identity.deviceId);
  const info = await api.getChargerInfo();
  const dynamic = identity.type === '3p22k' || info.dynamicCurrentA === undefined ? await optionalRead(() => api.getDynamicCurrent()) : undefined;
  const appConfig = await optionalRead(() => api.getAppConfig());
  const installCurrentA = info.installCurrentA ?? appConfig?.installCurrentA;
  const report: StationProbeReport = {
    deviceId: identity.deviceId,
    deviceType: identity.type === '1p7k' || identity.type === '3p22k' ? identity.type : 'unknown',
    prefix: identity.deviceId.split('_')[0] ?? identity.deviceId,
    serial: identity.serial,
    state: info.state,
    maxCurrentA: installCurrentA !== undefined && installCurrentA > 0 ? Math.min(STATION_MAX_CURRENT_A, installCurrentA) : STATION_MAX_CURRENT_A,
    limitReason: info.limitReason,
  };
  const phases = identity.type === '1p7k' ? 1 : identity.type === '3p22k' ? 3 : undefined;
  const optionalFields: Partial<StationProbeReport> = {
    firmware: info.firmware,
    extendedState: info.extendedChargerState,
    installCurrentA,
    userCurrentA: appConfig?.userCurrentA ?? info.userCurrentA,
    phases,
    relayMode: identity.type === '3p22k' ? (dynamic?.relayMode ?? info.relayMode) : undefined,
    dynamicCurrentA: dynamic?.dynamicCurrentA ?? info.dynamicCurrentA,
  };
  for (const [key, value] of Object.entries(optionalFields)) {
    if (value !== undefined) Object.assign(report, { [key]: value });
  }
  return report;
}

/** What a failed probe means for the installer. */
export function probeFailureOf(err: unknown): ProbeFailure {
  if (err instanceof EmMeterFound) return { reason: 'em-meter', detail: err.deviceId };
  if (err instanceof LektricoTransportError) {
    const detail = err.message.slice(err.message.lastIndexOf(': ') + 2) || err.message;
    switch (err.kind) {
      case 'network':
        return { reason: 'unreachable', detail };
      case 'timeout':
        return { reason: 'timeout', detail };
      case 'auth':
        return { reason: 'auth', detail: `HTTP ${err.httpStatus ?? 401}` };
      case 'content-type':
      case 'protocol':
        return { reason: 'not-lektrico', detail };
      case 'http':
        // A 4xx on Device_id.Get: a web server without the station API. 5xx: a station in trouble, or not.
        return (err.httpStatus ?? 500) < 500 ? { reason: 'not-lektrico', detail: `HTTP ${err.httpStatus}` } : { reason: 'error', detail: `HTTP ${err.httpStatus}` };
      case 'aborted':
        return { reason: 'error', detail };
    }
  }
  return { reason: 'error', detail: err instanceof Error ? err.message : String(err) };
}

/** Reads the station behind `api` once; never throws. The caller owns (and closes) the api. */
export async function probeStation(api: StationApi): Promise<StationProbe> {
  try {
    return { ok: true, station: await readStation(api) };
  } catch (err) {
    return { ok: false, failure: probeFailureOf(err) };
  }
}
