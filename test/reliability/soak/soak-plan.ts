import type { PhaseTriple } from '../../../lib/sim/home/home-sample';
import type { SiteSnapshot, SiteStation } from '../../../lib/sim/site';
import type { EmSiteExtraMeter, EmSiteMeter } from '../support/em-site';

/**
 * The soak's world: three homes with 10 Shelly meters of every simulated family (grid meters,
 * PV meters, sub-meters) and 4 LEKTRI.CO stations (1P7K and 3P22K) whose cars come and go on a
 * daily schedule. Each home is a full chain of its own in one Node-RED.
 */
export interface SoakStation {
  key: string;
  site: SiteStation;
  node?: Record<string, unknown>;
  /** Local hours the car is plugged in: [arrive, leave), wrapping over midnight. */
  plugged: [number, number];
  /** State of charge the car arrives with, %. */
  arrivalSoc: number;
}

export interface SoakSite {
  name: string;
  /** Seed of the built-in home model (each home its own household). */
  seed: number;
  pvKWp: number;
  limitA: number;
  grid: EmSiteMeter & { flow: Record<string, unknown> };
  extras: Array<EmSiteExtraMeter & { key: string; flow?: Record<string, unknown> }>;
  surplus: Record<string, unknown>;
  stations: SoakStation[];
}

const sum = (w: PhaseTriple): number => w[0] + w[1] + w[2];
const car = (maxCurrentA: number, phases: 1 | 3) => ({ maxCurrentA, phases, reactionDelayMs: 1000, startLagMs: 1000, drawRatio: 0.97 });
/** The PV inverter feeds out: negative in the import-positive convention. */
const feed = (s: SiteSnapshot, phase: 0 | 1 | 2): number => -s.pvW[phase];

export const SOAK_SITES: SoakSite[] = [
  {
    name: 'A: two cars, Power, 25 A',
    seed: 1,
    pvKWp: 8,
    limitA: 25,
    grid: { model: 'SPEM-003CEBEU', flow: { transport: 'websocket', pollInterval: 1 } },
    extras: [
      { key: 'pv', model: 'S3EM-003CXCEU63', show: (s) => [0, 1, 2].map((i) => ({ powerW: feed(s, i as 0 | 1 | 2) })) },
      { key: 'cars', model: 'SPEM-002CEBEU50', show: (s) => [{ powerW: s.stationW[0] ?? 0 }, { powerW: s.stationW[1] ?? 0 }] },
    ],
    surplus: { mode: 'power' },
    stations: [
      { key: 'a1', site: { simulator: { type: '3p22k', serial: '700501', car: car(32, 3) }, gridPhases: ['L1', 'L2', 'L3'] }, plugged: [17, 7], arrivalSoc: 30 },
      { key: 'a2', site: { simulator: { type: '1p7k', serial: '500501', car: car(32, 1) }, gridPhases: ['L2'] }, plugged: [8, 16], arrivalSoc: 45 },
    ],
  },
  {
    name: 'B: PV home, Hybrid, 20 A',
    seed: 2,
    pvKWp: 10,
    limitA: 20,
    grid: { model: 'SHEM-3', flow: { pollInterval: 1 } },
    extras: [
      { key: 'pv', model: 'SNSW-001P16EU', show: (s) => [{ powerW: sum(s.pvW) }] }, // magnitude-only meter
      { key: 'heatpump', model: 'S3PM-001PCEU16', show: (s) => [{ powerW: 0.3 * s.houseW[2] }] },
    ],
    surplus: { mode: 'hybrid', hybridCurrentA: 6 },
    stations: [
      { key: 'b1', site: { simulator: { type: '3p22k', serial: '700502', car: car(16, 3) }, gridPhases: ['L2', 'L3', 'L1'] }, node: { allowPhaseSwitching: true }, plugged: [9, 18], arrivalSoc: 20 },
    ],
  },
  {
    name: 'C: single-phase home, Power, 40 A',
    seed: 3,
    pvKWp: 4,
    limitA: 40,
    grid: { model: 'S3EM-002CXCEU', flow: { transport: 'websocket', pollInterval: 1 } },
    extras: [
      { key: 'pv', model: 'SHEM', show: (s) => [{ powerW: -sum(s.pvW) }, { powerW: 0 }] },
      { key: 'car', model: 'S4EM-001PXCEU16', show: (s) => [{ powerW: s.stationW[0] ?? 0 }] },
      { key: 'washer', model: 'SHPLG-S', show: (s) => [{ powerW: 0.1 * sum(s.houseW) }] },
    ],
    surplus: { mode: 'power' },
    stations: [
      { key: 'c1', site: { simulator: { type: '1p7k', serial: '500503', car: car(32, 1) }, gridPhases: ['L1'] }, plugged: [19, 6], arrivalSoc: 25 },
    ],
  },
];

/** The car of a station should be plugged in at this local hour. */
export function pluggedAt(station: SoakStation, hour: number): boolean {
  const [arrive, leave] = station.plugged;
  return arrive < leave ? hour >= arrive && hour < leave : hour >= arrive || hour < leave;
}
