import { expect } from 'chai';
import { withChromium } from '../../demo/browser';
import { freeUdpPort } from '../../demo/start';
import { StationSimulator } from '../../lib/sim/lektrico/station-simulator';
import { openEditor } from '../demo/support/editor-page';
import { type RuntimeProcess, stopRuntimeAndSimulators } from '../reliability/support/runtime-process';
import { runtimeDiscoveringOn } from './support/discovery-runtime';
import { deploy, dragOntoWorkspace, openEditDialog, paletteNode, screenshotForDocs, searchUntilListed, waitForStatus } from './support/editor-actions';

interface FlowEntry {
  id: string;
  type: string;
  name?: string;
  host?: string;
  phases?: string;
  minCurrent?: unknown;
  maxCurrent?: unknown;
}

/**
 * The station's edit dialog in headless Chromium, against a real Node-RED with this package and a
 * simulated 1P7K announcing itself over mDNS on 127.0.0.1: Search lists it with its type and serial,
 * picking it fills host and name, Test connection shows what answers, a maximum below the car
 * minimum is marked invalid, the grid phase is picked from a list, and after Deploy the status says
 * what the station does.
 */
describe('editor: a LEKTRI.CO station set up in the browser', function () {
  this.timeout(180_000);
  let sim: StationSimulator;
  let runtime: RuntimeProcess;

  before(async () => {
    const mdnsPort = await freeUdpPort();
    sim = new StationSimulator({ type: '1p7k', serial: '500077', firmware: '1.49', mdns: { interface: '127.0.0.1', port: mdnsPort } });
    await sim.start();
    runtime = await runtimeDiscoveringOn(mdnsPort);
  });

  after(() => stopRuntimeAndSimulators(runtime, sim));

  it('Search, pick, Test connection, validation, grid phase, Deploy: "charging 32 A · 1P · …" under the node', async () => {
    await withChromium(
      async (context) => {
        const page = await context.newPage();
        await openEditor(page, runtime.url);
        const id = await dragOntoWorkspace(page, await paletteNode(page, 'lektrico-station'), { x: 260, y: 140 });
        const dialog = await openEditDialog(page, id);

        const found = dialog.locator('#node-input-lektrico-station-found option', { hasText: sim.host });
        await searchUntilListed(dialog.locator('#node-input-lektrico-station-search'), found);
        expect(await found.textContent()).to.equal(`Lektrico-1p7k-500077 · 1P7K · serial 500077 · ${sim.host} · firmware 20250101-120000/v1.49-0-gsim`);
        await dialog.locator('#node-input-lektrico-station-found').selectOption({ label: (await found.textContent())! });
        expect(await dialog.locator('#node-input-host').inputValue()).to.equal(sim.host);
        expect(await dialog.locator('#node-input-name').inputValue()).to.equal('Lektrico-1p7k-500077');

        await dialog.locator('#node-input-lektrico-station-test').click();
        const result = dialog.locator('#node-input-lektrico-station-test-result');
        await result.filter({ hasText: 'A LEKTRI.CO station answers' }).waitFor({ timeout: 15_000 });
        const shown = (await result.textContent()) ?? '';
        for (const part of ['1P7K (device id prefix 1p7k)', '500077 · 1p7k_500077', '1.49', 'charging (C)', '32 / 32 A', '1P (single-phase)']) {
          expect(shown, part).to.contain(part);
        }

        // As typed: Node-RED validates on keyup and change.
        const type = async (field: string, value: string): Promise<void> => {
          await dialog.locator(field).fill(value);
          await dialog.locator(field).dispatchEvent('change');
        };
        await type('#node-input-minCurrent', '10');
        await type('#node-input-maxCurrent', '8');
        await page.waitForFunction(() => (globalThis as unknown as { $(s: string): { hasClass(c: string): boolean } }).$('#node-input-maxCurrent').hasClass('input-error'));
        await type('#node-input-maxCurrent', '16');
        await page.waitForFunction(() => !(globalThis as unknown as { $(s: string): { hasClass(c: string): boolean } }).$('#node-input-maxCurrent').hasClass('input-error'));
        const phases = dialog.locator('#node-input-phases');
        expect(await phases.locator('option').count()).to.equal(9);
        await phases.selectOption('L2');
        const tray = (await dialog.boundingBox())!;
        await screenshotForDocs(page, 'lektrico-station', { x: tray.x, y: tray.y, width: Math.min(tray.width, 820), height: Math.min(tray.height, 900) });

        await dialog.locator('#node-dialog-ok').click();
        await dialog.waitFor({ state: 'detached' });
        await deploy(page);
        expect(await waitForStatus(page, id, /^charging 32 A · 1P · \d+\.\d kW$/)).to.match(/^charging 32 A · 1P/);
      },
      { width: 1400, height: 1000 },
    );
    const station = (JSON.parse((await runtime.request('GET', 'flows')).body) as FlowEntry[]).find((n) => n.type === 'lektrico-station')!;
    expect(station).to.include({ host: sim.host, name: 'Lektrico-1p7k-500077', phases: 'L2' });
    expect(Number(station.minCurrent)).to.equal(10);
    expect(Number(station.maxCurrent)).to.equal(16);
    expect(runtime.logs.filter((l) => l.level === 'error'), 'Node-RED errors').to.deep.equal([]);
  });
});
