import { columnIndex, numberCell, parseCsv } from './csv';
import type { HomeTrace } from './home-trace';
import { PowerSeries } from './power-series';

/**
 * OpenEMS Edge simulator data (EPL-2.0): one summer weekday, one `ActivePower` value (W) per
 * minute, no timestamps (row i = minute i after local midnight; the caller says which day).
 *
 * Signs: the PV file is 0 … 6130 W, positive = generation, used as is. The consumption file is
 * mostly negative (−4358 … +146 W, −13.1 kWh over the day): its sign convention is undocumented
 * (the repository's "fixed signs" commit flipped it), and a household does not produce 13 kWh,
 * so we read consumption = −ActivePower. The few positive samples (at most 146 W) would be
 * negative consumption; they are clamped to 0 and counted in `notes`.
 * Magnitudes are household-sized already (≈ 7 kWp PV, 13 kWh/day): no rescaling.
 */
const MINUTE_MS = 60_000;

function minuteValues(csvText: string, what: string): number[] {
  const table = parseCsv(csvText);
  const c = columnIndex(table, 'ActivePower', what);
  return table.rows.map((row, i) => {
    const w = numberCell(row[c]);
    if (w === undefined) throw new Error(`${what}: row ${i + 2} is not a number`);
    return w;
  });
}

export function loadOpenEmsDay(pvCsv: string, consumptionCsv: string, dayStartMs: number, name = 'OpenEMS 1-min day'): HomeTrace {
  const pv = minuteValues(pvCsv, 'OpenEMS PV');
  const use = minuteValues(consumptionCsv, 'OpenEMS consumption');
  if (pv.length !== use.length) throw new Error(`OpenEMS: ${pv.length} PV rows but ${use.length} consumption rows`);
  let clamped = 0;
  const house = use.map((w) => {
    if (w > 0) clamped++;
    return Math.max(0, -w);
  });
  return {
    name,
    house: PowerSeries.regular(dayStartMs, MINUTE_MS, house),
    pv: PowerSeries.regular(dayStartMs, MINUTE_MS, pv.map((w) => Math.max(0, w))),
    notes: [`consumption = −ActivePower; ${clamped} positive sample(s) clamped to 0 W`],
  };
}
