import type { ControllerFactory } from './controller';
import { evccLike } from './evcc-like';
import { type MeterSetup, METER_POLL_10S, METER_POLL_5S, METER_PUSH_1S } from './meter-model';
import { openWbLike } from './openwb-like';
import { ours, oursNoStartLimit } from './ours';
import { smartEvseLike } from './smartevse-like';

export const POLICIES: Record<string, ControllerFactory> = {
  ours,
  'evcc-like': evccLike,
  'SmartEVSE-like': smartEvseLike,
  'openWB-like': openWbLike,
  [oursNoStartLimit.name]: oursNoStartLimit,
};

export const METERS: Record<string, MeterSetup> = {
  [METER_PUSH_1S.name]: METER_PUSH_1S,
  [METER_POLL_5S.name]: METER_POLL_5S,
  [METER_POLL_10S.name]: METER_POLL_10S,
};

/** One row of a scenario table: a policy with a meter, or the oracle. */
export interface RowSpec {
  policy: string;
  meter?: string;
}

export const ORACLE = 'oracle';

/** Ours with every meter model, ours without the start limit (Green); the baselines with the best meter (1 s push); the oracle. */
export const FULL_ROWS: readonly RowSpec[] = [
  { policy: 'ours', meter: METER_PUSH_1S.name },
  { policy: 'ours', meter: METER_POLL_5S.name },
  { policy: 'ours', meter: METER_POLL_10S.name },
  { policy: oursNoStartLimit.name, meter: METER_PUSH_1S.name },
  { policy: 'evcc-like', meter: METER_PUSH_1S.name },
  { policy: 'SmartEVSE-like', meter: METER_PUSH_1S.name },
  { policy: 'openWB-like', meter: METER_PUSH_1S.name },
  { policy: ORACLE },
];

/** The compact rows of the "without the peaks layer" tables. */
export const COMPACT_ROWS: readonly RowSpec[] = FULL_ROWS.filter((r) => r.policy !== 'ours' || r.meter === METER_PUSH_1S.name);

export function rowKey(row: RowSpec): string {
  return row.meter ? `${row.policy} @ ${row.meter}` : row.policy;
}
