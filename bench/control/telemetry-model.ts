import { identifyDevice } from '../../lib/lektrico/device-id';
import { parseChargerInfo, parseDynamicCurrent } from '../../lib/lektrico/replies';
import type { StationTelemetry } from '../../lib/lektrico/station-telemetry';
import { buildTelemetry } from '../../lib/lektrico/telemetry';
import type { StationModel } from '../../lib/sim/lektrico/station-model';
import type { StationSetup } from './plant';

/**
 * Station telemetry as the station output node produces it: charger_info.get (plus
 * dynamic_current.get on a 3P22K) read from the station model, decoded and built into
 * StationTelemetry by the package's own lib/lektrico code. Polled every 2 s, and once right after
 * each command (as the node's StationController does); `latencyMs` from the read to delivery.
 */
export const TELEMETRY_PERIOD_MS = 2000;
export const TELEMETRY_LATENCY_MS = 100;
/** HTTP dynamic_current.set from the controller's decision to the station applying it. */
export const COMMAND_LATENCY_MS = 100;

export function readTelemetry(
  setup: StationSetup,
  model: StationModel,
  nowMs: number,
  lastCommand?: StationTelemetry['lastCommand'],
): StationTelemetry {
  const info = parseChargerInfo(model.read('charger_info.get'));
  const dynamic = setup.type === '3p22k' ? parseDynamicCurrent(model.read('dynamic_current.get')) : undefined;
  return buildTelemetry(
    { identity: identifyDevice(model.deviceId), info, dynamic, errors: [] },
    {
      stationId: setup.id,
      gridPhases: setup.gridPhases,
      allowPhaseSwitching: setup.canSwitchPhases,
      minCurrentA: setup.minCurrentA,
      maxCurrentA: setup.maxCurrentA,
      lastCommand,
    },
    nowMs,
  );
}
