import type { Page } from 'playwright-core';
import { CHART_COLORS, demoNodeId } from './flows/demo-flow';

/**
 * The demo's dashboard page as a browser sees it. A chart "has data" when its canvas shows its
 * series' colours over more pixels than a legend icon covers: only drawn lines do that.
 */
export interface ChartCheck {
  name: string;
  /** Dashboard widget element id: nrdb-ui-widget-<node id>. */
  elementId: string;
  /** Colours that must be drawn (a line per series). */
  colors: string[];
}

export const DEMO_CHARTS: ChartCheck[] = [
  { name: 'grid current per phase', elementId: `nrdb-ui-widget-${demoNodeId('chart-grid')}`, colors: CHART_COLORS.grid },
  { name: 'power', elementId: `nrdb-ui-widget-${demoNodeId('chart-power')}`, colors: CHART_COLORS.power },
  // What each car draws (the dark colours); the light "allowed" lines may lie under them.
  { name: 'cars', elementId: `nrdb-ui-widget-${demoNodeId('chart-cars')}`, colors: [CHART_COLORS.cars[0], CHART_COLORS.cars[2]] },
];

/** Pixels a drawn line of a series shows, well above what its legend icon covers. */
export const LINE_PIXELS = 400;

/** The little of the browser's DOM the pixel count uses (this package compiles without the DOM lib). */
interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
}
interface BrowserGlobals {
  document: { querySelector(selector: string): CanvasLike | null };
}

/** How many pixels of each colour the chart's canvas shows now (0 when it has no canvas yet). */
export async function colorPixels(page: Page, chart: ChartCheck): Promise<number[]> {
  return page.evaluate(
    ({ id, colors }) => {
      // Runs in the page: globalThis is the window there.
      const canvas = (globalThis as unknown as BrowserGlobals).document.querySelector(`#${id} canvas`);
      const ctx = canvas?.getContext('2d');
      if (!canvas || !ctx || canvas.width === 0) return colors.map(() => 0);
      const rgb = colors.map((c) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)));
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      const counts = colors.map(() => 0);
      for (let p = 0; p < data.length; p += 4) {
        if (data[p + 3] < 200) continue;
        rgb.forEach(([r, g, b], i) => {
          if (Math.abs(data[p] - r) <= 10 && Math.abs(data[p + 1] - g) <= 10 && Math.abs(data[p + 2] - b) <= 10) counts[i]++;
        });
      }
      return counts;
    },
    { id: chart.elementId, colors: chart.colors },
  );
}

/** Waits until every chart draws every one of its series; rejects with what is missing. */
export async function waitForChartData(page: Page, charts: ChartCheck[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const missing: string[] = [];
    for (const chart of charts) {
      const counts = await colorPixels(page, chart);
      counts.forEach((n, i) => {
        if (n < LINE_PIXELS) missing.push(`${chart.name} ${chart.colors[i]} (${n} px)`);
      });
    }
    if (missing.length === 0) return;
    if (Date.now() > deadline) throw new Error(`charts without data after ${timeoutMs} ms: ${missing.join(', ')}`);
    await page.waitForTimeout(1000);
  }
}

/** The text of a dashboard text widget (ui-text), e.g. the "Now" line. */
export async function widgetText(page: Page, nodeName: string): Promise<string> {
  return (await page.locator(`#nrdb-ui-widget-${demoNodeId(nodeName)}`).innerText()).replace(/\s+/g, ' ').trim();
}
