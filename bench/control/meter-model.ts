import { GRID_PHASES, NOMINAL_VOLTAGE_V } from '../../lib/grid-phase';
import type { CanonicalReading } from '../../lib/reading/canonical-reading';
import type { PlantState } from './plant';

/**
 * How the grid meter reaches a controller. A reading is the plant at its measurement instant,
 * delivered `latencyMs` later, every `periodMs`:
 * - push 1 s: a Shelly Pro 3EM (Gen2+) sends its status over WebSocket/MQTT about every second;
 *   150 ms from measurement to our process (the device averages, then sends);
 * - poll 5 s / 10 s: EM.GetStatus over HTTP every 5 s (the windkh Shelly node's default) or 10 s
 *   (a slower integration, P1 meters); 300 ms from the device's sample to the reply.
 * The reading carries its measurement time (the normalizer's timestamp), so a controller can
 * tell its age.
 */
export interface MeterSetup {
  name: string;
  periodMs: number;
  latencyMs: number;
}

export const METER_PUSH_1S: MeterSetup = { name: 'push 1 s', periodMs: 1000, latencyMs: 150 };
export const METER_POLL_5S: MeterSetup = { name: 'poll 5 s', periodMs: 5000, latencyMs: 300 };
export const METER_POLL_10S: MeterSetup = { name: 'poll 10 s', periodMs: 10_000, latencyMs: 300 };
export const METER_SETUPS: readonly MeterSetup[] = [METER_PUSH_1S, METER_POLL_5S, METER_POLL_10S];

/** A three-phase Shelly EM reading of the plant: power signed (+ import), current as magnitude. */
export function meterReading(state: PlantState, measuredAtMs: number): CanonicalReading {
  const phases = GRID_PHASES.map((phase, i) => ({
    phase,
    power: state.gridA[i] * NOMINAL_VOLTAGE_V,
    current: Math.abs(state.gridA[i]),
    voltage: NOMINAL_VOLTAGE_V,
  }));
  return {
    timestamp: measuredAtMs,
    device: { generation: 2, model: 'SPEM-003CEBEU', id: 'bench-meter' },
    phases,
    power: phases.reduce((sum, p) => sum + p.power, 0),
  };
}
