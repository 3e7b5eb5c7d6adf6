import type { ControllerContext, StationInfo } from '../../bench/control/controller';
import type { StationTelemetry } from '../../lib/lektrico/station-telemetry';
import type { CanonicalReading } from '../../lib/reading/canonical-reading';
import { GRID_PHASES, type GridPhase } from '../../lib/grid-phase';

/** Hand-made inputs for the policy tests: a meter reading and station telemetry at 230 V. */
export function reading(tMs: number, phaseA: [number, number, number]): CanonicalReading {
  const phases = GRID_PHASES.map((phase, i) => ({ phase, power: phaseA[i] * 230, current: Math.abs(phaseA[i]), voltage: 230 }));
  return { timestamp: tMs, device: {}, phases, power: phases.reduce((a, p) => a + p.power, 0) };
}

export function telemetry(station: string, tMs: number, drawA: number, options: { gridPhases?: GridPhase[]; activePhases?: 1 | 3 } = {}): StationTelemetry {
  const gridPhases = options.gridPhases ?? ['L1', 'L2', 'L3'];
  const activePhases = options.activePhases ?? (gridPhases.length === 3 ? 3 : 1);
  const currentsA = gridPhases.map((_, i) => (i < activePhases ? drawA : 0));
  return {
    kind: 'station-telemetry',
    station,
    timestamp: tMs,
    online: true,
    state: drawA > 0 ? 'charging' : 'connected',
    carConnected: true,
    charging: drawA > 0,
    gridPhases,
    activePhases,
    canSwitchPhases: false,
    currentsA,
    voltagesV: gridPhases.map(() => 230),
    powerW: drawA * activePhases * 230,
    limitReason: { code: 0, name: 'no_limit' },
    minCurrentA: 6,
    maxCurrentA: 32,
    errors: [],
  };
}

export function info(id: string, extra: Partial<StationInfo> = {}): StationInfo {
  return { id, gridPhases: ['L1', 'L2', 'L3'], minCurrentA: 6, maxCurrentA: 32, canSwitchPhases: false, ...extra };
}

export function context(mode: ControllerContext['mode'], stations: StationInfo[], limitA = 25): ControllerContext & { now: { ms: number } } {
  const now = { ms: 0 };
  return { mode, limitA, stations, clock: () => now.ms, now };
}
