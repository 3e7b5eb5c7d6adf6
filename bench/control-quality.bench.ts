import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../lib/project-root';
import type { BenchContext, BenchSection } from './bench-module';
import { aggregate, groupKey, type RowFigures } from './control/aggregate';
import { BREAKER_MAGNETIC_MULTIPLE, BREAKER_TAU_MS, BREAKER_ULTIMATE_MULTIPLE, ThermalBreaker } from './control/breaker';
import { checkGoals } from './control/goals';
import { LogHistogram } from './control/histogram';
import type { Job } from './control/job';
import { runJobs } from './control/job-pool';
import { findLosses } from './control/losses';
import { ours, oursNoStartLimit } from './control/ours';
import { METER_SETUPS, METER_PUSH_1S } from './control/meter-model';
import { COMPACT_ROWS, FULL_ROWS, ORACLE, POLICIES, rowKey } from './control/policies';
import { quantiles } from './control/reaction';
import { ms, pct, scenarioTables, us } from './control/report';
import { DayCatalogue } from './control/days';
import { startBound, surplusSeries, type StartBound } from './control/start-bound';
import { SCENARIOS } from './control/scenarios';
import { renderGreenDayChart, CHART_DAY, CHART_BASELINE, CHART_SCENARIO } from './control/green-day-chart';
import { COMMAND_LATENCY_MS, TELEMETRY_LATENCY_MS, TELEMETRY_PERIOD_MS } from './control/telemetry-model';

/**
 * `npm run bench -- control-quality`: replays the real household and PV recordings in
 * ../shared/data through our lib/energy chain and through evcc-, SmartEVSE- and openWB-like
 * baselines, against a perfect-foresight oracle, with the package's station and car simulator.
 */
const TITLE = 'Control quality on real household and PV days';
const CHART_FILE = 'control-quality-green-day.svg';

