import type { GridPhase } from '../../../lib/grid-phase';
import type { Random } from '../../../lib/random';
import type { ChargingMode } from '../../../lib/energy/messages';
import type { StationTelemetry } from '../../../lib/lektrico/station-telemetry';
import { headroom, phaseHeadroom, reading, target, telemetry } from '../../lib/energy/builders';
import { fuzzMessages } from '../../lib/reading/fuzz-inputs';
import { BAD_VALUES, mutate, pick, randomJson } from './fuzz-values';

/**
 * Messages for each node's input, each with what must become of it: 'ok' (done, no error),
 * 'error' (exactly one error, for a Catch node) or 'either' (a random mutation may or may not
 * leave it usable; it must still end exactly once, with a clear error if any).
 */
export type Expectation = 'ok' | 'error' | 'either';

export interface FuzzCase {
  msg: Record<string, unknown>;
  expect: Expectation;
  label: string;
}

/** Time stamps of "now" that always move forward, and older ones for out-of-order cases. */
export class Stamps {
  private last = 0;
  next(): number {
    this.last = Math.max(Date.now(), this.last + 1);
    return this.last;
  }
  /**
   * 6 to 11 s before the newest one handed out: before anything the node may have taken (mutated
   * messages take stamps too, and may or may not have been taken), yet not stale.
   */
  older(r: Random): number {
    return this.last - 6000 - Math.floor(r() * 5000);
  }
}

const PHASES: GridPhase[] = ['L1', 'L2', 'L3'];
const MODES: ChargingMode[] = ['off', 'power', 'hybrid', 'green'];

function somePhases(r: Random): GridPhase[] {
  const phases = PHASES.filter(() => r() < 0.7);
  return phases.length > 0 ? phases : [pick(r, PHASES)];
}

/** A 3-phase 32 A station, or a 1-phase one, with a car that may be drawing. */
function randomTelemetry(r: Random, station: string, timestamp: number, range = { min: 6, max: 32 }): StationTelemetry {
  const gridPhases = r() < 0.6 ? ['L1', 'L2', 'L3'] as GridPhase[] : [pick(r, PHASES)];
  const drawing = r() < 0.6;
  return telemetry(station, {
    timestamp,
    gridPhases,
    carConnected: r() < 0.85,
    currentsA: gridPhases.map(() => (drawing ? Math.round(r() * 320) / 10 : 0)),
    minCurrentA: range.min,
    maxCurrentA: range.max,
    ...(r() < 0.5 ? { lastCommand: { currentA: pick(r, [0, 6, 10, 16, 32]), at: timestamp - Math.floor(r() * 30_000), accepted: r() < 0.9 } } : {}),
  });
}

function sureInvalidPayload(r: Random, kind: string): unknown {
  return pick(r, [
    () => pick(r, BAD_VALUES)(),
    () => ({ kind: `${kind}-not`, timestamp: Date.now() }),
    () => ({ kind, timestamp: Number.NaN }),
    () => ({ kind, timestamp: '1700000000000' }),
    () => [{ kind }],
    () => 'headroom',
  ])();
}

