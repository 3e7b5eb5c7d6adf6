import { columnIndex, numberCell, parseCsv } from './csv';
import type { HomeTrace } from './home-trace';
import { fillGaps, PowerSeries } from './power-series';
import { DEFAULT_PV_KWP, pvScaleFactor } from './pv-scale';
import { centralEuropeanCandidates, parseWallClock } from './timestamps';

/**
 * AEW Energie AG PV sites A and B, 2019, 15-min averages in kW (Energy Data Hackdays 2020;
 * treat as ODbL 1.0, attribute "AEW Energie AG").
 *
 * Time: `Timestamp` is Swiss local time without offset and marks the END of each 15-min period
 * (the spring-forward labels 02:15–03:00 are missing, the autumn ones appear twice). Each label is
 * converted with the EU summer-time rule; a repeated label takes the later of its two meanings.
 *
 * Magnitudes: these are not households (A: 51.9 kW PV peak, 35.4 MWh/a consumption; B: 159.6 kW,
 * 132.4 MWh/a), so we replay their *shapes* rescaled to a household:
 *   house × houseAnnualKWh / (the file's consumption, scaled to a year)   (default 4500 kWh/a)
 *   pv    × the factor that makes the file's PV peak that of a pvKWp system (default 8 kWp, pv-scale.ts)
 * Both factors are written to `notes`. Caveat: a building's load is smoother than one home's
 * (many small loads average out), so the sub-interval variability layer matters more here.
 * house = Overall_Consumption_Calc_kW (= generation − feed-in + supply, by the publisher).
 */
export interface AewOptions {
  houseAnnualKWh?: number;
  pvKWp?: number;
}

export const AEW_DEFAULT_HOUSE_ANNUAL_KWH = 4500;
const PERIOD_MS = 15 * 60_000;

export function loadAew(csvText: string, name = 'AEW', options: AewOptions = {}): HomeTrace {
  const what = 'AEW site';
  const table = parseCsv(csvText);
  const tCol = columnIndex(table, 'Timestamp', what);
  const genCol = columnIndex(table, 'Generation_kW', what);
  const useCol = columnIndex(table, 'Overall_Consumption_Calc_kW', what);
  if (table.rows.length === 0) throw new Error(`${what}: no rows`);
  const starts: number[] = [];
  let previous = -Infinity;
  for (const row of table.rows) {
    const candidates = centralEuropeanCandidates(parseWallClock(row[tCol]));
    const end = candidates.find((c) => c > previous) ?? candidates[candidates.length - 1];
    if (end === undefined || !(end > previous)) throw new Error(`${what}: time does not advance at "${row[tCol]}"`);
    starts.push(end - PERIOD_MS);
    previous = end;
  }
  const kw = (c: number): number[] => table.rows.map((row) => (numberCell(row[c]) ?? NaN) * 1000);
  const notes: string[] = [];
  const genW = kw(genCol);
  const useW = kw(useCol);
  for (const [label, values] of [['generation', genW], ['consumption', useW]] as const) {
    const filled = fillGaps(values);
    if (filled > 0) notes.push(`${label}: ${filled} empty interval(s) bridged linearly`);
  }
  const endMs = starts[starts.length - 1] + PERIOD_MS;
  const years = (endMs - starts[0]) / (365 * 24 * 3_600_000);
  const fileAnnualKWh = useW.reduce((a, w) => a + (w * PERIOD_MS) / 3_600_000_000, 0) / years;
  const filePeakW = Math.max(...genW);
  const houseFactor = (options.houseAnnualKWh ?? AEW_DEFAULT_HOUSE_ANNUAL_KWH) / fileAnnualKWh;
  const pvFactor = pvScaleFactor(filePeakW, options.pvKWp ?? DEFAULT_PV_KWP);
  notes.push(
    `house rescaled ×${houseFactor.toPrecision(3)} (file ${Math.round(fileAnnualKWh)} kWh/a)`,
    `pv rescaled ×${pvFactor.toPrecision(3)} (file peak ${Math.round(filePeakW)} W)`,
  );
  return {
    name,
    house: new PowerSeries(starts, useW.map((w) => Math.max(0, w) * houseFactor), endMs),
    pv: new PowerSeries(starts, genW.map((w) => Math.max(0, w) * pvFactor), endMs),
    notes,
  };
}
