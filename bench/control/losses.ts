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

/**
 * Why ours loses on a metric, as far as we have traced it (diagnostic runs on single days).
 * Looked up by `${scenario id}:${metric}`, then `${mode}:${metric}`, then the metric alone.
 */
export const EXPLANATIONS: Record<string, string> = {
  'power:energy':
    'Why: ours keeps the load balancer\'s 1 A margin below the limit on every phase, holds the house estimate at its peak for 10 s after a load drops, and raises a car by at most 6 A per 5 s. evcc-like and openWB-like take their extra energy by staying above the limit for a whole loop (30 s / 10 s) after each kettle or oven start: compare their time above the limit and breaker heat. The oracle charges right at the limit, with no margin and no delay.',
  'two-cars-power:energy':
    'Why: as above, plus the two stations share whole amps with the margin on each phase, and a car paused for lack of room resumes only after 60 s of room (the splitter\'s resume delay), so it does not flap with an oven thermostat; evcc-like gets its extra by overloading for up to a minute (two loadpoints round-robin on a 30 s loop).',
  'power:commands':
    'Why: ours answers every reading and raises in steps (at most 6 A per 5 s), so climbing back to full power after a cut takes a few commands where a loop-based policy jumps in one. Every policy stays far below the ~300 commands/h that hit Tesla\'s API limit (em-anchors.md §3).',
  pv: 'Why: ours stops a car once the minimum it holds through a dip has taken 60 Wh from the grid (net of the export that paid it back), even within its 10 min minimum run, and then pauses at least 10 min; on the passing-clouds day, where the surplus hovers around the 3-phase minimum (≈ 3.9 kW), that leaves sunny spells unused which a policy that runs on grid through the dips collects (compare the grid shares); and a car that has used its 6 starts of the last 24 h (the default limit) rides through dips on its last start but, once stopped, does not start again until one frees up. SmartEVSE-like\'s larger PV figure is bought with grid energy: it holds the car at the minimum for a 10 min StopTime.',
  grid: 'Why: openWB-like waits for 1500 W per phase (4.5 kW to spare on three phases) before it starts and stops after 60 s at the minimum, so it seldom runs on grid; it pays with fewer kWh of PV and more starts. Ours starts at the bare minimum after 1 min and lets the held minimum take up to 60 Wh from the grid per dip, and every start on a fading sun costs up to that much.',
  starts: 'Why: SmartEVSE-like stops only after 10 min of import at the minimum and restarts only on 4 A of export, so it starts less often, at the price of much more grid energy. Ours stops once a dip has taken 60 Wh from the grid and may restart 10 min later once the surplus has carried the minimum for 1 min; with phase switching each 1↔3 switch opens the contactor and counts as a start. In Green, ours makes at most 6 starts per station in any 24 h (the default limit): once a car\'s starts are used it rides through dips at its minimum and does not start again until one frees up.',
  commands:
    'Why: ours is event-driven: it follows the surplus on every reading (one increase per 5 s at most, every decrease at once), where the loop-based baselines can change at most once per loop (10 s / 30 s).',
  'single-phase-green:commands':
    'Why: as above, and on one phase 1 A is only 230 W, so every passing cloud moves the car by several amps.',
};

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
        .filter((p) => p !== 'ours' && !POLICIES[p].variantOf)
        .map((p) => ({ p, f: rows.get(groupKey(s.id, true, { policy: p, meter: METER_PUSH_1S.name })) }))
        .filter((x): x is { p: string; f: RowFigures } => x.f !== undefined)
        .filter((x) => (m.higherIsBetter ? m.value(x.f) - mine : mine - m.value(x.f)) > m.tolerance(mine));
      if (beaten.length === 0) continue;
      any = true;
      const who = beaten.map((x) => `${x.p} ${m.format(m.value(x.f))}`).join(', ');
      const why = EXPLANATIONS[`${s.id}:${m.key}`] ?? EXPLANATIONS[`${s.mode}:${m.key}`] ?? EXPLANATIONS[m.key];
      const explain = why && !seen.has(why) ? ` ${why}` : why ? ' (see above)' : '';
      if (why) seen.add(why);
      out.push(`- **${s.title}**, ${m.label}: ours ${m.format(mine)}; ${who}.${explain}`);
    }
  }
  if (!any) out.push('No baseline beats ours on any metric beyond the tolerances.');
  return out;
}