/** The load balancer: canonical readings and station telemetry, in and out of order. */
export function balancerCases(r: Random, count: number): FuzzCase[] {
  const readings = new Stamps();
  const stamps: Record<string, Stamps> = { 'fz-a': new Stamps(), 'fz-b': new Stamps() };
  const validReading = (): Record<string, unknown> => {
    const currents: Partial<Record<GridPhase, number>> = {};
    for (const p of somePhases(r)) currents[p] = Math.round((r() - 0.3) * 400) / 10;
    return reading(readings.next(), currents) as unknown as Record<string, unknown>;
  };
  /** Stations that have had well-formed telemetry (taken for sure): only they can be out of order. */
  const heard = new Set<string>();
  const validTelemetry = (): Record<string, unknown> => {
    const station = pick(r, ['fz-a', 'fz-b']);
    return randomTelemetry(r, station, stamps[station].next()) as unknown as Record<string, unknown>;
  };
  const cases: FuzzCase[] = [];
  for (let i = 0; i < count; i++) {
    const roll = r();
    if (roll < 0.35) cases.push({ msg: { payload: validReading() }, expect: 'ok', label: 'reading' });
    else if (roll < 0.5) {
      const payload = validTelemetry();
      heard.add(payload.station as string);
      cases.push({ msg: { payload }, expect: 'ok', label: 'telemetry' });
    }
    else if (roll < 0.58) cases.push({ msg: { payload: { ...validReading(), timestamp: readings.older(r) } }, expect: 'error', label: 'reading out of order' });
    else if (roll < 0.62 && heard.has('fz-a')) {
      cases.push({ msg: { payload: randomTelemetry(r, 'fz-a', stamps['fz-a'].older(r)) }, expect: 'error', label: 'telemetry out of order' });
    } else if (roll < 0.72) cases.push({ msg: { payload: sureInvalidPayload(r, 'station-telemetry') }, expect: 'error', label: 'not a reading' });
    else if (roll < 0.75) cases.push({ msg: { payload: { ...validReading(), phases: [] } }, expect: 'error', label: 'reading without phases' });
    else if (roll < 0.9) cases.push({ msg: { payload: mutate(r, validReading()) }, expect: 'either', label: 'mutated reading' });
    else cases.push({ msg: { payload: mutate(r, validTelemetry()) }, expect: 'either', label: 'mutated telemetry' });
  }
  return cases;
}

/** The PV surplus node: Headrooms, mode changes and home battery messages. */
export function surplusCases(r: Random, count: number): FuzzCase[] {
  const stamps = new Stamps();
  const validHeadroom = (): Record<string, unknown> => {
    const ts = stamps.next();
    return headroom({
      timestamp: ts,
      phases: somePhases(r).map((p) => phaseHeadroom(p, Math.round(r() * 300) / 10)),
      gridPowerW: Math.round((r() - 0.5) * 20_000),
      carPowerW: Math.round(r() * 10_000),
      housePowerW: Math.round(r() * 8000),
      stations: r() < 0.7 ? [randomTelemetry(r, 'fz-a', ts)] : [],
    }) as unknown as Record<string, unknown>;
  };
  const cases: FuzzCase[] = [];
  for (let i = 0; i < count; i++) {
    const roll = r();
    if (roll < 0.4) cases.push({ msg: { payload: validHeadroom() }, expect: 'ok', label: 'headroom' });
    else if (roll < 0.47) cases.push({ msg: { topic: 'mode', payload: pick(r, MODES) }, expect: 'ok', label: 'mode' });
    else if (roll < 0.52) cases.push({ msg: { topic: 'mode', payload: pick(r, ['turbo', 5, null, '', {}, 'solar']) }, expect: 'error', label: 'unknown mode' });
    else if (roll < 0.57) cases.push({ msg: { topic: 'battery', payload: { powerW: Math.round((r() - 0.5) * 6000), soc: Math.round(r() * 100) } }, expect: 'ok', label: 'battery' });
    else if (roll < 0.62) cases.push({ msg: { topic: 'battery', payload: pick(r, [{ powerW: Number.NaN }, { powerW: '500' }, null, 42, { soc: 50 }]) }, expect: 'error', label: 'bad battery' });
    else if (roll < 0.72) cases.push({ msg: { payload: sureInvalidPayload(r, 'headroom') }, expect: 'error', label: 'not a headroom' });
    else if (roll < 0.76) cases.push({ msg: { topic: pick(r, ['mode', 'battery', 'x', '']), payload: randomJson(r) }, expect: 'either', label: 'random' });
    else cases.push({ msg: { payload: mutate(r, validHeadroom()) }, expect: 'either', label: 'mutated headroom' });
  }
  return cases;
}

