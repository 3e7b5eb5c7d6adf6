import { parsePhaseList, type GridPhase } from '../grid-phase';
import { InputError } from '../input-error';
import { quotableHost } from '../quotable-host';
import { DEFAULT_TIMEOUT_MS } from './client';
import { STATION_MAX_CURRENT_A, STATION_MIN_CURRENT_A } from './station-current';

/** The station node's configuration, validated. */
export interface StationSettings {
  /** host[:port] of the station's HTTP API. */
  host: string;
  /** The id the chain knows the station by; absent = the device id read from the station. */
  stationId?: string;
  /** Grid phases the station's L1, L2, L3 are wired to ("L2,L3,L1" for a rotated 3P22K, "L2" for a 1P7K). */
  gridPhases: GridPhase[];
  /** A 3P22K may be switched between one and three phases by the chain. */
  allowPhaseSwitching: boolean;
  /** The car charged here draws on one phase (a plug-in hybrid on a 3P22K): the PV price of a car that has not drawn yet. */
  singlePhaseCar?: boolean;
  /** The car's minimum current, 6–10 A (LEKTRI.CO car_minimum_current). */
  minCurrentA: number;
  /** The most this node ever sends, 6–32 A. */
  maxCurrentA: number;
  pollIntervalMs: number;
  timeoutMs: number;
  /** The `tag` sent with charge.start. */
  chargeTag: string;
}

export const DEFAULT_POLL_INTERVAL_MS = 2000;
export const MIN_POLL_INTERVAL_MS = 50;
export const MAX_POLL_INTERVAL_MS = 300_000;
export const MAX_CAR_MINIMUM_A = 10;
export const DEFAULT_CHARGE_TAG = 'node-red';

/**
 * "192.168.1.20", "lektrico-1p7k-500006.local", "127.0.0.1:8080" or "[fe80::1]:80"; an
 * "http://" prefix and a trailing slash are tolerated. Undefined for anything else (paths,
 * other schemes, spaces).
 */
export function parseHost(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const host = value.trim().replace(/^http:\/\//i, '').replace(/\/+$/, '');
  const name = /^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?$/;
  const ipv6 = /^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/;
  if (!name.test(host) && !ipv6.test(host)) return undefined;
  const port = /:(\d{1,5})$/.exec(host)?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return undefined;
  return host;
}

/** A number from the editor (which stores strings); `fallback` when empty. */
function configNumber(value: unknown, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
  return n;
}

function configBoolean(value: unknown): boolean {
  return value === true || value === 'true';
}

/** Validates the node's configuration; an InputError names the first bad setting and what it needs. */
export function parseStationSettings(config: Record<string, unknown>): StationSettings {
  const host = parseHost(config.host);
  if (!host) throw new InputError(`host "${quotableHost(config.host)}" is not a host name or IP address (optionally :port)`);

  const stationId = typeof config.station === 'string' && config.station.trim() !== '' ? config.station.trim() : undefined;

  const gridPhases = parsePhaseList(config.phases === undefined || config.phases === '' ? 'L1,L2,L3' : config.phases);
  if (!gridPhases || gridPhases.length === 2) {
    throw new InputError(`phases "${String(config.phases)}" must list the grid phase of each station phase: one (e.g. "L2") or three (e.g. "L1,L2,L3")`);
  }

  const minCurrentA = configNumber(config.minCurrent, STATION_MIN_CURRENT_A);
  if (!Number.isInteger(minCurrentA) || minCurrentA < STATION_MIN_CURRENT_A || minCurrentA > MAX_CAR_MINIMUM_A) {
    throw new InputError(`minimum current ${String(config.minCurrent)} must be a whole number of amperes from 6 to 10`);
  }
  const maxCurrentA = configNumber(config.maxCurrent, STATION_MAX_CURRENT_A);
  if (!Number.isInteger(maxCurrentA) || maxCurrentA < minCurrentA || maxCurrentA > STATION_MAX_CURRENT_A) {
    throw new InputError(`maximum current ${String(config.maxCurrent)} must be a whole number of amperes from the minimum (${minCurrentA}) to 32`);
  }

  const pollIntervalMs = configNumber(config.pollInterval, DEFAULT_POLL_INTERVAL_MS / 1000) * 1000;
  if (!Number.isFinite(pollIntervalMs) || pollIntervalMs < MIN_POLL_INTERVAL_MS || pollIntervalMs > MAX_POLL_INTERVAL_MS) {
    throw new InputError(`poll interval ${String(config.pollInterval)} s must be from 0.05 to 300 s`);
  }
  const timeoutMs = configNumber(config.timeout, DEFAULT_TIMEOUT_MS / 1000) * 1000;
  if (!Number.isFinite(timeoutMs) || timeoutMs < MIN_POLL_INTERVAL_MS || timeoutMs > 60_000) {
    throw new InputError(`timeout ${String(config.timeout)} s must be from 0.05 to 60 s`);
  }

  const chargeTag = typeof config.tag === 'string' && config.tag.trim() !== '' ? config.tag.trim() : DEFAULT_CHARGE_TAG;

  return {
    host,
    stationId,
    gridPhases,
    allowPhaseSwitching: configBoolean(config.allowPhaseSwitching),
    singlePhaseCar: configBoolean(config.singlePhaseCar),
    minCurrentA,
    maxCurrentA,
    pollIntervalMs: Math.round(pollIntervalMs),
    timeoutMs: Math.round(timeoutMs),
    chargeTag,
  };
}
