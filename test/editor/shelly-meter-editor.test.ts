import { expect } from 'chai';
import { withChromium } from '../../demo/browser';
import { freeUdpPort } from '../../demo/start';
import { ShellySimulator } from '../../lib/sim/shelly';
import { openEditor } from '../demo/support/editor-page';
import { type RuntimeProcess, stopRuntimeAndSimulators } from '../reliability/support/runtime-process';
import { runtimeDiscoveringOn } from './support/discovery-runtime';
import { closeTray, deploy, dragOntoWorkspace, openEditDialog, paletteNode, screenshotForDocs, searchUntilListed, untilStill, waitForStatus, workspaceNode } from './support/editor-actions';

/**
 * The editor as an integrator meets it, end to end in headless Chromium: a real Node-RED with this
 * package and a simulated Shelly Pro 3EM announcing itself over mDNS on 127.0.0.1. Drag the Shelly
 * meter from the palette, add a Shelly device in its dialog, Search, pick the simulated device,
 * test the connection, Deploy: the node's status shows the detected model. With
 * LEKTRICO_EM_SCREENSHOTS=1 the steps are saved as docs/editor-*.png (README, "In the editor").
 */
interface FlowEntry {
  id: string;
  type: string;
  name?: string;
  host?: string;
  device?: string;
}

describe('editor: a Shelly meter set up in the browser, from the palette to a deployed status', function () {
  this.timeout(180_000);
  let sim: ShellySimulator;
  let runtime: RuntimeProcess;

  before(async () => {
    // An mDNS port of the test's own, so the search finds this simulator and nothing else.
    const mdnsPort = await freeUdpPort();
    sim = await ShellySimulator.start({ model: 'SPEM-003CEBEU', name: 'Grid meter', mdns: { port: mdnsPort } });
    runtime = await runtimeDiscoveringOn(mdnsPort);
  });

  after(() => stopRuntimeAndSimulators(runtime, sim));

  it('drag, add a device, Search, pick it, test it, Deploy: "Pro 3EM · Gen2 · ws · …" under the node', async () => {
    await withChromium(
      async (context) => {
        const page = await context.newPage();
        await openEditor(page, runtime.url);

        const source = await paletteNode(page, 'lektrico-shelly-meter');
        const category = source.locator('xpath=ancestor::div[contains(@class, "red-ui-palette-category")]').locator('.red-ui-palette-header').first();
        expect((await category.innerText()).trim(), 'the palette category, with its dot').to.equal('LEKTRI.CO EM');
        const meterId = await dragOntoWorkspace(page, source, { x: 260, y: 120 });
        await screenshotForDocs(page, 'palette', { x: 0, y: 0, width: 720, height: 520 });

        const dialog = await openEditDialog(page, meterId);
        await dialog.locator('#node-input-btn-device-add').click();
        const config = page.locator('.red-ui-tray').last();
        await config.locator('#node-config-input-host').waitFor();

        const found = config.locator('#node-config-lektrico-shelly-device-found li', { hasText: sim.host });
        await searchUntilListed(config.locator('#node-config-lektrico-shelly-device-search'), found);
        expect(await found.textContent()).to.contain('Pro 3EM').and.to.contain('Gen2').and.to.contain('Grid meter');
        await found.locator('a').click();
        expect(await config.locator('#node-config-input-host').inputValue()).to.equal(sim.host);
        expect(await config.locator('#node-config-input-name').inputValue()).to.equal('Grid meter');

        const testButton = config.locator('#node-config-lektrico-shelly-device-test');
        if ((await testButton.count()) > 0) {
          await testButton.click();
          const result = config.locator('#node-config-lektrico-shelly-device-test-result');
          await result.filter({ hasText: 'Pro 3EM' }).waitFor({ timeout: 15_000 });
          expect(await result.textContent()).to.contain(sim.id);
        }
        const tray = (await config.boundingBox())!;
        await screenshotForDocs(page, 'shelly-device', { x: tray.x, y: tray.y, width: Math.min(tray.width, 820), height: Math.min(tray.height, 760) });

        await closeTray(page, '#node-config-dialog-ok');
        await closeTray(page, '#node-dialog-ok');
        await deploy(page);

        const text = await waitForStatus(page, meterId, /^Pro 3EM · Gen2 · ws · \d+(\.\d)? s$/);
        expect(text).to.match(/^Pro 3EM · Gen2 · ws/);
        expect(await workspaceNode(page, meterId).locator('.red-ui-flow-node-status').getAttribute('class')).to.contain('red-ui-flow-node-status-dot-green');
        await untilStill(page);
        const node = (await workspaceNode(page, meterId).boundingBox())!;
        await screenshotForDocs(page, 'deployed', { x: node.x - 100, y: node.y - 70, width: 480, height: 190 });
      },
      { width: 1400, height: 900 },
    );

    // What was deployed is what the dialogs showed: the meter on a device at the simulator's address.
    const flows = JSON.parse((await runtime.request('GET', 'flows')).body) as FlowEntry[];
    const meter = flows.find((n) => n.type === 'lektrico-shelly-meter')!;
    const device = flows.find((n) => n.id === meter.device)!;
    expect(device).to.include({ type: 'lektrico-shelly-device', host: sim.host, name: 'Grid meter' });
    expect(runtime.logs.filter((l) => l.level === 'error'), 'Node-RED errors').to.deep.equal([]);
    expect(runtime.unhandled).to.deep.equal([]);
  });
});
