import { columnIndex, numberCell, parseCsv } from './csv';
import type { HomeTrace } from './home-trace';
import { fillGaps, PowerSeries, powersFromCounter } from './power-series';
import { parseTimestamp } from './timestamps';

/**
 * Open Power System Data, Household Data, DE_KN_residential4 (Konstanz; PV, EV, heat pump),
 * 15-min or 60-min files. CC BY 4.0: "Open Power System Data. 2017. Data Package Household Data.
 * Primary data from the CoSSMic project (ISC Konstanz)."
 *
 * Every column is a cumulative kWh counter. Labels (`utc_timestamp`) are period starts and the
 * value at label t_k is the last reading inside [t_k, t_k + Δt), so E[k] − E[k−1] is the energy of
 * the period that starts at t_k: P_k = ΔE / Δt, and the first row only anchors the counters.
 *
 * House consumption (everything but the EV, which our simulated cars replace):
 *   house = grid_import − grid_export + pv − ev
 * (what came from the grid, plus PV used on site, minus the car). The counters are separate
 * meters read at slightly different instants, so in sunny hours export can exceed PV within one
 * interval (by up to ~1 kW in the summer file) and the next interval makes up for it. Such a
 * negative balance is set to 0 and the deficit carried into the following intervals, so the
 * house energy over the day is kept; `notes` counts them. Empty cells (gaps) are bridged linearly
 * and counted too.
 * Sub-metered appliances (heat pump, washing machine, dishwasher, freezer, refrigerator) are
 * returned as `circuits`, each clamped to [0, house] so the phase split can place them.
 */
const PREFIX = 'DE_KN_residential4_';
const CIRCUITS = ['heat_pump', 'washing_machine', 'dishwasher', 'freezer', 'refrigerator'] as const;

export function loadOpsdResidential4(csvText: string, name = 'OPSD residential4'): HomeTrace {
  const what = 'OPSD residential4';
  const table = parseCsv(csvText);
  const tCol = columnIndex(table, 'utc_timestamp', what);
  const counter = (column: string): Array<number | undefined> => {
    const c = columnIndex(table, PREFIX + column, what);
    return table.rows.map((row) => numberCell(row[c]));
  };
  if (table.rows.length < 2) throw new Error(`${what}: need at least two rows (one interval)`);
  const labels = table.rows.map((row) => parseTimestamp(row[tCol]));
  const notes: string[] = [];
  const power = (column: string): number[] => {
    const p = powersFromCounter(labels, counter(column));
    const filled = fillGaps(p);
    if (filled > 0) notes.push(`${column}: ${filled} interval(s) without counter data bridged linearly`);
    return p;
  };
  const imp = power('grid_import');
  const exp = power('grid_export');
  const pv = power('pv');
  const ev = power('ev');
  let clamped = 0;
  let deficitW = 0; // carried forward (equal interval lengths, so W carry = energy carry)
  const house = imp.map((_, k) => {
    const w = imp[k] - exp[k] + pv[k] - ev[k] - deficitW;
    if (w < 0) clamped++;
    deficitW = Math.max(0, -w);
    return Math.max(0, w);
  });
  if (clamped > 0) notes.push(`house = import − export + pv − ev was below 0 in ${clamped} interval(s): set to 0, deficit carried forward`);
  const starts = labels.slice(1);
  const endMs = labels[labels.length - 1] + (labels[labels.length - 1] - labels[labels.length - 2]);
  const series = (values: number[]): PowerSeries => new PowerSeries(starts, values, endMs);
  const circuits: Record<string, PowerSeries> = {};
  for (const c of CIRCUITS) {
    const p = power(c);
    circuits[c] = series(p.map((w, k) => Math.min(Math.max(0, w), house[k])));
  }
  return {
    name,
    house: series(house),
    pv: series(pv.map((w) => Math.max(0, w))),
    circuits,
    notes,
  };
}