/** The power splitter: ChargingTargets for the real station (`stationId`) and made-up ones. */
export function splitterCases(r: Random, count: number, stationId: string): FuzzCase[] {
  const stamps = new Stamps();
  const validTarget = (): Record<string, unknown> => {
    const ts = stamps.next();
    const mode = pick(r, MODES);
    const others = ['fz-a', 'fz-b', 'fz-c'].filter(() => r() < 0.5).map((id) => {
      const min = pick(r, [6, 6, 8, 10]);
      return randomTelemetry(r, id, ts, { min, max: Math.max(min, pick(r, [10, 16, 20, 32])) });
    });
    return target({
      timestamp: ts,
      mode,
      phases: somePhases(r).map((p) => phaseHeadroom(p, Math.round(r() * 500) / 10)),
      ...(r() < 0.3 ? { powerHeadroomW: Math.round(r() * 25_000) } : {}),
      ...(mode === 'green' || mode === 'hybrid' ? { budgetW: Math.round(r() * 15_000) } : {}),
      ...(mode === 'hybrid' ? { guaranteedA: pick(r, [6, 8, 10]) } : {}),
      ...(r() < 0.05 ? { failsafe: { currentA: pick(r, [0, 6, 10]), reason: 'fuzz' } } : {}),
      enabled: mode !== 'off' && r() < 0.9,
      stations: [randomTelemetry(r, stationId, ts), ...others],
    }) as unknown as Record<string, unknown>;
  };
  const cases: FuzzCase[] = [];
  for (let i = 0; i < count; i++) {
    const roll = r();
    if (roll < 0.45) cases.push({ msg: { payload: validTarget() }, expect: 'ok', label: 'target' });
    else if (roll < 0.6) cases.push({ msg: { payload: sureInvalidPayload(r, 'charging-target') }, expect: 'error', label: 'not a target' });
    else if (roll < 0.65) cases.push({ msg: { payload: { ...validTarget(), mode: 'turbo' } }, expect: 'error', label: 'unknown mode' });
    else cases.push({ msg: { payload: mutate(r, validTarget()) }, expect: 'either', label: 'mutated target' });
  }
  return cases;
}

/** The station node: commands for it, for others, numbers, and junk (start/stop are left out: they would end the session). */
export function stationCases(r: Random, count: number, stationId: string): FuzzCase[] {
  const validA = (): number => (r() < 0.2 ? 0 : 6 + Math.floor(r() * 27));
  const command = (station: string, currentA: unknown, phases?: unknown): Record<string, unknown> => ({
    kind: 'station-command', station, currentA, ...(phases === undefined ? {} : { phases }), reason: 'fuzz', timestamp: Date.now(),
  });
  const cases: FuzzCase[] = [];
  for (let i = 0; i < count; i++) {
    const roll = r();
    if (roll < 0.3) cases.push({ msg: { payload: command(stationId, validA(), pick(r, [undefined, 1, 3])) }, expect: 'ok', label: 'command' });
    else if (roll < 0.4) cases.push({ msg: { payload: validA() }, expect: 'ok', label: 'amperes' });
    else if (roll < 0.48) cases.push({ msg: { payload: command('fz-other', pick(r, [16, 99, Number.NaN, 'x'])) }, expect: 'ok', label: 'for another station' });
    else if (roll < 0.63) cases.push({ msg: { payload: command(stationId, pick(r, [1, 5, 5.5, 6.5, 33, -6, Number.NaN, Number.POSITIVE_INFINITY, 1e308, '16', null, [16]])) }, expect: 'error', label: 'bad current' });
    else if (roll < 0.7) cases.push({ msg: { payload: command(stationId, 16, pick(r, [2, 0, '3', 'three'])) }, expect: 'error', label: 'bad phases' });
    else if (roll < 0.8) cases.push({ msg: { payload: pick(r, ['16', null, true, [], 'stop', { kind: 'station-command', currentA: 16 }]) }, expect: 'error', label: 'not a command' });
    else cases.push({ msg: { payload: mutate(r, command(stationId, validA(), pick(r, [undefined, 1, 3]))) }, expect: 'either', label: 'mutated command' });
  }
  return cases;
}

/** The normalizer: the reading fuzz corpus of test/lib/reading (every payload shape, mutated). */
export function normalizerCases(seed: number, count: number): FuzzCase[] {
  return fuzzMessages(seed, count).map((msg) => ({ msg: msg as Record<string, unknown>, expect: 'either' as const, label: 'reading input' }));
}

/** The meter node: any message asks for a reading now, whatever it carries. */
export function meterCases(r: Random, count: number): FuzzCase[] {
  return Array.from({ length: count }, () => ({ msg: { topic: pick(r, ['', 'read', 'x']), payload: randomJson(r) }, expect: 'ok' as const, label: 'read request' }));
}
