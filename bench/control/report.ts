import { type RowFigures, groupKey } from './aggregate';
import { DAYS } from './days';
import { quantiles } from './reaction';
import { COMPACT_ROWS, FULL_ROWS, ORACLE, POLICIES, type RowSpec } from './policies';
import type { Scenario } from './scenarios';

/** Markdown tables of the control-quality section. */

export const n1 = (v: number): string => (Number.isFinite(v) ? v.toFixed(1) : '—');
export const n2 = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : '—');
export const pct = (v: number, digits = 2): string => (Number.isFinite(v) ? `${v.toFixed(digits)} %` : '—');

export function ms(v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (v < 1) return `${v.toFixed(2)} ms`;
  if (v < 1000) return `${Math.round(v)} ms`;
  return `${(v / 1000).toFixed(1)} s`;
}

export function us(v: number): string {
  if (!Number.isFinite(v)) return '—';
  return v < 1000 ? `${v < 10 ? v.toFixed(1) : Math.round(v)} µs` : `${(v / 1000).toFixed(2)} ms`;
}

function rowLabel(row: RowSpec): [string, string] {
  if (row.policy === ORACLE) return ['**oracle** (perfect foresight)', '—'];
  return [row.policy === 'ours' ? '**ours**' : row.policy, row.meter ?? '—'];
}

const HEADER =
  '| policy | meter | kWh charged | PV→car kWh | grid share | time > limit | A·s > limit | peak / limit | breaker heat (max) | trips | starts/car/day (max · mean) | commands/h | reading→command p50 · max | onset→command max | onset→cleared max |';
const RULE = '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|';

export function tableRow(f: RowFigures): string {
  const [policy, meter] = rowLabel(f.row);
  const oracle = f.row.policy === ORACLE;
  const r2c = quantiles(f.readingToCommandMs);
  const o2c = quantiles(f.onsetToCommandMs);
  const o2clear = quantiles(f.onsetToClearMs);
  const reaction = oracle ? ['—', '—', '—'] : [`${ms(r2c.p50)} · ${ms(r2c.max)}`, ms(o2c.max), ms(o2clear.max)];
  return `| ${policy} | ${meter} | ${n1(f.energyKWh)} | ${n1(f.pvToCarKWh)} | ${pct(f.gridSharePct, 1)} | ${pct(f.pctTimeOver)} | ${n1(f.ampSecondsOver)} | ${n2(f.peakRatio)} | ${pct(f.breakerPeakPct, 0)} | ${f.trips} | ${f.maxStartsPerCarRun} · ${n1(f.meanStartsPerCarDay)} | ${n1(f.commandsPerHour)} | ${reaction.join(' | ')} |`;
}

export function ratioRow(ours: RowFigures, oracle: RowFigures): string {
  const ratio = (a: number, b: number): string => (b > 0 ? `${(100 * a / b).toFixed(1)} %` : '—');
  return `| ours ÷ oracle | ${ours.row.meter} | ${ratio(ours.energyKWh, oracle.energyKWh)} | ${ratio(ours.pvToCarKWh, oracle.pvToCarKWh)} | | | | | | | | | | | |`;
}

export function scenarioTables(s: Scenario, rows: Map<string, RowFigures>, quick: boolean): string {
  const days = (quick ? s.quickDays : s.days)
    .map((d) => {
      const info = DAYS.find((x) => x.id === d.day);
      return `${info?.label ?? d.day} (${info?.source ?? ''}${d.hours ? `, ${d.hours[0]}:00–${d.hours[1]}:00 only` : ''})`;
    })
    .join('; ');
  const parts = [`### ${s.title}`, '', `${s.description} Limit ${s.limitA} A per phase. Days: ${days}.`, ''];
  const table = (peaks: boolean, specs: readonly RowSpec[]): string[] => {
    const found = specs.map((r) => rows.get(groupKey(s.id, peaks, r))).filter((f): f is RowFigures => f !== undefined);
    const out = [HEADER, RULE, ...found.map(tableRow)];
    const oracle = found.find((f) => f.row.policy === ORACLE);
    if (oracle) for (const f of found.filter((x) => x.row.policy === 'ours')) out.push(ratioRow(f, oracle));
    return out;
  };
  const anyQuarterHourly = (quick ? s.quickDays : s.days).some((d) => DAYS.find((x) => x.id === d.day)?.quarterHourly);
  if (anyQuarterHourly) parts.push('With the sub-interval peaks layer on the 15-min days:', '');
  parts.push(...table(true, FULL_ROWS), '');
  for (const [name, policy] of Object.entries(POLICIES)) {
    const why = policy.unsupported?.[s.mode];
    if (why && !policy.variantOf) parts.push(`${name} is left out of this table: ${why}.`, '');
  }
  if (s.withoutPeaks) parts.push('Same days without the peaks layer (the recorded 15-min averages only):', '', ...table(false, COMPACT_ROWS), '');
  return parts.join('\n');
}
