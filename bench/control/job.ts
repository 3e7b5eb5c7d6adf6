import type { HistogramData } from './histogram';
import type { DayCatalogue } from './days';
import type { RunFigures } from './metrics';
import { runOracle } from './oracle';
import { METERS, ORACLE, POLICIES, type RowSpec } from './policies';
import type { ReactionFigures } from './reaction';
import { SCENARIOS } from './scenarios';
import { type ChartPoint, simulate } from './simulate';

/** One simulation: a policy row of a scenario on one day. Plain data, so it can cross to a worker. */
export interface Job {
  id: number;
  scenario: string;
  day: string;
  peaks: boolean;
  hours?: [number, number];
  row: RowSpec;
  chartEveryMs?: number;
}

export interface JobResult {
  job: Job;
  figures: RunFigures;
  reaction?: ReactionFigures;
  readingWallUs?: HistogramData;
  steadyReadingWallUs?: HistogramData;
  chart?: ChartPoint[];
  wallMs: number;
}

const HOUR = 3_600_000;

export function runJob(job: Job, catalogue: DayCatalogue): JobResult {
  const scenario = SCENARIOS.find((s) => s.id === job.scenario);
  if (!scenario) throw new Error(`unknown scenario ${job.scenario}`);
  const day = catalogue.load(job.day, job.peaks);
  const startMs = day.startMs + (job.hours?.[0] ?? 0) * HOUR;
  const endMs = job.hours ? day.startMs + job.hours[1] * HOUR : day.endMs;
  const base = { home: day.home, startMs, endMs, limitA: scenario.limitA, mode: scenario.mode, stations: scenario.stations };
  if (job.row.policy === ORACLE) {
    const r = runOracle(base);
    return { job, figures: r.figures, wallMs: r.wallMs };
  }
  const controller = POLICIES[job.row.policy];
  const meter = METERS[job.row.meter ?? ''];
  if (!controller || !meter) throw new Error(`unknown policy or meter in ${JSON.stringify(job.row)}`);
  const r = simulate({ ...base, meter, controller, chartEveryMs: job.chartEveryMs });
  return {
    job,
    figures: r.figures,
    reaction: r.reaction,
    readingWallUs: r.readingWallUs,
    steadyReadingWallUs: r.steadyReadingWallUs,
    chart: r.chart,
    wallMs: r.wallMs,
  };
}
