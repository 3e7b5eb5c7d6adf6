import { groupKey, type RowFigures } from './aggregate';
import { METER_PUSH_1S } from './meter-model';
import { oursNoStartLimit } from './ours';
import { METERS, ORACLE } from './policies';
import { LogHistogram } from './histogram';
import { quantiles } from './reaction';
import type { Scenario } from './scenarios';
import { ms, pct, us } from './report';

/** The assignment's goals, checked against ours' figures (never against a baseline's). */
export interface GoalCheck {
  goal: string;
  result: string;
  met: boolean;
}

const PUSH = METER_PUSH_1S.name;

function get(rows: Map<string, RowFigures>, s: Scenario, policy: string, meter?: string): RowFigures | undefined {
  return rows.get(groupKey(s.id, true, { policy, meter }));
}

export function checkGoals(scenarios: readonly Scenario[], rows: Map<string, RowFigures>): GoalCheck[] {
  const ours = (meter: string): Array<{ s: Scenario; f: RowFigures }> =>
    scenarios.flatMap((s) => {
      const f = get(rows, s, 'ours', meter);
      return f ? [{ s, f }] : [];
    });
  const all = Object.keys(METERS).flatMap((m) => ours(m));
  const push = ours(PUSH);
  const checks: GoalCheck[] = [];

  const trips = all.reduce((a, x) => a + x.f.trips, 0);
  const heat = Math.max(...all.map((x) => x.f.breakerPeakPct));
  checks.push({ goal: 'No overload a breaker would trip on (any meter)', result: `${trips} trips; hottest breaker ${pct(heat, 0)} of its trip level`, met: trips === 0 });

  const worstOver = push.reduce((w, x) => (x.f.pctTimeOver > w.f.pctTimeOver ? x : w), push[0]);
  if (worstOver) {
    checks.push({
      goal: 'Under 1 % of the time above the limit (1 s push)',
      result: `worst ${pct(worstOver.f.pctTimeOver, 3)} (${worstOver.s.title})`,
      met: push.every((x) => x.f.pctTimeOver < 1),
    });
  }
  const slowOver = all.filter((x) => x.f.row.meter !== PUSH);
  const worstSlow = slowOver.reduce((w, x) => (x.f.pctTimeOver > w.f.pctTimeOver ? x : w), slowOver[0]);
  if (worstSlow) {
    checks.push({
      goal: 'Under 1 % of the time above the limit (5 s / 10 s polling)',
      result: `worst ${pct(worstSlow.f.pctTimeOver, 3)} (${worstSlow.s.title}, ${worstSlow.f.row.meter})`,
      met: slowOver.every((x) => x.f.pctTimeOver < 1),
    });
  }

  const pvRatio = (s: Scenario, f: RowFigures): number => {
    const oracle = rows.get(groupKey(s.id, true, { policy: ORACLE }));
    return oracle && oracle.pvToCarKWh > 0 ? (100 * f.pvToCarKWh) / oracle.pvToCarKWh : NaN;
  };
  for (const { s, f } of push.filter((x) => x.s.mode === 'green')) {
    const ratio = pvRatio(s, f);
    checks.push({
      goal: `Green ≥ 95 % of the oracle's PV energy, ≤ 2 % from the grid: ${s.title}`,
      result: `${pct(ratio, 1)} of the oracle's PV, ${pct(f.gridSharePct, 2)} from the grid`,
      met: ratio >= 95 && f.gridSharePct <= 2,
    });
  }

  const maxStarts = Math.max(...push.map((x) => x.f.maxStartsPerCarRun));
  const worstStarts = push.find((x) => x.f.maxStartsPerCarRun === maxStarts);
  checks.push({
    goal: 'At most 6 starts per car per day (1 s push)',
    result: `at most ${maxStarts}${worstStarts ? ` (${worstStarts.s.title})` : ''}`,
    met: maxStarts <= 6,
  });
  // The same goals with the default limit of 6 starts lifted (0 = no limit): what a user who lifts it gets.
  const unlimited = scenarios.flatMap((s) => {
    const f = get(rows, s, oursNoStartLimit.name, PUSH);
    return f ? [{ s, f, ratio: pvRatio(s, f) }] : [];
  });
  if (unlimited.length > 0) {
    checks.push({
      goal: `All three Green goals with the limit of starts per station in 24 h lifted (0 instead of the default 6; ${oursNoStartLimit.name}, 1 s push; PV · grid · starts)`,
      result: unlimited.map((x) => `${x.s.title}: ${pct(x.ratio, 1)} · ${pct(x.f.gridSharePct, 2)} · ${x.f.maxStartsPerCarRun}`).join('; '),
      met: unlimited.every((x) => x.ratio >= 95 && x.f.gridSharePct <= 2 && x.f.maxStartsPerCarRun <= 6),
    });
  }

  const steady = new LogHistogram();
  const everything = new LogHistogram();
  for (const x of all) {
    steady.merge(x.f.steadyReadingWallUs);
    everything.merge(x.f.readingWallUs);
  }
  const s = quantiles(steady);
  const e = quantiles(everything);
  checks.push({
    goal: 'Reaction under 1 ms in-process (whole chain per meter reading, steady state)',
    result: `p50 ${us(s.p50)}, p99 ${us(s.p99)}; max ${us(e.max)} including JIT warm-up and GC pauses`,
    met: s.p99 < 1000,
  });
  for (const meter of Object.keys(METERS)) {
    const runs = ours(meter);
    const worst = Math.max(...runs.map((x) => quantiles(x.f.onsetToCommandMs).max).filter(Number.isFinite));
    const period = METERS[meter].periodMs;
    checks.push({
      goal: `End to end under one meter period (${meter}: overload onset → command)`,
      result: Number.isFinite(worst) ? `max ${ms(worst)} (period ${ms(period)} + ${ms(METERS[meter].latencyMs)} delivery)` : 'no overload episode',
      met: !Number.isFinite(worst) || worst <= period + METERS[meter].latencyMs,
    });
  }
  return checks;
}
