/**
 * A small hand-written SVG line chart (no plotting library): stacked panels sharing one time
 * axis, each with its own y scale, legend and grid. Good enough for one day at 1-min points.
 */
export interface ChartSeries {
  name: string;
  color: string;
  /** [x (ms), y] pairs in x order. */
  points: Array<[number, number]>;
  dashed?: boolean;
}

export interface ChartPanel {
  yLabel: string;
  series: ChartSeries[];
  yMax?: number;
}

export interface ChartSpec {
  title: string;
  xStartMs: number;
  xEndMs: number;
  /** ms to add to x for the hour labels (local time). */
  xLabelOffsetMs?: number;
  panels: ChartPanel[];
  width?: number;
  panelHeight?: number;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (n: number): string => (Math.round(n * 10) / 10).toString();

function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

export function renderChart(spec: ChartSpec): string {
  const width = spec.width ?? 960;
  const panelH = spec.panelHeight ?? 220;
  const left = 60;
  const right = 20;
  const top = 40;
  const gap = 50;
  const plotW = width - left - right;
  const height = top + spec.panels.length * (panelH + gap) + 10;
  const x = (t: number): number => left + ((t - spec.xStartMs) / (spec.xEndMs - spec.xStartMs)) * plotW;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(spec.title)}</text>`,
  ];
  spec.panels.forEach((panel, i) => {
    const y0 = top + i * (panelH + gap);
    const yMax = panel.yMax ?? niceMax(Math.max(0, ...panel.series.flatMap((s) => s.points.map((p) => p[1]))));
    const y = (v: number): number => y0 + panelH - (Math.max(0, Math.min(yMax, v)) / yMax) * panelH;
    out.push(`<rect x="${left}" y="${y0}" width="${plotW}" height="${panelH}" fill="none" stroke="#999"/>`);
    for (let k = 0; k <= 4; k++) {
      const v = (yMax * k) / 4;
      out.push(`<line x1="${left}" x2="${left + plotW}" y1="${fmt(y(v))}" y2="${fmt(y(v))}" stroke="#e4e4e4"/>`);
      out.push(`<text x="${left - 6}" y="${fmt(y(v) + 4)}" text-anchor="end">${fmt(v)}</text>`);
    }
    const hour = 3_600_000;
    const offset = spec.xLabelOffsetMs ?? 0;
    for (let t = Math.ceil((spec.xStartMs + offset) / hour) * hour - offset; t <= spec.xEndMs; t += 2 * hour) {
      out.push(`<line x1="${fmt(x(t))}" x2="${fmt(x(t))}" y1="${y0}" y2="${y0 + panelH}" stroke="#eeeeee"/>`);
      const label = String(new Date(t + offset).getUTCHours()).padStart(2, '0') + ':00';
      out.push(`<text x="${fmt(x(t))}" y="${y0 + panelH + 15}" text-anchor="middle">${label}</text>`);
    }
    out.push(`<text transform="translate(16 ${y0 + panelH / 2}) rotate(-90)" text-anchor="middle">${esc(panel.yLabel)}</text>`);
    panel.series.forEach((s, k) => {
      if (s.points.length === 0) return;
      const d = s.points.map((p, j) => `${j === 0 ? 'M' : 'L'}${fmt(x(p[0]))} ${fmt(y(p[1]))}`).join(' ');
      out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.4"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`);
      const lx = left + 10 + k * 190;
      out.push(`<line x1="${lx}" x2="${lx + 22}" y1="${y0 + 12}" y2="${y0 + 12}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`);
      out.push(`<text x="${lx + 28}" y="${y0 + 16}">${esc(s.name)}</text>`);
    });
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
