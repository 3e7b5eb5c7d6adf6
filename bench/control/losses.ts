import { groupKey, type RowFigures } from './aggregate';
import { METER_PUSH_1S } from './meter-model';
import { POLICIES } from './policies';
import { n1, n2, pct } from './report';
import type { Scenario } from './scenarios';

/**
 * Every metric on which a baseline beats ours (both with the 1 s push meter) by more than a
 * small tolerance, listed scenario by scenario, with the reason where we know it.
 */
interface Metric {
  key: string;
  label: string;
  value: (f: RowFigures) => number;
  higherIsBetter: boolean;
  /** Difference below which it is not a loss. */
  tolerance: (ours: number) => number;
  format: (v: number) => string;
  applies: (s: Scenario) => boolean;
}

const METRICS: Metric[] = [
  { key: 'energy', label: 'energy charged', value: (f) => f.energyKWh, higherIsBetter: true, tolerance: (v) => 0.01 * v, format: (v) => `${n1(v)} kWh`, applies: (s) => s.mode !== 'green' },
  { key: 'pv', label: 'PV energy into the car', value: (f) => f.pvToCarKWh, higherIsBetter: true, tolerance: (v) => 0.01 * v, format: (v) => `${n1(v)} kWh`, applies: (s) => s.mode !== 'power' },
  { key: 'grid', label: 'grid share of the car energy', value: (f) => f.gridSharePct, higherIsBetter: false, tolerance: () => 0.5, format: (v) => pct(v, 1), applies: (s) => s.mode === 'green' },
  { key: 'over', label: 'time above the limit', value: (f) => f.pctTimeOver, higherIsBetter: false, tolerance: () => 0.005, format: (v) => pct(v, 3), applies: () => true },
  { key: 'breaker', label: 'breaker heat', value: (f) => f.breakerPeakPct, higherIsBetter: false, tolerance: () => 2, format: (v) => pct(v, 0), applies: () => true },
  { key: 'starts', label: 'starts per car per day (mean)', value: (f) => f.meanStartsPerCarDay, higherIsBetter: false, tolerance: () => 0.5, format: (v) => n1(v), applies: () => true },
  { key: 'commands', label: 'commands per hour', value: (f) => f.commandsPerHour, higherIsBetter: false, tolerance: (v) => Math.max(0.5, 0.1 * v), format: (v) => n2(v), applies: () => true },
];

/** Why ours loses on a metric, when we know (keyed by metric key, or `${mode}:${key}`). */
export const EXPLANATIONS: Record<string, string> = {};

export function findLosses(scenarios: readonly Scenario[], rows: Map<string, RowFigures>): string[] {
  const out = ['#### Where ours loses to a baseline (both on the 1 s push meter)', ''];
  const seen = new Set<string>();
  let any = false;
  for (const s of scenarios) {
    const ours = rows.get(groupKey(s.id, true, { policy: 'ours', meter: METER_PUSH_1S.name }));
    if (!ours) continue;
    for (const m of METRICS.filter((x) => x.applies(s))) {
      const mine = m.value(ours);
      const beaten = Object.keys(POLICIES)
        .filter((p) => p !== 'ours')
        .map((p) => ({ p, f: rows.get(groupKey(s.id, true, { policy: p, meter: METER_PUSH_1S.name })) }))
        .filter((x): x is { p: string; f: RowFigures } => x.f !== undefined)
        .filter((x) => (m.higherIsBetter ? m.value(x.f) - mine : mine - m.value(x.f)) > m.tolerance(mine));
      if (beaten.length === 0) continue;
      any = true;
      const who = beaten.map((x) => `${x.p} ${m.format(m.value(x.f))}`).join(', ');
      const why = EXPLANATIONS[`${s.mode}:${m.key}`] ?? EXPLANATIONS[m.key];
      const explain = why && !seen.has(why) ? ` ${why}` : why ? ' (see above)' : '';
      if (why) seen.add(why);
      out.push(`- **${s.title}**, ${m.label}: ours ${m.format(mine)}; ${who}.${explain}`);
    }
  }
  if (!any) out.push('No baseline beats ours on any metric beyond the tolerances.');
  return out;
}
