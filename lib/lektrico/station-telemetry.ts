import type { GridPhase } from '../grid-phase';

/** Station states, from `extended_charger_state` (lektricowifi / Home Assistant names). */
export type StationState =
  | 'available' // A: no car
  | 'connected' // B: car plugged, not charging
  | 'need_auth' // B_AUTH
  | 'paused' // B_PAUSE (dynamic_current 0 or load balancing)
  | 'paused_by_scheduler' // B_SCHEDULER
  | 'charging' // C, D
  | 'error' // E, F
  | 'updating_firmware' // OTA
  | 'locked' // LOCKED
  | 'unknown'; // anything else the firmware may invent

/** Every value StationTelemetry.state can take. */
export const TELEMETRY_STATES: ReadonlyArray<StationState | 'offline'> = [
  'available',
  'connected',
  'need_auth',
  'paused',
  'paused_by_scheduler',
  'charging',
  'error',
  'updating_firmware',
  'locked',
  'unknown',
  'offline',
];

/**
 * What the station output node emits after each read of the station, and what the
 * load balancer subtracts from the grid reading. One per station, keyed by `station`.
 */
export interface StationTelemetry {
  kind: 'station-telemetry';
  /** The station's id across the chain (the node's configured id, default the device id). */
  station: string;
  /** ms since the epoch at which it was read. */
  timestamp: number;
  /** false when the station could not be reached; the measured values are then zero/absent. */
  online: boolean;
  deviceId?: string;
  /** From the Device_id prefix: '1p7k', '3p22k', or 'unknown' for prefixes we do not know. */
  deviceType?: '1p7k' | '3p22k' | 'unknown';
  firmware?: string;
  state: StationState | 'offline';
  /** A car is plugged in (any state but available/offline/unknown). */
  carConnected: boolean;
  /** Energy is flowing (state charging). */
  charging: boolean;
  /** Grid phases that the station's own L1, L2, L3 are wired to (installer setting; a 1P7K has one). */
  gridPhases: GridPhase[];
  /**
   * Phases the station offers now: 1 (1P7K, or 3P22K in relay_mode 1) or 3; it uses gridPhases[0..activePhases-1].
   * A car may draw on fewer (a single-phase car shows [x, 0, 0]): the energy chain reads that from currentsA (CarPhases).
   */
  activePhases: 1 | 3;
  /** The chain may switch this station between 1 and 3 phases (3P22K and allowed by its node). */
  canSwitchPhases: boolean;
  /** A per station phase, in station phase order (length = gridPhases.length). */
  currentsA: number[];
  /** V per station phase. */
  voltagesV: number[];
  /** W drawn by the car now. */
  powerW: number;
  sessionEnergyWh?: number;
  totalEnergyKWh?: number;
  /** A actually signalled to the car (after every cap). */
  pwmCurrentA?: number;
  /** A the station holds as its dynamic limit (0 = paused). */
  dynamicCurrentA?: number;
  installCurrentA?: number;
  userCurrentA?: number;
  /** Which cap binds now (`current_limit_reason`), decoded. */
  limitReason: { code: number; name: string };
  /** The car's minimum current (LEKTRI.CO car_minimum_current, 6..10 A). Below it the station is paused. */
  minCurrentA: number;
  /** The most this station may be given (min of 32 A, install current, node setting). */
  maxCurrentA: number;
  temperatureC?: number;
  /** Names of active errors (active_errors.get), empty when none. */
  errors: string[];
  /**
   * The installer says the car charged here draws on one phase (the station's L1): it is priced so
   * for the PV until it shows its own phases. Set only on a station wired to three phases.
   */
  singlePhaseCar?: boolean;
  /** The last command sent and whether the station accepted it. */
  lastCommand?: { currentA: number; phases?: 1 | 3; at: number; accepted: boolean };
}

/** A the station offers its car, as last read: pwm_current, else its dynamic current; undefined when it reports neither. */
export function offeredCurrentA(t: StationTelemetry): number | undefined {
  return t.pwmCurrentA ?? t.dynamicCurrentA;
}

export function isStationTelemetry(value: unknown): value is StationTelemetry {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'station-telemetry';
}
