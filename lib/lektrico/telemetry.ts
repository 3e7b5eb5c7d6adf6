import type { GridPhase } from '../grid-phase';
import type { DeviceIdentity } from './device-id';
import type { AppConfig, ChargerInfo, DynamicCurrentReading } from './replies';
import { STATION_MAX_CURRENT_A } from './station-current';
import { isCarConnected } from './states';
import type { StationTelemetry } from './station-telemetry';

/** One complete read of a station: charger_info plus what the node read beside it. */
export interface StationReading {
  identity: DeviceIdentity;
  info: ChargerInfo;
  /** dynamic_current.get (3P22K, or firmware whose charger_info lacks dynamic_current). */
  dynamic?: DynamicCurrentReading;
  appConfig?: AppConfig;
  /** active_errors.get names (read only when has_active_errors). */
  errors: string[];
}

/** What the node adds to a reading: its id and the installer's settings. */
export interface TelemetryContext {
  stationId: string;
  gridPhases: GridPhase[];
  allowPhaseSwitching: boolean;
  /** The installer says its car draws on one phase (StationTelemetry.singlePhaseCar). */
  singlePhaseCar?: boolean;
  minCurrentA: number;
  maxCurrentA: number;
  lastCommand?: StationTelemetry['lastCommand'];
}

/** The station's dynamic limit and relay mode as it reports them, wherever they came from. */
export function readback(reading: StationReading): { dynamicCurrentA?: number; relayMode?: number } {
  return {
    dynamicCurrentA: reading.dynamic?.dynamicCurrentA ?? reading.info.dynamicCurrentA,
    relayMode: reading.dynamic?.relayMode ?? reading.info.relayMode,
  };
}

/** A 1P7K has one phase: only the first configured grid phase applies to it. */
export function stationGridPhases(gridPhases: GridPhase[], type: DeviceIdentity['type'] | undefined): GridPhase[] {
  return type === '1p7k' ? gridPhases.slice(0, 1) : gridPhases;
}

/** 1 on a 1P7K, on a 3P22K in relay_mode 1, or when only one phase is wired; else 3. */
export function activePhasesOf(
  type: DeviceIdentity['type'] | undefined,
  relayMode: number | undefined,
  wiredPhases: number,
): 1 | 3 {
  if (type === '1p7k' || wiredPhases < 3 || relayMode === 1) return 1;
  return 3;
}

function telemetryDeviceType(type: DeviceIdentity['type'] | undefined): StationTelemetry['deviceType'] {
  return type === '1p7k' || type === '3p22k' ? type : type === undefined ? undefined : 'unknown';
}

function maxCurrentOf(context: TelemetryContext, installCurrentA: number | undefined): number {
  const install = installCurrentA !== undefined && installCurrentA > 0 ? installCurrentA : STATION_MAX_CURRENT_A;
  return Math.min(STATION_MAX_CURRENT_A, context.maxCurrentA, install);
}

/** Per station phase, in station phase order, one value per wired phase (0 where not reported). */
function perWiredPhase(values: number[], count: number): number[] {
  return Array.from({ length: count }, (_, i) => values[i] ?? 0);
}

/** The telemetry the load balancer subtracts from the grid reading (see StationTelemetry). */
export function buildTelemetry(reading: StationReading, context: TelemetryContext, now: number): StationTelemetry {
  const { info, identity } = reading;
  const type = identity.type;
  const gridPhases = stationGridPhases(context.gridPhases, type);
  const { dynamicCurrentA, relayMode } = readback(reading);
  const installCurrentA = info.installCurrentA ?? reading.appConfig?.installCurrentA;
  const userCurrentA = reading.appConfig?.userCurrentA ?? info.userCurrentA;
  const telemetry: StationTelemetry = {
    kind: 'station-telemetry',
    station: context.stationId,
    timestamp: now,
    online: true,
    deviceId: identity.deviceId,
    deviceType: telemetryDeviceType(type),
    state: info.state,
    carConnected: isCarConnected(info.state),
    charging: info.state === 'charging',
    gridPhases,
    activePhases: activePhasesOf(type, relayMode, gridPhases.length),
    canSwitchPhases: type === '3p22k' && context.allowPhaseSwitching && gridPhases.length === 3,
    currentsA: perWiredPhase(info.currentsA, gridPhases.length),
    voltagesV: perWiredPhase(info.voltagesV, gridPhases.length),
    powerW: info.instantPowerW ?? 0,
    limitReason: info.limitReason,
    minCurrentA: context.minCurrentA,
    maxCurrentA: maxCurrentOf(context, installCurrentA),
    errors: reading.errors,
  };
  if (info.firmware !== undefined) telemetry.firmware = info.firmware;
  if (info.sessionEnergyWh !== undefined) telemetry.sessionEnergyWh = info.sessionEnergyWh;
  if (info.totalEnergyKWh !== undefined) telemetry.totalEnergyKWh = info.totalEnergyKWh;
  if (info.pwmCurrentA !== undefined) telemetry.pwmCurrentA = info.pwmCurrentA;
  if (dynamicCurrentA !== undefined) telemetry.dynamicCurrentA = dynamicCurrentA;
  if (installCurrentA !== undefined) telemetry.installCurrentA = installCurrentA;
  if (userCurrentA !== undefined) telemetry.userCurrentA = userCurrentA;
  if (info.temperatureC !== undefined) telemetry.temperatureC = info.temperatureC;
  if (context.lastCommand) telemetry.lastCommand = context.lastCommand;
  if (context.singlePhaseCar && gridPhases.length === 3) telemetry.singlePhaseCar = true;
  return telemetry;
}

/** A station that could not be reached: nothing drawn as far as the chain knows, no car. */
export function offlineTelemetry(
  context: TelemetryContext,
  now: number,
  identity?: DeviceIdentity,
): StationTelemetry {
  const gridPhases = stationGridPhases(context.gridPhases, identity?.type);
  const telemetry: StationTelemetry = {
    kind: 'station-telemetry',
    station: context.stationId,
    timestamp: now,
    online: false,
    state: 'offline',
    carConnected: false,
    charging: false,
    gridPhases,
    activePhases: activePhasesOf(identity?.type, undefined, gridPhases.length),
    canSwitchPhases: identity?.type === '3p22k' && context.allowPhaseSwitching && gridPhases.length === 3,
    currentsA: gridPhases.map(() => 0),
    voltagesV: gridPhases.map(() => 0),
    powerW: 0,
    limitReason: { code: 0, name: 'no_limit' },
    minCurrentA: context.minCurrentA,
    maxCurrentA: maxCurrentOf(context, undefined),
    errors: [],
  };
  if (identity) {
    telemetry.deviceId = identity.deviceId;
    telemetry.deviceType = telemetryDeviceType(identity.type);
  }
  if (context.lastCommand) telemetry.lastCommand = context.lastCommand;
  return telemetry;
}
