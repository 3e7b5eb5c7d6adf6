import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { withChromium } from '../../demo/browser';
import { DEMO_CHARTS, waitForChartData, widgetText } from '../../demo/dashboard-page';
import { demoNodeId } from '../../demo/flows/demo-flow';
import { startDemoProcess, type DemoProcess } from './support/demo-process';
import { invalidNodes, openEditor } from './support/editor-page';
import { longestRunMs, mean, SiteRecorder, type SiteSample } from './support/site-recorder';

/**
 * `npm start`'s entry point in a process of its own, on free ports, watched from outside through
 * its simulated devices' HTTP APIs. The demo home: 3 × 25 A, 8 kWp, a 22 kW car on a 3P22K and a
 * 7 kW car on a 1P7K wired to L2; the cars can take more than the connection gives.
 */
const LIMIT_A = 25;
/** A car takes up to 5 s to follow a lower current (IEC 61851), the station is read every 2 s. */
const MAX_OVERLOAD_MS = 8000;

function carsW(s: SiteSample): number {
  return s.stations.reduce((sum, st) => sum + st.powerW, 0);
}

async function stopDemo(demo: DemoProcess | undefined): Promise<void> {
  if (!demo) return;
  const exit = await demo.stop();
  expect(exit, `the demo stops cleanly on Ctrl+C:\n${demo.run.tail()}`).to.deep.equal({ code: 0, signal: null });
  expect(demo.run.lines).to.include('stopped.');
  // Node-RED prints node errors at the demo's console level: a working demo has none.
  expect(demo.run.lines.filter((l) => /\[error\]/.test(l)), 'node errors while the demo ran').to.deep.equal([]);
}

