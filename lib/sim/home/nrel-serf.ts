import { columnIndex, numberCell, parseCsv } from './csv';
import { PowerSeries } from './power-series';
import { DEFAULT_PV_KWP, pvScaleFactor } from './pv-scale';
import { parseTimestamp } from './timestamps';

/**
 * NREL SERF East PV array (Golden, CO; pvlib/pvanalytics data, MIT), AC power in W (the unit is
 * not stated; the range fits W). 1-min file: `measured_on`, `ac_power__752`; 15-min file:
 * `measured_on`, `ac_power`. Stamps carry a fixed −07:00 offset (MST, no DST) and are taken as
 * interval starts (labelling undocumented; at 1 min the difference is negligible).
 *
 * - Small negative night values (inverter standby, a few W) become 0: we model generation.
 * - Rows are missing at night: a gap longer than 1.5 typical steps is filled with 0 W.
 * - Scaled to a chosen kWp (pv-scale.ts): the file's peak becomes 0.85 · kWp.
 * Returns a PV series only; pair it with a house from another source (e.g. the built-in model).
 */
export interface SerfOptions {
  kWp?: number;
}

export function loadNrelSerfPv(csvText: string, options: SerfOptions = {}): { pv: PowerSeries; notes: string[] } {
  const what = 'NREL SERF PV';
  const table = parseCsv(csvText);
  const tCol = columnIndex(table, 'measured_on', what);
  const pCol = table.header.findIndex((h) => h.startsWith('ac_power'));
  if (pCol < 0) throw new Error(`${what}: no ac_power column (header: ${table.header.join(', ')})`);
  const points = table.rows
    .map((row) => ({ t: parseTimestamp(row[tCol]), w: numberCell(row[pCol]) }))
    .filter((p): p is { t: number; w: number } => p.w !== undefined)
    .sort((a, b) => a.t - b.t);
  if (points.length < 2) throw new Error(`${what}: need at least two rows`);
  const diffs = points.slice(1).map((p, i) => p.t - points[i].t).sort((a, b) => a - b);
  const stepMs = diffs[Math.floor(diffs.length / 2)];
  const starts: number[] = [];
  const values: number[] = [];
  let gaps = 0;
  points.forEach((p, i) => {
    starts.push(p.t);
    values.push(Math.max(0, p.w));
    const next = points[i + 1];
    if (next && next.t - p.t > 1.5 * stepMs) {
      starts.push(p.t + stepMs);
      values.push(0);
      gaps++;
    }
  });
  const factor = pvScaleFactor(Math.max(...values), options.kWp ?? DEFAULT_PV_KWP);
  const pv = new PowerSeries(starts, values.map((w) => w * factor), points[points.length - 1].t + stepMs);
  return {
    pv,
    notes: [
      `negative standby values set to 0; ${gaps} gap(s) longer than ${1.5 * stepMs / 60000} min filled with 0 W`,
      `scaled ×${factor.toPrecision(3)} to ${options.kWp ?? DEFAULT_PV_KWP} kWp`,
    ],
  };
}
