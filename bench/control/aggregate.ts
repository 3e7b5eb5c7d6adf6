import { type HistogramData, LogHistogram } from './histogram';
import type { JobResult } from './job';
import { type RowSpec, rowKey } from './policies';
import type { ReactionFigures } from './reaction';

/** One table row: a policy (with its meter) over all the days of a scenario; reactions merged over its runs. */
export interface RowFigures extends ReactionFigures {
  row: RowSpec;
  runs: number;
  hours: number;
  energyKWh: number;
  pvToCarKWh: number;
  gridToCarKWh: number;
  surplusKWh: number;
  /** % of the car energy that came from the grid. */
  gridSharePct: number;
  secondsOver: number;
  pctTimeOver: number;
  /** A·s above the limit, all phases. */
  ampSecondsOver: number;
  peakRatio: number;
  breakerPeakPct: number;
  trips: number;
  /** Starts of any one car in any one run (a run is a day, or a window of one). */
  maxStartsPerCarRun: number;
  meanStartsPerCarDay: number;
  commands: number;
  commandsPerHour: number;
  readingWallUs: HistogramData;
  steadyReadingWallUs: HistogramData;
}

export function groupKey(scenario: string, peaks: boolean, row: RowSpec): string {
  return `${scenario}|${peaks ? 'peaks' : 'plain'}|${rowKey(row)}`;
}

/** Sums, maxima and merged histograms of the runs of each (scenario, peaks, row). */
export function aggregate(results: readonly JobResult[]): Map<string, RowFigures> {
  const groups = new Map<string, JobResult[]>();
  for (const r of results) {
    const key = groupKey(r.job.scenario, r.job.peaks, r.job.row);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const out = new Map<string, RowFigures>();
  for (const [key, runs] of groups) {
    const merge = (pick: (r: JobResult) => HistogramData | undefined): HistogramData => {
      const h = new LogHistogram();
      for (const r of runs) {
        const d = pick(r);
        if (d) h.merge(d);
      }
      return h.toData();
    };
    const sum = (pick: (r: JobResult) => number): number => runs.reduce((a, r) => a + pick(r), 0);
    const max = (pick: (r: JobResult) => number): number => Math.max(...runs.map(pick));
    const durationS = sum((r) => r.figures.durationS);
    const energyKWh = sum((r) => r.figures.energyKWh);
    const gridToCarKWh = sum((r) => r.figures.gridToCarKWh);
    const carDays = sum((r) => (r.figures.stations.length * r.figures.durationS) / 86_400);
    const starts = sum((r) => r.figures.stations.reduce((a, s) => a + s.starts, 0));
    const commands = sum((r) => r.figures.commands);
    out.set(key, {
      row: runs[0].job.row,
      runs: runs.length,
      hours: durationS / 3600,
      energyKWh,
      pvToCarKWh: sum((r) => r.figures.pvToCarKWh),
      gridToCarKWh,
      surplusKWh: sum((r) => r.figures.surplusKWh),
      gridSharePct: energyKWh > 0 ? (100 * gridToCarKWh) / energyKWh : 0,
      secondsOver: sum((r) => r.figures.secondsOverAny),
      pctTimeOver: durationS > 0 ? (100 * sum((r) => r.figures.secondsOverAny)) / durationS : 0,
      ampSecondsOver: sum((r) => r.figures.phases.reduce((a, p) => a + p.ampSecondsOver, 0)),
      peakRatio: max((r) => r.figures.peakRatio),
      breakerPeakPct: max((r) => r.figures.breakerPeakPct),
      trips: sum((r) => (r.figures.tripped ? 1 : 0)),
      maxStartsPerCarRun: max((r) => Math.max(...r.figures.stations.map((s) => s.starts))),
      meanStartsPerCarDay: carDays > 0 ? starts / carDays : 0,
      commands,
      commandsPerHour: durationS > 0 ? commands / (durationS / 3600) : 0,
      episodes: sum((r) => r.reaction?.episodes ?? 0),
      detected: sum((r) => r.reaction?.detected ?? 0),
      commanded: sum((r) => r.reaction?.commanded ?? 0),
      readingToCommandMs: merge((r) => r.reaction?.readingToCommandMs),
      onsetToCommandMs: merge((r) => r.reaction?.onsetToCommandMs),
      onsetToClearMs: merge((r) => r.reaction?.onsetToClearMs),
      commandWallUs: merge((r) => r.reaction?.commandWallUs),
      readingWallUs: merge((r) => r.readingWallUs),
      steadyReadingWallUs: merge((r) => r.steadyReadingWallUs),
    });
  }
  return out;
}