describe('npm start: the demo on a simulated home', function () {
  this.timeout(240_000);

  describe('at noon under a clear sky', () => {
    let demo: DemoProcess | undefined;
    let recorder: SiteRecorder;

    before(async () => {
      demo = await startDemoProcess(['--start-time', '12:00', '--cloudiness', '0', '--speed', '10', '--mode', 'power']);
      recorder = new SiteRecorder({ meter: demo.meter, pvMeter: demo.pvMeter, stations: demo.stations });
      recorder.start();
    });

    after(async () => {
      recorder?.stop();
      await stopDemo(demo);
    });

    it('prints where to look and serves the demo flow, written fresh into its own user directory', async () => {
      const d = demo!;
      expect(d.editorUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(d.dashboardUrl).to.equal(`${d.editorUrl}dashboard`);
      expect(d.meter).to.match(/^127\.0\.0\.1:\d+$/);
      expect(d.pvMeter).to.match(/^127\.0\.0\.1:\d+$/);
      expect(d.stations).to.have.length(2);
      expect(d.run.lines.join('\n')).to.match(/switch the mode/);
      const served = (await (await fetch(`${d.editorUrl}flows`)).json()) as Array<{ type: string }>;
      const saved = JSON.parse(fs.readFileSync(path.join(d.userDir, 'flows.json'), 'utf8')) as Array<{ type: string }>;
      for (const flow of [served, saved]) {
        const types = new Set(flow.map((n) => n.type));
        for (const type of ['lektrico-shelly-meter', 'lektrico-normalizer', 'lektrico-load-balancer', 'lektrico-pv-surplus', 'lektrico-power-splitter', 'lektrico-station', 'ui-chart', 'ui-button-group']) {
          expect(types.has(type), type).to.equal(true);
        }
      }
      const dashboard = await fetch(d.dashboardUrl);
      expect(dashboard.status).to.equal(200);
    });

    it("the editor's Search buttons find the simulated Shellies and stations (mDNS on 127.0.0.1)", async () => {
      const d = demo!;
      const shellies = (await (await fetch(`${d.editorUrl}lektrico-em/shelly/discover`)).json()) as { devices: Array<{ host: string }> };
      expect(shellies.devices.map((x) => x.host).sort()).to.deep.equal([d.meter, d.pvMeter].sort());
      const stations = (await (await fetch(`${d.editorUrl}lektrico-em/stations/discover`)).json()) as { stations: Array<{ host: string }> };
      expect(stations.stations.map((x) => x.host).sort()).to.deep.equal([...d.stations].sort());
    });

    it('Power: both cars charge, the connection is used up to its limit, and no phase stays above it', async () => {
      await demo!.setMode('power');
      await recorder.waitFor('both cars charging', (s) => s.stations.every((st) => st.state === 'C' && st.powerW > 1000), 60_000);
      const from = Date.now();
      await recorder.waitFor('30 s of charging', (s) => s.at >= from + 30_000, 40_000);
      const window = recorder.since(from);
      const highestA = Math.max(...window.map((s) => Math.max(...s.gridA)));
      expect(highestA, 'the cars take what the limit allows').to.be.greaterThan(LIMIT_A - 6);
      expect(longestRunMs(window, (s) => Math.max(...s.gridA) > LIMIT_A + 0.5), 'longest time above the limit, ms').to.be.below(MAX_OVERLOAD_MS);
      expect(Math.min(...window.map(carsW)), 'the cars keep charging').to.be.greaterThan(1000);
      expect(mean(window.map((s) => s.gridW)), 'more than the sun: the rest comes from the grid').to.be.greaterThan(2000);
    });

    it('the dashboard renders its charts with data, and its mode buttons switch the mode', async () => {
      await withChromium(async (context) => {
        const page = await context.newPage();
        await page.goto(demo!.dashboardUrl, { waitUntil: 'networkidle' });
        await waitForChartData(page, DEMO_CHARTS, 60_000);
        await page.getByRole('button', { name: 'Hybrid' }).click();
        await page.waitForFunction(
          (id) => ((globalThis as unknown as { document: { getElementById(i: string): { textContent: string | null } | null } }).document.getElementById(id)?.textContent ?? '').includes('Hybrid ·'),
          `nrdb-ui-widget-${demoNodeId('text-mode')}`,
          { timeout: 20_000 },
        );
        expect(await widgetText(page, 'text-mode')).to.match(/^Now ?Hybrid · /);
        expect(await widgetText(page, 'text-stations')).to.match(/carport: .* · garage: /);
      });
    });

    it('the editor shows the demo flow with every node valid and the stations charging', async () => {
      await withChromium(async (context) => {
        const page = await context.newPage();
        await openEditor(page, demo!.editorUrl);
        expect(await invalidNodes(page)).to.deep.equal([]);
        await page.waitForSelector('.red-ui-flow-node-status-label:has-text("charging")', { timeout: 20_000 });
      });
    });

    it('Green: the cars charge from the PV surplus only', async () => {
      await demo!.setMode('green');
      const switched = Date.now();
      // Green lowers the cars at once, raises them in paced steps: give it the start delay and a few steps.
      await recorder.waitFor('Green settled', (s) => s.at >= switched + 25_000, 35_000);
      const from = Date.now();
      await recorder.waitFor('20 s in Green', (s) => s.at >= from + 20_000, 30_000);
      const window = recorder.since(from);
      const cars = mean(window.map(carsW));
      const pv = mean(window.map((s) => s.pvW));
      expect(pv, 'noon sun on 8 kWp').to.be.greaterThan(5000);
      expect(cars, 'the cars charge from the sun').to.be.greaterThan(1300);
      expect(mean(window.map((s) => s.gridW)), 'mean grid import while charging in Green, W').to.be.below(300);
      expect(cars, 'the cars take no more than the sun gives').to.be.below(pv + 300);
    });
  });

  describe('at night in Green mode', () => {
    let demo: DemoProcess | undefined;
    let recorder: SiteRecorder;

    before(async () => {
      demo = await startDemoProcess(['--start-time', '23:00', '--speed', '10', '--mode', 'green']);
      recorder = new SiteRecorder({ meter: demo.meter, pvMeter: demo.pvMeter, stations: demo.stations });
      recorder.start();
    });

    after(async () => {
      recorder?.stop();
      await stopDemo(demo);
    });

    it('Green: without sun the stations are paused and the cars draw nothing', async () => {
      // The stations boot allowing 32 A: the chain must actively pause them.
      await recorder.waitFor('both stations paused by the chain', (s) => s.stations.every((st) => st.dynamicCurrentA === 0), 60_000);
      const from = Date.now();
      await recorder.waitFor('10 s paused', (s) => s.at >= from + 10_000, 20_000);
      expect(Math.max(...recorder.since(from).map(carsW))).to.equal(0);
    });

    it('Power: the same cars charge at once from the grid', async () => {
      await demo!.setMode('power');
      await recorder.waitFor('both cars charging', (s) => s.stations.every((st) => st.state === 'C' && st.powerW > 1000), 60_000);
    });
  });
});