export async function run(ctx: BenchContext): Promise<BenchSection> {
  if (!ctx.sharedDataDir) {
    return { title: TITLE, markdown: 'Not run: ../shared/data (the recorded traces) was not found.', data: { skipped: true } };
  }
  const started = Date.now();
  const jobs = buildJobs(ctx.quick);
  ctx.log(`control-quality: ${jobs.length} simulations${ctx.quick ? ' (quick)' : ''}`);
  const results = await runJobs(jobs, ctx.sharedDataDir, {
    onDone: (_r, done) => {
      if (done % 20 === 0 || done === jobs.length) ctx.log(`  ${done}/${jobs.length} done (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    },
  });
  const rows = aggregate(results);
  const bounds = ctx.quick ? [] : startBounds(ctx.sharedDataDir, results);
  const chartResults = results.filter((r) => r.job.chartEveryMs);
  const chartSvg = renderGreenDayChart(chartResults);
  const resultsDir = path.join(projectRoot(), 'bench', 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  if (chartSvg) fs.writeFileSync(path.join(resultsDir, CHART_FILE), chartSvg);
  const wallS = (Date.now() - started) / 1000;
  const simulatedH = results.reduce((a, r) => a + r.figures.durationS / 3600, 0);
  return {
    title: TITLE,
    markdown: markdown(ctx.quick, rows, wallS, simulatedH, results.length, chartSvg !== undefined, bounds),
    data: {
      quick: ctx.quick,
      simulations: results.length,
      simulatedHours: simulatedH,
      wallSeconds: wallS,
      goals: checkGoals(SCENARIOS, rows),
      startBounds: bounds,
      rows: [...rows.entries()].map(([key, f]) => summarise(key, f)),
    },
  };
}

function buildJobs(quick: boolean): Job[] {
  const jobs: Job[] = [];
  let id = 0;
  for (const s of SCENARIOS) {
    const days = quick ? s.quickDays : s.days;
    for (const peaks of s.withoutPeaks ? [true, false] : [true]) {
      for (const d of days) {
        for (const row of (peaks ? FULL_ROWS : COMPACT_ROWS).filter((r) => !POLICIES[r.policy]?.unsupported?.[s.mode])) {
          const chart =
            peaks && s.id === CHART_SCENARIO && d.day === CHART_DAY && row.meter === METER_PUSH_1S.name && (row.policy === 'ours' || row.policy === CHART_BASELINE);
          jobs.push({ id: id++, scenario: s.id, day: d.day, peaks, hours: d.hours, row, ...(chart ? { chartEveryMs: 60_000 } : {}) });
        }
      }
    }
  }
  // longest first: ours (the whole chain per reading) and two-station runs take the most time
  const weight = (j: Job): number => (j.row.policy === 'ours' ? 4 : j.row.policy === ORACLE ? 1 : 2) * (j.scenario.startsWith('two-cars') ? 2 : 1);
  return jobs.sort((a, b) => weight(b) - weight(a) || a.id - b.id);
}

function summarise(key: string, f: RowFigures): Record<string, unknown> {
  const { readingToCommandMs, onsetToCommandMs, onsetToClearMs, commandWallUs, readingWallUs, steadyReadingWallUs, ...flat } = f;
  return {
    key,
    ...flat,
    row: rowKey(f.row),
    readingToCommandMs: quantiles(readingToCommandMs),
    onsetToCommandMs: quantiles(onsetToCommandMs),
    onsetToClearMs: quantiles(onsetToClearMs),
    commandWallUs: quantiles(commandWallUs),
    readingWallUs: quantiles(readingWallUs),
    steadyReadingWallUs: quantiles(steadyReadingWallUs),
  };
}

/** The day on which even the oracle starts the car dozens of times. */
const CLOUDS_DAY = 'openems-day';
const START_GOAL = 6;
const GRID_GOAL = 0.02;

interface SpanFigures {
  pvKWh: number;
  gridSharePct: number;
  /** The most starts of the car in one day. */
  starts: number;
}

interface StartBoundRow {
  title: string;
  /** 'the passing-clouds day' or 'its N days'. */
  span: string;
  bound: StartBound;
  ours: SpanFigures | undefined;
  oursNoLimit: SpanFigures | undefined;
}

/**
 * The perfect-foresight bounds with at most 6 starts a day and 2 % grid for each single-car Green
 * scenario: on the passing-clouds day alone, and over all the scenario's days (as its goals count).
 */
function startBounds(dataDir: string, results: Awaited<ReturnType<typeof runJobs>>): StartBoundRow[] {
  const catalogue = new DayCatalogue(dataDir);
  const surplus = new Map<string, number[]>();
  const surplusOf = (day: string): number[] => {
    let series = surplus.get(day);
    if (!series) {
      series = surplusSeries(catalogue.load(day, true));
      surplus.set(day, series);
    }
    return series;
  };
  const figures = (scenario: string, days: string[], policy: string): SpanFigures | undefined => {
    const runs = results.filter(
      (x) => x.job.scenario === scenario && days.includes(x.job.day) && x.job.peaks && x.job.row.policy === policy && x.job.row.meter === METER_PUSH_1S.name,
    );
    if (runs.length !== days.length) return undefined;
    const energyKWh = runs.reduce((a, r) => a + r.figures.energyKWh, 0);
    return {
      pvKWh: runs.reduce((a, r) => a + r.figures.pvToCarKWh, 0),
      gridSharePct: energyKWh > 0 ? (100 * runs.reduce((a, r) => a + r.figures.gridToCarKWh, 0)) / energyKWh : 0,
      starts: Math.max(...runs.flatMap((r) => r.figures.stations.map((x) => x.starts))),
    };
  };
  return SCENARIOS.filter((s) => s.mode === 'green' && s.stations.length === 1).flatMap((s) => {
    const spans = [
      ...(s.days.some((d) => d.day === CLOUDS_DAY) ? [{ span: 'the passing-clouds day', days: [CLOUDS_DAY] }] : []),
      { span: `its ${s.days.length} days`, days: s.days.map((d) => d.day) },
    ];
    return spans.map(({ span, days }) => ({
      title: s.title,
      span,
      bound: startBound(days.map(surplusOf), s.stations[0], START_GOAL, GRID_GOAL),
      ours: figures(s.id, days, ours.name),
      oursNoLimit: figures(s.id, days, oursNoStartLimit.name),
    }));
  });
}

/**
 * What was tried for the Green goals (issue #7), as measured in one-off sweeps with this harness
 * (ours, 1 s push, the four Green scenarios, settings overridden per run). Static text: the
 * sweeps are not part of the bench run.
 */
function greenTuning(): string[] {
  const row = (what: string, ...cells: string[]): string => `| ${what} | ${cells.join(' | ')} |`;
  return [
    '#### Green tuning: what was tried (one-off sweeps, 2026-11-25)',
    '',
    'Each cell: PV into the car as % of the oracle · grid share · most starts of a car in a day, over the scenario\'s days (ours, 1 s push). Goals: ≥ 95 %, ≤ 2 %, ≤ 6.',
    '',
    'First round. In these sweeps the smoothing while the surplus falls was 6 s wherever a row says 4 s (the constant did not match its description), and a car\'s draw ratio fell back to 1 after every command (fixed since: second round below).',
    '',
    '| change (from the settings before) | Green, 11 kW | two cars | 1-phase 7.4 kW | 1/3-phase switching |',
    '|---|---|---|---|---|',
    row('before: stop after 240 s > 200 W short, 600 s minimum run and pause, 10 s smoothing', '100.0 % · 3.18 % · 7', '98.1 % · 3.82 % · 7', '99.8 % · 2.38 % · 10', '91.7 % · 3.34 % · 12'),
    row('stop budget 50 Wh, minimum run still honoured', '95.6 % · 2.49 % · 9', '90.0 % · 2.78 % · 9', '99.7 % · 2.04 % · 12', '91.2 % · 2.88 % · 12'),
    row('stop budget 50 Wh, stops within the minimum run', '95.8 % · 1.92 % · 11', '90.4 % · 1.81 % · 11', '99.6 % · 1.58 % · 12', '90.9 % · 2.36 % · 12'),
    row('stop budget 100 Wh, stops within the minimum run', '98.8 % · 2.58 % · 9', '95.0 % · 2.79 % · 10', '99.6 % · 1.98 % · 11', '91.6 % · 2.91 % · 12'),
    row('50 Wh + pause ×2 after each stop within 6 h (start budget)', '84.0 % · 1.67 % · 5', '85.4 % · 1.27 % · 5', '95.9 % · 1.37 % · 8', '87.0 % · 2.21 % · 12'),
    row('50 Wh + start delay ×2 after each stop within 6 h', '86.4 % · 1.57 % · 6', '84.1 % · 1.11 % · 4', '95.1 % · 1.29 % · 7', '87.6 % · 2.17 % · 12'),
    row('50 Wh + start delay 3 min', '91.3 % · 1.83 % · 8', '87.0 % · 1.55 % · 8', '98.4 % · 1.48 % · 11', '—'),
    row('50 Wh + start 300 W above the minimum for 2 min', '85.6 % · 1.79 % · 9', '87.1 % · 1.63 % · 9', '97.8 % · 1.31 % · 9', '—'),
    row('50 Wh + surplus smoothed 2 s while falling (asymmetric)', '94.9 % · 1.61 % · 10', '90.5 % · 1.52 % · 10', '98.6 % · 1.26 % · 13', '90.3 % · 2.02 % · 13'),
    row('A: 60 Wh, smoothed 4 s while falling, 3→1 switch after 50 Wh at the 3-phase minimum', '95.9 % · 1.95 % · 10', '91.3 % · 1.84 % · 10', '99.6 % · 1.54 % · 12', '90.6 % · 2.18 % · 12'),
    row('A + minimum pause 5 min', '97.6 % · 1.98 % · 11', '93.8 % · 1.91 % · 11', '100.4 % · 1.70 % · 14', '91.8 % · 2.46 % · 15'),
    row('A + grid within 10 % of the PV taken in a dip not counted', '96.0 % · 2.12 % · 10', '94.4 % · 2.18 % · 10', '99.6 % · 1.62 % · 11', '91.3 % · 2.36 % · 12'),
    row('A + restart within the minimum pause on the minimum + 500 W for the start delay', '97.5 % · 1.99 % · 11', '93.8 % · 2.02 % · 12', '100.2 % · 1.64 % · 13', '91.7 % · 2.36 % · 13'),
    row('**kept**: A + restart within the minimum pause on the minimum + 1 kW for the start delay', '96.6 % · 1.93 % · 10', '92.4 % · 1.94 % · 11', '99.9 % · 1.58 % · 12', '90.8 % · 2.19 % · 12'),
    '',
    '- The **stop budget** (the held minimum may take 60 Wh from the grid per dip, net of the export that pays it back) is what lowered the grid share: before it, 97 % of the Green grid energy of the 11 kW car (85–99 % by day) was drawn with the car at its minimum current, i.e. while the stop delay and the minimum run held it through a dip. It costs PV where the surplus sits just below a 3-phase minimum for a long time (two cars, evening of the sunny day) and 2–3 more starts on the passing-clouds day.',
    '- The **early restart** (the sun back at the minimum + 1 kW for the whole start delay ends the minimum pause) takes back part of what the stop budget costs after short, deep clouds.',
    '- **Start budgets** (growing pause or start delay) held the starts to 4–8 but lost a third to a half of the passing-clouds day\'s PV; a **stricter start** (longer delay, a margin) lost 5–15 % of the PV of the 3-phase cars. Neither is used.',
    '- **Asymmetric smoothing** lowers the grid share by 0.1–0.3 points for about as much PV; 2 s let PV noise through (more commands in the closed-loop test), 4 s did as well on the bench without that, so 4 s is kept.',
    '- **Phase switching**: a 2 min up delay gained 1.2 points of PV for 14–23 starts a day; a 30 or 60 min minimum between switches gave 12 or 8 starts on the clear spring day (each 1↔3 switch opens the contactor and counts as a start) for a grid share of 2.8 % or 4.9 %. The 50 Wh budget for switching down saved 0.17 points of grid for 0.2 points of PV.',
    '- **Export reserve / draw-ratio compensation** was not needed: the chain already turns amperes into watts with each car\'s measured draw ratio, and the grid energy comes from the held minimum (above), not from a car drawing more than offered. **1-phase ride-through** is already how Green works: a car that can switch down is not stopped while 1 phase would carry it.',
    '',
    'Second round, after the draw-ratio fix (2026-11-25): a car\'s draw ratio is now kept between commands (`lib/energy/draw-ratios.ts`). Before, it fell back to 1 while the car settled after each command, so a 1 A raise of a car drawing 95 % of its signal looked 5 % dearer right after it was sent and was taken back a second later: a limit cycle every ~16 s (1,060 commands on the sunny Green day; that, not the car model, was the rise in commands per hour), with the car 1 A low half the time.',
    '',
    'The two-car figures from the third row to the diagnostic row were measured before the cars took turns; the rows after it, after.',
    '',
    '| change (from the kept settings) | Green, 11 kW | two cars | 1-phase 7.4 kW | 1/3-phase switching |',
    '|---|---|---|---|---|',
    row('**kept**: as above + the draw ratio kept + switch up early after 200 Wh of PV left unused above the up threshold', '101.5 % · 1.95 % · 11', '91.9 % · 1.86 % · 11', '99.8 % · 1.50 % · 13', '93.2 % · 2.18 % · 14'),
    row('**kept**: + in Green the cars take turns (the one that has charged least starts next)', '—', '97.0 % · 1.92 % · 9', '—', '—'),
    row('start delay 2 min', '98.9 % · 1.95 % · 10', '88.6 % · 1.70 % · 9', '98.7 % · 1.34 % · 12', '92.3 % · 2.05 % · 13'),
    row('minimum pause 15 min', '100.4 % · 1.91 % · 11', '90.0 % · 1.75 % · 10', '99.5 % · 1.43 % · 12', '93.0 % · 2.19 % · 14'),
    row('stop budget 50 Wh', '101.1 % · 1.78 % · 12', '91.6 % · 1.65 % · 11', '99.7 % · 1.37 % · 13', '93.2 % · 2.13 % · 15'),
    row('early restart at the minimum + 500 W', '102.6 % · 2.00 % · 12', '93.8 % · 1.99 % · 12', '100.0 % · 1.56 % · 14', '94.1 % · 2.41 % · 16'),
    row('switch down after 30 Wh from the grid', '—', '—', '—', '93.2 % · 2.09 % · 14'),
    row('switch-up PV budget off; 100 Wh', '—', '—', '—', 'off: 92.8 % · 2.19 % · 14; 100 Wh: 93.7 % · 2.35 % · 14'),
    row('at most 6 starts in 24 h (the new optional setting; a row of its own in the tables above)', '95.0 % · 1.66 % · 6', '86.9 % · 1.36 % · 6', '91.5 % · 1.01 % · 6', '77.9 % · 1.81 % · 6'),
    row('at most 8 starts in 24 h', '97.3 % · 1.86 % · 8', '87.7 % · 1.59 % · 8', '95.0 % · 1.20 % · 8', '80.5 % · 1.70 % · 8'),
    row('at most 6, the stop budget scaled up as the starts run out (× allowed ÷ left)', '96.9 % · 2.81 % · 6', '92.1 % · 2.29 % · 5', '93.2 % · 1.22 % · 6', '92.3 % · 2.32 % · 12 (1↔3 switches not counted then)'),
    row('diagnostic, not a setting: the 11 kW car first in line', '—', '97.3 % · 1.81 % · 11', '—', '—'),
    row('at most 6, the start delay doubled for each start used (instead of × allowed ÷ left)', '91.3 % · 1.50 % · 5', '90.1 % · 1.29 % · 3', '89.0 % · 0.99 % · 6', '76.6 % · 1.78 % · 6'),
    row('no limit; a dip may take 1 % of the PV its run has collected (at most 150 Wh; stop budget 50 Wh)', '102.8 % · 1.95 % · 12', '97.6 % · 1.86 % · 10', '100.4 % · 1.66 % · 13', '94.4 % · 2.50 % · 15'),
    row('(with the optional limit, then counted for all cars together) at most 6, and once they are used a charging car rides through a dip until it has taken 150 Wh or the grid has paid 4 % of the last 24 h\'s charge; a switchable car with no start left judged on the phases it has', '95.1 % · 1.75 % · 6', '91.2 % · 1.49 % · 5', '95.9 % · 1.29 % · 6', '79.1 % · 2.12 % · 6'),
    row('the same, 300 Wh per dip (switching column: before the switchable car was judged on its phases, as in the next two rows)', '95.1 % · 1.92 % · 6', '91.2 % · 1.49 % · 5', '98.0 % · 1.49 % · 6', '79.3 % · 2.55 % · 6'),
    row('the same, 150 Wh per dip, no limit on the share', '96.1 % · 1.98 % · 6', '92.8 % · 1.84 % · 5', '95.9 % · 1.29 % · 6', '79.3 % · 3.07 % · 6'),
    row('the same, 4 % share, no limit per dip', '95.5 % · 2.30 % · 6', '91.2 % · 1.49 % · 5', '98.0 % · 1.49 % · 6', '79.6 % · 4.02 % · 6'),
    row('at most 6, counted per station: a car whose starts are used leaves the staircase and the splitter starts it no more, another car may still start; a cut stops the charging car with the most starts left', '95.1 % · 1.75 % · 6', '94.2 % · 1.91 % · 6', '95.9 % · 1.29 % · 6', '79.1 % · 2.12 % · 6'),
    row('**kept** (with the optional limit): the same, and the start delay no longer grows as the starts run out', '97.0 % · 1.72 % · 6', '96.4 % · 1.96 % · 6', '97.0 % · 1.46 % · 6', '79.3 % · 2.15 % · 6'),
    row('the same, the delay growing × √(allowed ÷ left); × (allowed ÷ left)^1.5', '96.6 % · 1.73 % · 6; 94.2 % · 1.53 % · 5', '95.0 % · 1.89 % · 6; 91.4 % · 1.49 % · 5', '96.4 % · 1.28 % · 6; 95.0 % · 1.30 % · 6', '79.2 % · 2.15 % · 6; 78.5 % · 2.13 % · 6'),
    row('the same, a switchable car keeps its last start: no switch down with one start left (judged on its 3 phases then; judged on 1 phase it is held at its 3-phase minimum: 86.0 % · 6.14 %)', '—', '—', '—', '79.1 % · 2.21 % · 6'),
    row('(fourth round) the kept limit, and a switchable car short of starts switches down only on a grid budget that grows × allowed ÷ left (no down delay once a start is used) and never up with one start left', '—', '—', '—', '86.1 % · 3.34 % · 6 (clear spring day 97.5 %, passing clouds 54.9 %)'),
    row('the same, the budget × √(allowed ÷ left)', '—', '—', '—', '84.1 % · 2.58 % · 6'),
    row('with a limit, start only once the surplus averaged over 10 min (exponential) carries the minimum (switching column: with the two rows above and the up delay and PV budget also × allowed ÷ left)', '83.4 % · 1.55 % · 5', '86.3 % · 1.38 % · 4', '95.6 % · 0.94 % · 6', '88.4 % · 2.34 % · 6'),
    row('**default since this round**: the kept limit of 6 per station (0 lifts it: the kept row without the limit above)', '97.0 % · 1.72 % · 6', '96.4 % · 1.96 % · 6', '97.0 % · 1.46 % · 6', '79.3 % · 2.15 % · 6'),
    row('(fifth round) with the limit, a charging switchable car is switched on its budgets only (no up or down delay), the PV budget × allowed ÷ left, never up with one start left; the grid budget 100 Wh instead of 50', '—', '—', '—', '88.9 % · 2.13 % · 6'),
    row('the same, the PV budget × √(allowed ÷ left): grid budget 100 Wh; 75 Wh', '—', '—', '—', '89.4 % · 2.11 % · 6; 87.9 % · 1.99 % · 6'),
    row('**kept**: the same with the setting\'s own grid budget (50 Wh)', '97.0 % · 1.72 % · 6', '96.4 % · 1.96 % · 6', '97.0 % · 1.46 % · 6', '87.9 % · 1.93 % · 6'),
    row('the kept rule, the PV budget 300 Wh × √; 400 Wh flat; × allowed ÷ left; 200 Wh flat; 120 Wh × √', '—', '—', '—', '87.4 % · 1.94 %; 87.5 % · 1.94 %; 87.4 % · 1.94 %; 82.0 % · 1.83 %; 78.1 % · 1.98 % (all · 6)'),
    row('**kept** since: the same, but a switch up also after the up delay × (allowed ÷ left)² (so a steady surplus just above the threshold still goes up: 14 min with one start used, 90 min with four); the bench\'s days never reach it', '97.0 % · 1.72 % · 6', '96.4 % · 1.96 % · 6', '97.0 % · 1.46 % · 6', '87.9 % · 1.93 % · 6 (× (allowed ÷ left) instead: 84.1 % · 1.99 %)'),
    row('the kept rule, and the last start\'s switch down on a grid budget 3× or 6× larger', '—', '—', '—', '87.9 % · 2.05 % · 6; 89.5 % · 2.43 % · 6'),
    row('the kept rule, and the last start rides through 250 Wh per dip; 400 Wh per dip and 5 % of the last 24 h', '97.5 % · 1.82 % · 6; 98.7 % · 2.00 % · 6', '96.4 % · 1.96 % · 6; the same', '97.0 % · 1.46 % · 6; 99.3 % · 1.79 % · 6', '87.9 % · 2.07 % · 6; 90.3 % · 2.45 % · 6'),
    row('the kept rule, and a start only when a line fitted to the last 20 or 30 min of surplus, projected 0, 10 or 15 min ahead, carries the minimum', '30 min, +15: 89.7 % · 1.74 %; +0: 89.5 % · 1.77 %; 20 min, +10: 94.3 % · 1.74 %', '87.8 % · 1.61 %; 86.7 % · 1.30 %; 92.5 % · 1.67 %', '95.3 % · 1.23 %; 95.1 % · 1.05 %; 96.4 % · 1.30 %', '87.7 % · 1.88 %; 86.0 % · 1.82 %; 88.8 % · 1.87 %'),
    row('with the above (100 Wh), a start only once the surplus above the minimum has added up to 30 Wh (net, from 0), or 10 Wh × starts used', '30 Wh: 87.6 % · 1.68 % · 6; 10 Wh × used: 95.7 % · 1.71 % · 6', '92.0 % · 1.79 % · 6; 94.5 % · 1.80 % · 6', '95.0 % · 1.03 % · 6; 96.2 % · 1.31 % · 6', '77.4 % · 1.76 % · 6; 90.1 % · 2.06 % · 6'),
    row('with the above (100 Wh), start 100 W above the minimum per start used; 5 % of it per run in a row shorter than 30 min', '96.6 % · 1.70 % · 6; 94.3 % · 1.74 % · 6', '94.9 % · 1.79 % · 6; 93.5 % · 1.68 % · 6', '96.5 % · 1.30 % · 6; 96.7 % · 1.30 % · 6', '91.0 % · 2.04 % · 6; 91.2 % · 2.04 % · 6'),
    row('(sixth round; from here the switching column is over the five days of the fixed 3-phase car: the sunny day added) the kept rule', '97.0 % · 1.72 % · 6', '96.4 % · 1.96 % · 6', '97.0 % · 1.46 % · 6', '91.9 % · 1.38 % · 6 (sunny day 98.7 %)'),
    row('the same, the switch-down grid budget 75; 100; 150; 250 Wh', '—', '—', '—', '92.2 % · 1.52 %; 93.1 % · 1.62 %; 93.1 % · 1.72 %; 93.5 % · 1.86 % (all · 6)'),
    row('with 100 Wh, the last start rides through 300 Wh per dip and 4 %; 250 Wh and 5 %; 350 Wh and 5 %; 400 Wh and 4.5 % of the last 24 h', '97.7 % · 1.87 %; 97.5 % · 1.82 %; 98.7 % · 1.95 %; 98.7 % · 2.00 %', '96.4 % · 1.96 % (all)', '97.0 % · 1.46 %; 97.0 % · 1.52 %; 99.3 % · 1.77 %; 99.0 % · 1.65 %', '93.1 % · 1.73 %; 93.1 % · 1.70 %; 94.6 % · 1.88 %; 94.6 % · 1.87 % (all · 6)'),
    row('**kept**: switch-down grid budget 100 Wh, the last start rides through 300 Wh per dip and 5 % of the last 24 h', '97.7 % · 1.87 % · 6', '96.4 % · 1.96 % · 6', '99.3 % · 1.74 % · 6', '94.6 % · 1.84 % · 6 (on its four former days 91.7 % · 2.47 %: without the sunny day over 2 % grid)'),
    row('the kept settings, and the switch-down grid budget 150; 250 Wh', '—', '—', '—', '94.6 % · 1.94 % · 6; 95.0 % · 2.02 % · 6'),
    row('the kept settings, and hysteresis 100; 250; 400; 600 W', '—', '—', '—', '89.3 % · 1.74 % (passing clouds 53.5 %: up at noon); 88.8 % · 1.75 %; 94.7 % · 1.84 %; 94.5 % · 1.84 %'),
    row('the kept settings, and the switch-up PV budget 150; 300 Wh; 5 min between switches', '—', '—', '—', '94.7 % · 1.84 %; 94.4 % · 1.84 %; 94.6 % · 1.84 %'),
    row('the kept settings, and a steady surplus 100; 200 W above the threshold (instead of 500 W) switches up after the grown up delay, the PV budget still counted above 500 W', '—', '—', '—', '94.8 % · 1.85 % (sunny day 99.4 → 100.0 %); the same (not kept: a second threshold for 0.2 points)'),
    row('the kept settings, and never up with fewer than 3 starts left (hysteresis 100; 500 W)', '—', '—', '—', '91.0 % · 1.67 %; 93.9 % · 1.68 % (clear spring day 79.0 %; 92.0 %)'),
    row('100 Wh (150 Wh and 4 % per dip), and after a run shorter than 15; 30 min, a start only once the surplus averaged over 10 min carries the minimum', '93.3 % · 1.74 %; 92.5 % · 1.76 %', '90.4 % · 1.50 %; the same', '95.1 % · 1.13 %; 95.0 % · 1.07 %', '93.5 % · 1.55 %; 92.7 % · 1.64 %'),
    row('(seventh round, from the kept settings) a stop budget of 70; 80; 100 Wh (60 Wh kept)', '97.8 % · 1.99 %; 97.6 % · 2.07 %; 99.5 % · 2.27 %', '96.5 % · 2.13 %; 96.5 % · 2.30 %; 96.7 % · 2.60 %', '99.2 % · 1.67 %; 99.3 % · 1.73 %; 99.3 % · 1.83 %', '95.2 % · 1.92 %; 95.2 % · 1.96 %; 95.2 % · 2.02 % (all · 6)'),
    row('a stop budget that grows as the starts run out, × (allowed ÷ left)^½; × (allowed ÷ left)', '97.8 % · 2.25 %; 99.8 % · 2.57 %', '96.8 % · 2.45 %; 97.7 % · 3.22 %', '97.3 % · 1.74 %; 99.4 % · 1.90 %', '95.0 % · 1.94 %; 95.3 % · 2.06 %'),
    row('the same for a car that switches phases only, × (allowed ÷ left)^¼; ^½', '—', '—', '—', '94.98 % · 1.91 %; 94.99 % · 1.94 % (the cloudy day gains by riding one dip that took 62 Wh against 60)'),
    row('a stop budget raised to what keeps the last 24 h within 1 %; 2 % grid (at most 150 Wh)', '97.7 % · 1.88 %; 97.8 % · 1.93 %', '96.3 % · 2.00 %; 96.3 % · 2.01 %', '99.3 % · 1.75 % (both)', '94.6 % · 1.84 %; 94.9 % · 1.84 %'),
    row('early restart 500; 750 W above the minimum (1,000 W kept)', '98.4 % · 1.85 %; 97.7 % · 1.87 %', '97.7 % · 2.04 %; 97.3 % · 2.05 %', '97.1 % · 1.71 % (both)', '95.3 % · 2.11 %; 95.2 % · 2.08 %'),
    row('minimum pause 5; 7.5 min (10 min kept)', '98.1 % · 1.86 % (both)', '97.9 % · 2.04 %; 97.0 % · 1.95 %', '99.3 % · 1.79 %; 99.2 % · 1.79 %', '93.9 % · 2.06 %; 93.7 % · 2.05 %'),
    row('a learned start delay: after 1; 2; 3 spells above the minimum shorter than 10 min in the last hour, a start waits as long as the longest of them', '95.5 % · 1.83 %; 95.5 % · 1.83 %; 95.6 % · 1.83 %', '92.8 % · 1.72 %; 93.4 % · 1.82 %; 94.3 % · 1.90 %', '97.0 % · 1.51 %; 96.9 % · 1.51 %; 98.1 % · 1.58 %', '93.8 % · 1.78 %; 93.8 % · 1.78 %; 93.7 % · 1.71 %'),
    row('for a car that switches phases only: a start only once a 10-min mean of the surplus carries ½; ¾ of its minimum; the same only after a run shorter than 11 min', '—', '—', '—', '94.3 % · 1.71 %; 93.6 % · 1.67 %; 94.4 % · 1.71 %; 94.2 % · 1.71 %'),
    row('the switch-down grid budget × (allowed ÷ left)^½; ^1; ^1.5', '—', '—', '—', '94.6 % · 1.98 %; 94.6 % · 2.29 %; 94.97 % · 1.997 %'),
    row('no switch down below the 1-phase minimum (Green stops instead: one start, not two), hysteresis 500; 250; 100 W', '—', '—', '—', '94.6 % · 1.84 % (never the case with 500 W); 92.8 % · 1.91 %; 89.4 % · 1.74 %'),
    row('(eighth round, from the kept settings) a car on 1 phase also switches up between the 3-phase minimum and the up threshold, once 3 phases would have collected more than 1 phase by the PV budget (net of the grid their minimum would have taken whenever the surplus was below it), with at least 2; 3; 4 starts left', '—', '—', '—', '90.4 % · 2.19 % (passing clouds 55.4 %: up at noon, the afternoon\'s starts gone); 94.8 % · 2.28 % (cloudy day 95.6 % at 2.97 %, winter day 98.4 % at 5.07 %); 94.1 % · 1.85 %'),
    row('the same with 3 left, and after such a switch a switch down on a 30 Wh grid budget (100 Wh kept)', '—', '—', '—', '94.6 % · 2.12 %'),
    row('a switch down as soon as a 3; 5; 10-min mean of the surplus is below the 3-phase minimum (a slow fall, not a short dip: no grid budget to wait for)', '—', '—', '—', '93.3 % · 1.58 %; 93.3 % · 1.62 %; 94.6 % · 1.78 % (sunny day 99.4 → 98.7 % at 5 min)'),
    row('a stop budget of 60 Wh × (1.31 kW ÷ the cars\' minimum)^½; ^1', '95.9 % · 1.61 %; 95.0 % · 1.73 %', '94.1 % · 1.53 %; 90.8 % · 1.34 %', '99.3 % · 1.73 %; 99.3 % · 1.72 %', '94.6 % · 1.84 % (both)'),
    row('the same from 70 Wh, ^½', '95.8 % · 1.70 %', '94.3 % · 1.60 %', '99.4 % · 1.81 %', '95.2 % · 1.92 %'),
    row('for a car that switches phases only: the start delay × (allowed ÷ left); × (allowed ÷ left)²', '—', '—', '—', '94.1 % · 1.70 %; 92.6 % · 1.72 %'),
    row('a stop budget growing over the first 10 min of a run from ¼ of it (a dip right after a start stops the car sooner), of 60; 70 Wh', '97.7 % · 1.84 %; 97.7 % · 1.90 %', '95.5 % · 1.69 %; 95.5 % · 1.76 %', '99.2 % · 1.57 %; 99.1 % · 1.54 %', '94.7 % · 1.90 %; 95.1 % · 1.85 % (cloudy day 93.0 → 96.6 %: the dip of the seventh round)'),
    row('(ninth round, from the kept settings) an early restart margin of 500; 700 W (1 kW kept; tuned before the limit on starts)', '98.4 % · 1.86 %; 97.8 % · 1.87 %', '97.7 % · 2.04 %; 97.6 % · 2.04 %', '97.2 % · 1.71 %; 97.1 % · 1.71 %', '95.4 % · 2.11 %; 95.3 % · 2.11 % (cloudy day 93.0 → 97.1 % at 2.94 %)'),
    row('a start only while a perfect hourly forecast of the surplus (the hour\'s mean, taken from the trace itself) carries 1×; 0.8×; 0.5× the minimum of the cars to run', '73.0 % · 0.81 %; 92.4 % · 1.28 %; 97.7 % · 1.87 %', '80.1 % · 0.91 %; 88.4 % · 1.07 %; 95.4 % · 1.89 %', '94.9 % · 1.00 %; 95.9 % · 1.03 %; 99.1 % · 1.68 %', '92.1 % · 1.65 %; 93.7 % · 1.68 %; 94.3 % · 1.80 % (winter day 94.7 → 77.8 % at 1×)'),
    '',
    '- The **draw-ratio fix** lifted the 11 kW car from 96.5 % to 101.5 % of the oracle\'s PV (it now collects a little more PV than the grid-free oracle by taking 1.95 % from the grid) and the switching car from 90.7 % to 92.8 %; it cut the sunny day\'s commands from 1,060 to 142. Cars drawing exactly their signal (the 22 kW and the 1-phase car) were not affected.',
    '- The **switch-up PV budget** (up before the 10 min delay once 1 phase has left 200 Wh unused above the up threshold) gained 0.9 points of PV on the clear spring day, where a 2.4 kW load cycles every hour, with no more grid energy or switches on any day; 100 Wh gained another point there for 2 more switches and more grid. Counting all the PV above the 1-phase maximum instead (no hysteresis) gained 1–2.6 points but took 2.6–3.0 % from the grid and up to 22 switches on passing clouds.',
    '- **Two cars**: the gap was which car charges when the surplus carries only one. The oracle picks the 11 kW car, whose 95 % draw makes its minimum 3.93 kW instead of 4.14 kW and its steps finer; ours charged the first car in line (the 22 kW car) every time, and could not know the other car\'s draw ratio, as it never charged (with the 11 kW car first in line the same code reached 97.3 %). Now, in Green, the cars **take turns** (the one that has charged least since it arrived starts next; a charging car is never displaced): both cars charge from the sun, each one\'s draw ratio becomes known, and the scenario meets the goal (97.0 %, 1.92 %).',
    '- **Starts**: no timing setting brings the passing-clouds day to 6 starts; each lowers the starts by one or two for a loss of PV or a rise in grid energy. A **limit on starts in 24 hours** (optional, off by default) meets the start goal by construction. It is counted **per station** (a car that begins to charge in Green has started; a 1↔3 switch of a charging car is a start too, as it opens the contactor), and, once a car\'s starts are used, that car **rides through a dip** at its minimum (until the dip has taken 150 Wh, or the grid has paid 4 % of what the cars charged in the last 24 h; 300 Wh and 5 % since the sixth round) instead of stopping for the day. At 6 it keeps the 11 kW car (97.0 %, 1.72 %), the single-phase car (97.0 %, 1.46 %) and the two cars (96.4 %, 1.96 %) within all three Green goals. Counted for all cars together, the two cars had reached 91.2 %: one car used 5 of the 6 starts and the other could not start. A start delay that grew as the starts ran out (kept for a sun that lasts) no longer paid once the last start rides through: without it, 0.6–2.2 points more PV. The switching car still misses (79.3 %, 2.15 %): on the clear spring day its switches around an hourly 2.4 kW load use the starts by mid-afternoon and it stays on 1 phase in the afternoon sun; on the passing-clouds day half the PV is left. Keeping its last start for a switch up did not help (79.1 %). Per station counting first froze it (31 % on the clear spring day): at a switch down the splitter counted the PV budget on 3 phases while the car left them, paused it for one allocation, and a car paused by Green with no start left may not start again; the PV budget now counts the phases a car is switched to (the hard limits still count both), which moved the default figures by at most 0.1 kWh or 0.1 point. Since the fourth round the limit is **on by default (6)**: it meets the start goal in every scenario and keeps three of the four Green scenarios within all three goals, for 0.6–4.5 points of PV; the switching car collects 79.3 % of the oracle\'s PV with it and 93.2 % without (0 lifts the limit; the help says so). For the switching car short of starts, a switch down only on a grid budget that grows as the starts run out kept it on 3 phases through the clear spring day\'s hourly dips (97.5 % that day) but took 3.3 % from the grid over its days, and on the passing-clouds day its starts still ran out by early afternoon; starting only once a 10-min mean of the surplus carries the minimum spared the morning\'s short runs there (72.6 % instead of 54.9 % that day) but cost the other cars 10–14 points on sunny mornings. Neither is kept.',
    '- **Switching when the starts are rationed** (fifth round): a 1↔3 switch of a charging car is a start, yet the up and down delays switched it on time alone, for a gain or a grid cost however small: on the passing-clouds day four switches around noon\'s 4.6–5 kW (1 phase takes 3.7 kW) gained well under 1 kWh and spent the starts the afternoon needed. Now, with the limit, a charging car is switched only once the energy pays: down on the grid budget, not the delay (with the budget at 0, the delay as before); up on the PV budget grown × √(allowed ÷ left) as the starts run out, or after the up delay × (allowed ÷ left)², so that a steady surplus just above the threshold still goes up while one hovering around it does not; and never up with one start left, which would leave none for the way down. The switching car went from 79.3 % · 2.15 % to 87.9 % · 1.93 % (passing clouds 51.6 → 75.3 %, where it now stays on 1 phase; clear spring day 82.1 → 90.7 %); the other cars cannot switch and are unchanged, and without the limit nothing changes. It still misses 95 %: on the passing-clouds day the morning\'s short spells around the 1-phase minimum still take three starts and the last run ends mid-afternoon, and on the clear spring day the last start goes on a switch down. Every start gate tried against the morning spells (a surplus that must add up over the minimum, a margin growing with the starts used or after short runs, a trend line that must carry the minimum) gained at most 3 points for the switching car but cost the two cars sharing the PV their goal (93.5–94.9 %) or the 11 kW car 1–9 points on cloudy days, so none is kept. On the passing-clouds day the outcome is all or nothing: when the PV budget lets it switch up at noon (a smaller budget, or none growing with the starts used), the switches take the afternoon\'s starts again and the day falls back to about 51 %.',
    '- **Sixth round**: the switching car now runs the **same five days as the fixed 3-phase car** (the sunny day was missing, so the two rows could not be compared; switching adds its most there, on the morning and evening slopes). On the five days the kept rule gave 91.9 % · 1.38 %. A **switch-down grid budget of 100 Wh** (50 before) rides the clear spring day\'s hourly 2.4 kW load on 3 phases instead of spending a start on each of its dips (90.7 → 94.7 % that day). Riding through **300 Wh per dip, up to 5 % of the last 24 h** (150 Wh and 4 % before) once a car\'s starts are used keeps the last run of the passing-clouds day going through the afternoon\'s dips (switching car 75.3 → 84.4 % that day, 1-phase car 88.1 → 97.3 %), for more grid: the 11 kW car 97.0 → 97.7 % at 1.87 %, the 1-phase car 97.0 → 99.3 % at 1.74 %, the switching car 94.6 % at 1.84 %; the two cars are unchanged. The grid share of each scenario stays within 2 % because the sunny day takes almost none: on the switching car\'s four former days alone it is 2.47 % (91.7 % of the PV). It is a knife edge on that one day: at 250 Wh the ride-through ends before the afternoon sun returns and the switching car stays at 93.1 %. The switching car still misses 95 % by 0.4 points: a 250 Wh switch-down budget reaches 95.0 % but at 2.02 % grid, and everything else tried (hysteresis, PV budget, interval, a reserve of starts for the way down, a start gate after short runs) was flat or worse. Without the limit on starts it meets all three goals (95.3 % · 1.69 %, 14 starts).',
    '- **Seventh round**: the switching car\'s last 0.4 points. Every change that rides more dips (a larger or growing stop budget, an earlier restart) lifts it to 95.0–95.3 % but takes it, or the two cars, over 2 % grid (a stop budget raised only within a 24-h grid share reaches 94.9 %, a shorter pause after a stop 93.7–93.9 %); a growing stop budget for a switching car alone stays within 2 % but reaches only 94.98–94.99 %, on one dip of the cloudy day that took 62 Wh against a 60 Wh budget, and nothing sets a switching car\'s dips apart from a 1-phase car\'s. Every change that spares starts on the passing-clouds morning (a learned start delay after short spells, a mean-surplus gate) moves those starts to the afternoon on that day and costs the other cars their mornings. None is kept. The foresight figures above (now counting a switch as a start, as ours and the bench do) show the limits allow the goal over the switching car\'s days (at least 101.4 % at 1.27 % grid with the days known in advance) but not on the passing-clouds day alone (at most 93.3 %).',
    '- **Ninth round**: the early restart margin (1 kW) was tuned before there was a limit on starts. 500 W now lifts the switching car to 95.4 %, but at 2.11 % grid (the two cars 2.04 %), and takes the 1-phase car from 99.3 to 97.2 %: on the passing-clouds day the early restarts spend the starts its afternoon needs. A **PV forecast**, the one idea left untried, was tried in the most favourable form there is: the hour\'s mean surplus taken from the trace itself (no forecast error at all), a start allowed only while it carries the cars\' minimum (or 0.8×, 0.5× of it). It loses for every car: an hour\'s mean hides the sunny spells that carry the cloudy and winter days (the switching car\'s winter day 94.7 → 77.8 %), and at 0.5× it no longer holds back the starts that matter (94.3 %). A forecast a user can actually get (hourly, with its errors) can only do worse, so no forecast input is added for this goal. Nothing of this round is kept.',
    '- **Eighth round**: the winter and cloudy days lose most of their 0.6 and 1.6 kWh while the surplus sits between the 3-phase minimum (3.93 kW for this car) and the up threshold (4.43 kW): 1 phase takes 3.5 kW, 3 phases at least 3.93 kW, and the oracle switches freely. Switching up there once the gain of 3 phases over 1 has added up (net of the grid their minimum would take below it) lifts those two days to 95.6 % and 98.4 %, but the surplus soon falls back below the 3-phase minimum and they take 3–5 % from the grid; with 2 starts left it also spends the passing-clouds day\'s afternoon starts at noon again (55 %). Switching down on a slow fall without waiting for the grid budget saves grid but loses PV every evening (3 phases at their minimum collect PV that 1 phase cannot reach). A stop budget that shrinks with the car\'s minimum power frees grid for the large cars but costs them more PV than it frees (two cars 94.1 %); from 70 Wh it lifts the switching car to 95.2 % but drops the two cars to 94.3 %. A 70 Wh stop budget for a 1-phase minimum only would meet every goal on these days, but its gain rests on the same cloudy-day dip as in the seventh round (62.5 Wh gives 94.7 %): that fits five days rather than makes a rule, so it is not kept. Rationing the switching car\'s starts by a start delay growing as they run out loses more on the passing-clouds day than it saves. A stop budget that starts small in a young run saves grid for every car (the two cars 1.96 → 1.69 %) but costs the two cars a point of PV; with 70 Wh on top it meets every goal on these days, again only through that cloudy-day dip. None is kept.',
  ];
}

function startBoundSection(bounds: StartBoundRow[]): string[] {
  if (bounds.length === 0) return [];
  return [
    `#### At most ${START_GOAL} starts a day and ${GRID_GOAL * 100} % grid: what perfect foresight allows`,
    '',
    `On the OpenEMS day the surplus hovers around the cars' minimum for hours, and the oracle starts the car 42–45 times. The figures below (\`bench/control/start-bound.ts\`) are for a single car that knows the whole day in advance, may start **at most ${START_GOAL} times a day** (a 1↔3 switch of a charging car is a start, as the car pauses while the contactor is open) and may take **at most ${GRID_GOAL * 100} % of its energy from the grid** (over the span), and follows the surplus each second in whole amps, never below its minimum while it runs. The **bound** is a Lagrangian dual of that dynamic programme: no controller, causal or not, collects more PV. The **foresight plan** is the best real schedule the programme found within both limits: perfect foresight collects at least that much. A controller that does not see the clouds coming does worse than the plan.`,
    '',
    `| scenario | span | oracle PV (no start limit, no grid) | foresight plan within the limits: PV · grid share | bound | ours (push 1 s): PV · grid share · most starts in a day | ${oursNoStartLimit.name} |`,
    '|---|---|--:|--:|--:|--:|--:|',
    ...bounds.map((b) => {
      const { oracleKWh, boundKWh, plan } = b.bound;
      const share = (pv: number, grid: number): string => pct(pv + grid > 0 ? (100 * grid) / (pv + grid) : 0, 2);
      const figures = (f: SpanFigures | undefined): string => (f ? `${f.pvKWh.toFixed(2)} kWh (${pct((100 * f.pvKWh) / oracleKWh, 1)}) · ${pct(f.gridSharePct, 2)} · ${f.starts}` : '—');
      return `| ${b.title} | ${b.span} | ${oracleKWh.toFixed(2)} kWh | ${plan.pvKWh.toFixed(2)} kWh (${pct((100 * plan.pvKWh) / oracleKWh, 1)}) · ${share(plan.pvKWh, plan.gridKWh)} | ${boundKWh.toFixed(2)} kWh (${pct((100 * boundKWh) / oracleKWh, 1)}) | ${figures(b.ours)} | ${figures(b.oursNoLimit)} |`;
    }),
    '',
    'Over each scenario\'s days, as its goals count them, perfect foresight within the same limits collects **more than 100 %** of the oracle\'s PV with every single car (the grid-free oracle may not hold a minimum through a dip; 2 % grid may): the limits do not rule the goals out, and what ours lacks is foresight. For the switching car that gap is 94.6 % against at least 101.4 %. On the passing-clouds day alone, no controller reaches 95 % with the switching car within 6 starts and 2 % grid that day (its bound is 93.3 %: its switches spend the same starts), the 11 kW car only just might (95.3 %), the 1-phase car can (103.4 %). Ours keeps its 6 starts that day but takes more than 2 % from the grid with every car, and falls 6–11 points short of the foresight plan: it does not know whether a sunny spell will last, so it spends starts on morning spells that do not (each also costs grid energy, the stop budget), and once they are used its last run rides through dips on the grid (up to 300 Wh per dip and 5 % of the day\'s charge) until the ride-through ends it, and the rest of the afternoon sun is left; the switching car, which switches only when the energy pays, stays on 1 phase that day. Without the limit (last column) it collects much more that day, for 11–14 starts.',
    '',
  ];
}

function markdown(quick: boolean, rows: Map<string, RowFigures>, wallS: number, simulatedH: number, runs: number, chart: boolean, bounds: StartBoundRow[]): string {
  const goals = checkGoals(SCENARIOS, rows);
  const out: string[] = [];
  out.push(
    `${quick ? '**Quick run** (one short window per scenario): figures are a smoke check, not the benchmark. ' : ''}` +
      `${runs} simulations, ${Math.round(simulatedH)} simulated hours in ${Math.round(wallS)} s of wall time ` +
      `(${Math.round(simulatedH * 3600 / wallS)}× real time, all CPU threads).`,
    '',
    '#### Goals (ours)',
    '',
    '| goal | result | met |',
    '|---|---|---|',
    ...goals.map((g) => `| ${g.goal} | ${g.result} | ${g.met ? 'yes' : '**no**'} |`),
    '',
  );
  out.push(...methodNotes(), '');
  for (const s of SCENARIOS) out.push(scenarioTables(s, rows, quick));
  out.push(...inProcessTable(rows), '');
  out.push(...startBoundSection(bounds));
  if (!quick) out.push(...greenTuning(), '');
  out.push(...findLosses(SCENARIOS, rows), '');
  out.push(...caveats(), '');
  if (chart) {
    out.push(
      '#### One Green day',
      '',
      `![PV, house and car current on the OpenEMS passing-clouds day, ours and ${CHART_BASELINE}](bench/results/${CHART_FILE})`,
      '',
      `\`bench/results/${CHART_FILE}\`: PV and house power (top), and the car's current under ours and under ${CHART_BASELINE} (bottom), both with the 1 s push meter.`,
      '',
    );
  }
  return out.join('\n');
}

function methodNotes(): string[] {
  const trip = (x: number): string => ms(ThermalBreaker.coldTripTimeMs(x));
  return [
    '#### How it is measured',
    '',
    '- **Plant**: the recorded house load and PV (read from `../shared/data` at run time), per phase by the documented split of `lib/sim/home/phase-split.ts` ' +
      '(unplaced load 40/35/25 % on L1/L2/L3, heat pump on all three, washing machine L2, dishwasher L3; PV inverter three-phase symmetric), ' +
      'plus the package\'s `StationModel` + `CarModel` (3 s reaction delay, 10 s start lag, draw ratio 1.0 or 0.95, whole amps 0 or 6–32). Cars never fill up. ' +
      '15-min days carry the seeded sub-interval peaks layer (kettle, hob, oven, microwave, hair dryer; interval energy kept exactly); the Power tables also show the same days without it.',
    `- **Meter**: readings of the plant every 1 s (push, delivered 150 ms later), 5 s or 10 s (poll, 300 ms later). **Station telemetry**: charger_info read every ${TELEMETRY_PERIOD_MS / 1000} s and right after each command, decoded by \`lib/lektrico\`, delivered ${TELEMETRY_LATENCY_MS} ms later. Commands reach the station ${COMMAND_LATENCY_MS} ms after the decision; only changes count as commands.`,
    '- **Ours**: `LoadBalancer → SurplusCalculator → PowerSplitter` from `lib/energy` with their defaults (1 A margin), fed every reading, telemetry and a 1 s tick; with Green\'s default limit of 6 starts per station in any 24 hours; in the Green tables also *ours, no start limit*: the same with that limit lifted (0). ' +
      '**Baselines** (one file each in `bench/control/`, all with the 1 s push meter, the best input): evcc-like (30 s loop, one loadpoint per tick, PV enable 1 min / disable 3 min at 0 W, circuit on the highest phase current), ' +
      'SmartEVSE-like (2 s cycle on fresh data, Smart: +¼ of the headroom / −the full deficit; Solar: StartCurrent 4 A, StopTime 10 min, 0.5/0.1 A steps), ' +
      'openWB-like (10 s loop, per-phase load management, 1500 W per phase for 30 s to start, import at minimum for 60 s to stop, ±5 A per cycle, 115 W target import).',
    '- **Oracle**: second by second from the trace, same car constraints (whole amps, 0 or min..max, car maximum and draw ratio, phases), instant and free to start/stop/switch: the most energy without exceeding the limit (Power), the most PV energy with no grid energy (Green), the minimum plus all PV that fits (Hybrid). Its start and command counts are not a target.',
    `- **Breaker**: IEC 60898-1 thermal model (\`bench/control/breaker.ts\`): ultimate trip ${BREAKER_ULTIMATE_MULTIPLE}·In, τ ${BREAKER_TAU_MS / 1000} s, magnetic ${BREAKER_MAGNETIC_MULTIPLE}·In. Cold trip times: 1.13·In ${trip(1.13)}, 1.45·In ${trip(1.45)}, 2·In ${trip(2)}, 2.55·In ${trip(2.55)} (the standard: none within 1 h, within 1 h, —, 1–60 s). "Breaker heat" is the highest thermal state as a % of the trip level.`,
    '- **PV → car**: min(car power, PV − house) each instant, all phases netted (the meter bills the sum). "Grid share" = grid energy into the car ÷ energy charged.',
    '- **Reaction**: an overload episode starts when a phase goes above the limit (plant). *reading→command*: from the first delivered reading that shows it to the first command lowering a car on that phase; *onset→command* adds the meter\'s sampling and delivery; *onset→cleared* adds the car\'s own reaction (3 s) and is good to the 1 s plant step.',
  ];
}

function caveats(): string[] {
  return [
    '#### Caveats',
    '',
    '- **SmartEVSE-like in Power mode is dominated by the car model.** The package\'s `CarModel` restarts its 3 s reaction delay whenever the offered current changes. SmartEVSE re-regulates every 2 s (¼ of the headroom up, the full deficit down) before the car has reacted to the previous value, so the car never follows and the loop swings between 6 A and the maximum; that is where its ~40 % of time above the limit and ~1300 commands/h come from. In a one-off diagnostic run of 27 Dec at 25 A with the delay counted from the first change the car has not yet followed (what IEC 61851-1\'s "follow within 5 s" suggests), SmartEVSE-like was above the limit 0.38 % of the time and charged 410.6 kWh (ours: 0.14 %, 393.9 kWh). Read its Power and two-car rows as a statement about that car model, not about SmartEVSE. (Reported to the simulator\'s owners; the figures here use the model as it is.)',
    '- **The Green oracle takes no grid energy at all**, so a policy that tops the car up from the grid can collect more PV than it (PV → car counts min(car, surplus) each instant). The ratio ours ÷ oracle is therefore a ratio to the best grid-free result, not a hard ceiling.',
    '- **The sub-interval peaks layer is an assumption** (seeded kettles, hobs, ovens in the 15-min recordings, energy kept per interval). The Power tables show the same days without it: overloads and breaker heat there come from the recorded averages alone.',
    '- **Baselines are models** of the anchors\' documented defaults (em-anchors.md), not the products. Each file in `bench/control/` lists what it leaves out (batteries, priorities, vehicle SoC, CP interruption, +2 A EVSE offset).',
    '- Cars never fill up and stay plugged in all day: the figures compare control, not sessions.',
  ];
}

function inProcessTable(rows: Map<string, RowFigures>): string[] {
  const out = [
    '#### In-process time per meter reading (ours: the whole chain, all stations)',
    '',
    '| meter | readings | p50 | p99 | max | steady state (after the first 300 readings of a run): p50 · p99 · max | decisions that cut an overload: max |',
    '|---|--:|--:|--:|--:|--:|--:|',
  ];
  for (const meter of METER_SETUPS) {
    const runs = SCENARIOS.map((s) => rows.get(groupKey(s.id, true, { policy: 'ours', meter: meter.name }))).filter((f): f is RowFigures => f !== undefined);
    if (runs.length === 0) continue;
    const readings = new LogHistogram();
    const steady = new LogHistogram();
    const commands = new LogHistogram();
    for (const f of runs) {
      readings.merge(f.readingWallUs);
      steady.merge(f.steadyReadingWallUs);
      commands.merge(f.commandWallUs);
    }
    const q = quantiles(readings);
    const st = quantiles(steady);
    const c = quantiles(commands);
    out.push(`| ${meter.name} | ${q.count} | ${us(q.p50)} | ${us(q.p99)} | ${us(q.max)} | ${us(st.p50)} · ${us(st.p99)} · ${us(st.max)} | ${us(c.max)} |`);
  }
  out.push(
    '',
    'Wall-clock time on the machine above, measured around each call (`process.hrtime`) in a worker thread with the simulation around it. The overall maxima are JIT compilation and garbage-collection pauses (two busy worker threads), not the decision itself.',
  );
  return out;
}

