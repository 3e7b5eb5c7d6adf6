import type { StationState } from './station-telemetry';

/**
 * Decodes a station state. Raw replies carry IEC-style letters in `extended_charger_state`
 * (A, B, B_AUTH, B_PAUSE, C …); library output and older fixtures carry lektricowifi's names
 * ("available", "need_auth") or its older title-case texts ("Available", "Connected,NeedAuth").
 * Anything else is 'unknown', never an exception: the firmware may add states.
 */
const BY_CODE: Record<string, StationState> = {
  a: 'available',
  b: 'connected',
  b_auth: 'need_auth',
  b_pause: 'paused',
  b_scheduler: 'paused_by_scheduler',
  c: 'charging',
  d: 'charging',
  e: 'error',
  f: 'error',
  ota: 'updating_firmware',
  locked: 'locked',
  // lektricowifi names (current and 2023 title-case forms), lower-cased
  available: 'available',
  connected: 'connected',
  need_auth: 'need_auth',
  'connected,needauth': 'need_auth',
  paused: 'paused',
  paused_by_scheduler: 'paused_by_scheduler',
  charging: 'charging',
  error: 'error',
  updating_firmware: 'updating_firmware',
  'updating firmware': 'updating_firmware',
};

export function decodeState(value: unknown): StationState {
  if (typeof value !== 'string') return 'unknown';
  return BY_CODE[value.trim().toLowerCase()] ?? 'unknown';
}

/**
 * The state of a charger_info reply: `extended_charger_state` when present (it tells paused from
 * connected), else the coarser `charger_state`.
 */
export function stateOfReply(extendedState: unknown, chargerState: unknown): StationState {
  const extended = decodeState(extendedState);
  return extended !== 'unknown' ? extended : decodeState(chargerState);
}

/** A car is plugged in: every known state except 'available' (and 'unknown'). */
export function isCarConnected(state: StationState | 'offline'): boolean {
  return state !== 'available' && state !== 'unknown' && state !== 'offline';
}
