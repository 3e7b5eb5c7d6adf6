import { numberCell, parseCsv } from './csv';
import type { HomeTrace } from './home-trace';
import { PowerSeries } from './power-series';
import { parseTimestamp } from './timestamps';

/**
 * A user's own meter export, so anyone can replay their home:
 *
 *   timestamp,house_w,pv_w[,l1_w,l2_w,l3_w]
 *   2024-06-01T10:00:00+02:00,850,4200
 *   1717228860,910,4150
 *
 * - timestamp: ISO 8601 (Z or an offset; without one it is UTC) or epoch seconds / milliseconds.
 *   Each row is the start of an interval that lasts until the next row; the last row lasts as
 *   long as the one before it. Rows must be in time order.
 * - house_w: household consumption in W WITHOUT the EV charger (≥ 0).
 * - pv_w: PV generation in W (≥ 0). Empty or missing column = no PV.
 * - l1_w, l2_w, l3_w (optional, all three or none): measured house W per phase; when present
 *   the phase split uses them instead of the modelled split (house_w may then be left empty).
 * Values are interval averages or instantaneous samples: both replay the same way.
 * Header names are case-insensitive; extra columns are ignored.
 */
export function loadUserCsv(csvText: string, name = 'user CSV'): HomeTrace {
  const what = 'user CSV';
  const table = parseCsv(csvText);
  if (table.header.length === 1 && table.header[0].includes(';')) {
    throw new Error(`${what}: the columns are separated by ";" (a spreadsheet's export in many languages); save it with commas: timestamp,house_w,pv_w`);
  }
  const col = (n: string): number => table.header.findIndex((h) => h.toLowerCase() === n);
  const tCol = col('timestamp');
  const houseCol = col('house_w');
  const pvCol = col('pv_w');
  const phaseCols = [col('l1_w'), col('l2_w'), col('l3_w')];
  const hasPhases = phaseCols.every((c) => c >= 0);
  if (tCol < 0) throw new Error(`${what}: needs a "timestamp" column`);
  if (houseCol < 0 && !hasPhases) throw new Error(`${what}: needs "house_w" or all of "l1_w,l2_w,l3_w"`);
  if (!hasPhases && phaseCols.some((c) => c >= 0)) throw new Error(`${what}: give all of l1_w, l2_w, l3_w or none`);
  if (table.rows.length === 0) throw new Error(`${what}: no data rows`);
  const starts: number[] = [];
  const house: number[] = [];
  const pv: number[] = [];
  const phases: [number[], number[], number[]] = [[], [], []];
  table.rows.forEach((row, i) => {
    const line = i + 2;
    let t: number;
    try {
      t = parseTimestamp(row[tCol] ?? '');
    } catch (err) {
      throw new Error(`${what}: line ${line}: ${(err as Error).message}`);
    }
    if (starts.length > 0 && t <= starts[starts.length - 1]) throw new Error(`${what}: line ${line}: time does not advance`);
    starts.push(t);
    const perPhase = hasPhases ? phaseCols.map((c) => numberCell(row[c])) : [];
    if (hasPhases && perPhase.some((w) => w === undefined)) throw new Error(`${what}: line ${line}: l1_w..l3_w must be numbers`);
    perPhase.forEach((w, p) => phases[p].push(w as number));
    const h = houseCol >= 0 ? numberCell(row[houseCol]) : undefined;
    const total = h ?? (hasPhases ? (perPhase as number[]).reduce((a, b) => a + b, 0) : undefined);
    if (total === undefined) throw new Error(`${what}: line ${line}: house_w is not a number`);
    // A negative consumption is most often the grid power (import − export) given instead.
    if ([total, ...perPhase].some((w) => (w as number) < 0)) {
      throw new Error(`${what}: line ${line}: a negative house consumption; house_w (and l1_w..l3_w) is what the home uses without the charger, not the grid power`);
    }
    house.push(total);
    pv.push(pvCol >= 0 ? pvCell(row[pvCol], line) : 0);
  });
  const lastStep = starts.length > 1 ? starts[starts.length - 1] - starts[starts.length - 2] : 60_000;
  const endMs = starts[starts.length - 1] + lastStep;
  const series = (v: number[]): PowerSeries => new PowerSeries(starts, v, endMs);
  return {
    name,
    house: series(house),
    pv: series(pv.map((w) => Math.max(0, w))),
    housePhases: hasPhases ? [series(phases[0]), series(phases[1]), series(phases[2])] : undefined,
    notes: [],
  };
}

/** W of PV in a cell: empty is no PV, anything else must be a number (a typo is not quietly 0). */
function pvCell(cell: string | undefined, line: number): number {
  if (cell === undefined || cell.trim() === '') return 0;
  const w = numberCell(cell);
  if (w === undefined) throw new Error(`user CSV: line ${line}: pv_w is not a number`);
  return w;
}
