import type { JobResult } from './job';
import { renderChart } from './svg-chart';

/** The chart of one Green day in BENCHMARKS.md: PV and house, and the car's current under ours and a baseline. */
export const CHART_SCENARIO = 'green';
export const CHART_DAY = 'openems-day';
export const CHART_BASELINE = 'evcc-like';
const LOCAL_OFFSET_MS = 2 * 3_600_000; // the OpenEMS day is replayed as a CEST day

export function renderGreenDayChart(results: readonly JobResult[]): string | undefined {
  const ours = results.find((r) => r.job.row.policy === 'ours' && r.chart);
  const baseline = results.find((r) => r.job.row.policy === CHART_BASELINE && r.chart);
  if (!ours?.chart || !baseline?.chart) return undefined;
  const start = ours.chart[0].tMs;
  const end = ours.chart[ours.chart.length - 1].tMs + 60_000;
  const points = ours.chart;
  const kw = (pick: (p: (typeof points)[number]) => number): Array<[number, number]> => points.map((p) => [p.tMs, pick(p) / 1000]);
  const amps = (r: JobResult): Array<[number, number]> => (r.chart ?? []).map((p) => [p.tMs, p.carA.reduce((a, b) => a + b, 0)]);
  return renderChart({
    title: `Green, 11 kW car, OpenEMS 1-min day with passing clouds (1-min samples): ours vs ${CHART_BASELINE}`,
    xStartMs: start,
    xEndMs: end,
    xLabelOffsetMs: LOCAL_OFFSET_MS,
    panels: [
      {
        yLabel: 'kW',
        series: [
          { name: 'PV', color: '#e69f00', points: kw((p) => p.pvW) },
          { name: 'house (without car)', color: '#555555', points: kw((p) => p.houseW) },
          { name: 'PV − house (surplus)', color: '#009e73', points: kw((p) => Math.max(0, p.pvW - p.houseW)), dashed: true },
        ],
      },
      {
        yLabel: 'car current per phase, A',
        yMax: 20,
        series: [
          { name: 'ours', color: '#0072b2', points: amps(ours) },
          { name: CHART_BASELINE, color: '#d55e00', points: amps(baseline), dashed: true },
        ],
      },
    ],
  });
}
