import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../lib/project-root';
import { withChromium } from './browser';
import { DEMO_CHARTS, waitForChartData } from './dashboard-page';
import { demoNodeId } from './flows/demo-flow';
import { startDemo } from './start';

/**
 * `node dist/demo/screenshots.js`: runs the demo on free ports through a simulated morning in Green
 * mode, switches to Power at noon, and writes docs/demo-dashboard.png (the charts: the cars follow
 * the sun, then take the connection up to its limit) and docs/demo-flow.png (the editor with the
 * demo flow and its live statuses), taken in headless Chromium. About four minutes.
 */
const SPEED = 144;
const START = '06:30';
/** Real seconds from the start to the switch to Power (06:30 + 150 s × 144 = 12:30). */
const GREEN_S = 150;
/** Real seconds in Power before the pictures (12:30 → 15:54). */
const POWER_S = 85;
/**
 * A clear day: at 144× a cloud's edge passes in a fraction of a second, a step no car can follow,
 * which in Power at the limit shows as a spike of a few seconds (README, "The demo").
 */
const CLOUDINESS = 0;

async function inject(editorUrl: string, name: string): Promise<void> {
  const res = await fetch(`${editorUrl}inject/${demoNodeId(name)}`, { method: 'POST' });
  if (!res.ok) throw new Error(`inject ${name}: HTTP ${res.status}`);
}

async function main(): Promise<void> {
  const docs = path.join(projectRoot(), 'docs');
  fs.mkdirSync(docs, { recursive: true });
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lektrico-screenshots-'));
  const demo = await startDemo({ port: 0, userDir, speed: SPEED, startTime: START, mode: 'green', cloudiness: CLOUDINESS });
  const log = (text: string): void => console.log(`[${new Date().toTimeString().slice(0, 8)}] ${text}`);
  try {
    log(`demo at ${demo.editorUrl}; Green from ${START}, Power after ${GREEN_S} s`);
    // The browser starts once the chain has taken the stations over (its start would slow Node-RED's).
    while (!demo.site.stations.every((s) => s.framesOf('dynamic_current.set').length > 0)) await new Promise((r) => setTimeout(r, 200));
    await withChromium(async (context) => {
      const dashboard = await context.newPage();
      await dashboard.goto(demo.dashboardUrl, { waitUntil: 'networkidle' });
      await dashboard.waitForTimeout(GREEN_S * 1000);
      await inject(demo.editorUrl, 'mode-power');
      log('Power');
      await dashboard.waitForTimeout(POWER_S * 1000);
      await waitForChartData(dashboard, DEMO_CHARTS, 30_000);
      await dashboard.screenshot({ path: path.join(docs, 'demo-dashboard.png'), fullPage: true });
      log('wrote docs/demo-dashboard.png');

      const editor = await context.newPage();
      await editor.setViewportSize({ width: 1500, height: 960 });
      await editor.goto(demo.editorUrl, { waitUntil: 'networkidle' });
      await editor.waitForSelector('.red-ui-flow-node');
      await editor.evaluate(() => {
        const red = (globalThis as unknown as { RED: { actions: { invoke(action: string, value?: boolean): void } } }).RED;
        red.actions.invoke('core:toggle-sidebar', false);
        red.actions.invoke('core:toggle-palette', false);
      });
      // Statuses arrive over the editor's WebSocket within a couple of seconds.
      await editor.waitForSelector('.red-ui-flow-node-status-label:has-text("charging")', { timeout: 20_000 });
      await editor.waitForTimeout(2000);
      await editor.screenshot({ path: path.join(docs, 'demo-flow.png') });
      log('wrote docs/demo-flow.png');
    });
  } finally {
    await demo.stop();
    fs.rmSync(userDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`screenshots: ${(err as Error).stack ?? String(err)}`);
  process.exitCode = 1;
});
