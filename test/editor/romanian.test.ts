import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { withChromium } from '../../demo/browser';
import { NODE_DEFAULTS } from '../../demo/flows/node-defaults';
import { invalidNodes, openEditor } from '../demo/support/editor-page';
import type { FlowNode } from '../support/node-red-helper';
import { ControlledHome } from '../reliability/support/controlled-home';
import { emFlow } from '../reliability/support/em-flow';
import { EmSite } from '../reliability/support/em-site';
import { RuntimeProcess, stopRuntimeAndSimulators } from '../reliability/support/runtime-process';
import { declaredNodes, editorDefinitions, editorSource, ROOT } from '../packaging/support/package-contents';
import { closeTray, openEditDialog, screenshotForDocs, showPaletteCategoryOf, untilStill, waitForStatus, workspaceNode } from './support/editor-actions';

/**
 * The package in Romanian, as a Romanian integrator gets it: Node-RED with `lang: 'ro'` in its
 * settings (the runtime's language: status lines, errors) and Chromium in Romanian (the editor asks
 * for the node catalogues and help in navigator.language; Node-RED's own editor has no Romanian and
 * stays English). The whole chain runs on simulated devices; every node's palette label, dialog and
 * help and the status under it come from the node's ro catalogue.
 */
type Catalogue = Record<string, unknown>;

function flatten(catalogue: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (typeof catalogue === 'string') out.set(prefix, catalogue);
  else if (typeof catalogue === 'object' && catalogue !== null) {
    for (const [key, value] of Object.entries(catalogue)) flatten(value, prefix ? `${prefix}.${key}` : key, out);
  }
  return out;
}

/** Every node's catalogue in a language, merged (their top keys are the node types), as dotted keys. */
function catalogues(lang: string): Map<string, string> {
  const all = new Map<string, string>();
  for (const node of declaredNodes()) {
    const file = path.join(ROOT, 'nodes', node.name, 'locales', lang, `${node.name}.json`);
    if (fs.existsSync(file)) flatten(JSON.parse(fs.readFileSync(file, 'utf8')) as Catalogue, '', all);
  }
  return all;
}

const RO = catalogues('ro');
const EN = catalogues('en-US');

/**
 * Whether a status line is made of the type's status texts (`<type>.status.*`), joined by " · ",
 * each __placeholder__ standing for any text (a number, a phase, a mode's own translated name).
 */
function composedOf(text: string, texts: string[]): boolean {
  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const one = `(?:${texts.map((t) => t.split(/__[A-Za-z0-9_]+?__/).map(escape).join('.+?')).join('|')})`;
  return new RegExp(`^${one}(?: · ${one})*$`).test(text);
}

function statusTexts(catalogue: Map<string, string>, type: string): string[] {
  return [...catalogue].filter(([key]) => key.startsWith(`${type}.status.`)).map(([, text]) => text);
}

/** Words of three letters or more (placeholders left out), lower case. */
function words(text: string): string[] {
  return (text.replace(/__[A-Za-z0-9_]+?__/g, ' ').match(/\p{L}{3,}/gu) ?? []).map((w) => w.toLowerCase());
}

/** Words a type's texts have in one language and not in the other (e.g. ro "rezervă", en "headroom"). */
function wordsOnlyIn(one: Map<string, string>, other: Map<string, string>, type: string): Set<string> {
  const of = (c: Map<string, string>): Set<string> => new Set([...c].filter(([key]) => key.startsWith(`${type}.`)).flatMap(([, text]) => words(text)));
  const theirs = of(other);
  return new Set([...of(one)].filter((w) => !theirs.has(w)));
}

interface ShownText {
  key: string;
  shown: string;
}

/** What each data-i18n element of the open edit dialog shows: its text, or the attribute its key fills. */
async function dialogTexts(page: Page): Promise<ShownText[]> {
  return page.locator('.red-ui-tray').last().evaluate((tray) => {
    const out: Array<{ key: string; shown: string }> = [];
    type El = { getAttribute(name: string): string | null; textContent: string | null };
    for (const el of (tray as unknown as { querySelectorAll(s: string): El[] }).querySelectorAll('.red-ui-tray-body [data-i18n]')) {
      for (const item of el.getAttribute('data-i18n')!.split(';')) {
        const m = /^(?:\[([^\]]+)\])?(.+)$/.exec(item.trim())!;
        const attr = m[1];
        const shown = !attr || attr === 'html' || attr === 'text' ? el.textContent : el.getAttribute(attr);
        out.push({ key: m[2], shown: (shown ?? '').replace(/\s+/g, ' ').trim() });
      }
    }
    return out;
  });
}

/** Dialog texts that are not the Romanian catalogue's (only our nodes' keys; Node-RED's own stay English). */
function notRomanian(texts: ShownText[]): string[] {
  return texts
    .filter(({ key }) => key.startsWith('lektrico-') && !key.includes(':'))
    .filter(({ key, shown }) => (RO.get(key) ?? `<missing ${key}>`).replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim() !== shown)
    .map(({ key, shown }) => `${key}: shows "${shown}", ro: "${RO.get(key) ?? '(missing)'}"`);
}

describe('editor and runtime in Romanian (settings lang: ro, Chromium in Romanian)', function () {
  this.timeout(240_000);
  let rig: EmSite;
  let runtime: RuntimeProcess;
  let ids: ReturnType<typeof emFlow>['ids'];

  before(async function () {
    const missing = declaredNodes().filter((n) => !fs.existsSync(path.join(ROOT, 'nodes', n.name, 'locales', 'ro', `${n.name}.json`)));
    if (missing.length > 0) {
      console.log(`      (skipped: no Romanian catalogue yet for ${missing.map((n) => n.name).join(', ')})`);
      this.skip();
    }
    const home = new ControlledHome();
    home.setHouseA([4, 3, 2]);
    rig = await EmSite.start({
      home,
      meter: { model: 'SPEM-003CEBEU' },
      stations: [{ simulator: { type: '3p22k', serial: '700901', car: { maxCurrentA: 16, reactionDelayMs: 100, startLagMs: 100 } }, gridPhases: ['L1', 'L2', 'L3'] }],
      limitA: 25,
    });
    runtime = await RuntimeProcess.start({ settings: { lang: 'ro' } });
    const flow = emFlow({
      meter: { host: rig.meter.host, name: 'contor rețea' },
      // Quick to start charging (the defaults wait a minute before a paused car resumes).
      balancer: { limitA: 25, increaseHoldS: 0.5 },
      splitter: { increaseIntervalS: 0.2, increaseStepA: 32, resumeDelayS: 0.5 },
      stations: [{ key: 'garaj', host: rig.stations[0].host, phases: 'L1,L2,L3', name: 'garaj', pollInterval: 0.5, timeout: 1 }],
    });
    ids = flow.ids;
    await runtime.deploy(asSavedByTheEditor(flow.nodes));
  });

  after(() => stopRuntimeAndSimulators(runtime, rig));

  it('shows the palette labels, every dialog, the help and every status line in Romanian', async () => {
    await withChromium(
      async (context) => {
        const page = await context.newPage();
        await openEditor(page, runtime.url);
        expect(await page.evaluate(() => (globalThis as unknown as { navigator: { language: string } }).navigator.language)).to.equal('ro');
        expect(await invalidNodes(page), 'nodes the editor flags').to.deep.equal([]);

        // Palette labels.
        for (const node of declaredNodes()) {
          for (const def of editorDefinitions(editorSource(node)).filter((d) => d.category !== 'config')) {
            const label = await page.locator(`.red-ui-palette-node[data-palette-type="${def.type}"]`).getAttribute('data-palette-label');
            expect(label, `${def.type} in the palette`).to.equal(RO.get(`${def.type}.paletteLabel`));
          }
        }

        // Help: the Romanian help file's text, as the editor received it.
        for (const node of declaredNodes()) {
          const roHelp = path.join(ROOT, 'nodes', node.name, 'locales', 'ro', `${node.name}.html`);
          if (!fs.existsSync(roHelp)) continue; // the catalogue test names the nodes without Romanian help
          for (const def of editorDefinitions(editorSource(node))) {
            const shown = await page.locator(`script[data-help-name="${def.type}"]`).first().innerHTML();
            const expected = /<script[^>]*data-help-name="[^"]+"[^>]*>([\s\S]*?)<\/script>/.exec(fs.readFileSync(roHelp, 'utf8'))![1];
            expect(shown.trim(), `${def.type} help`).to.equal(expected.trim());
          }
        }

        // Every dialog of the chain, and the Shelly device's from the meter's.
        const problems: string[] = [];
        for (const id of [ids.meter, ids.normalizer, ids.balancer, ids.surplus, ids.splitter, ...ids.stations]) {
          const dialog = await openEditDialog(page, id);
          const texts = await dialogTexts(page);
          expect(texts.length, `${id}: a dialog with catalogue texts`).to.be.greaterThan(0);
          problems.push(...notRomanian(texts).map((p) => `${id} ${p}`));
          if (id === ids.meter) {
            await dialog.locator('#node-input-btn-device-edit').click();
            const device = page.locator('.red-ui-tray').last();
            await device.locator('#node-config-input-host').waitFor();
            problems.push(...notRomanian(await dialogTexts(page)).map((p) => `device ${p}`));
            await closeTray(page, '#node-config-dialog-cancel');
          }
          await closeTray(page, '#node-dialog-cancel');
        }
        expect(problems, 'dialog texts not from the Romanian catalogue').to.deep.equal([]);

        // Status lines, from the Romanian runtime, once the station is charging.
        await waitForStatus(page, ids.stations[0], /^încarcă/, 60_000);
        const notFromRo: string[] = [];
        const english: string[] = [];
        const romanian: string[] = [];
        for (const id of [ids.meter, ids.normalizer, ids.balancer, ids.surplus, ids.splitter, ...ids.stations]) {
          const type = await page.evaluate((nodeId) => (globalThis as unknown as { RED: { nodes: { node(id: string): { type: string } } } }).RED.nodes.node(nodeId).type, id);
          const text = ((await workspaceNode(page, id).locator('.red-ui-flow-node-status-label').textContent()) ?? '').trim();
          const line = `${type}: "${text}"`;
          if (!composedOf(text, statusTexts(RO, type))) notFromRo.push(line);
          if (words(text).some((w) => wordsOnlyIn(EN, RO, type).has(w))) english.push(line);
          if (words(text).some((w) => wordsOnlyIn(RO, EN, type).has(w))) romanian.push(line);
        }
        expect(notFromRo, 'status lines not made of the Romanian catalogue').to.deep.equal([]);
        expect(english, 'status lines with English words').to.deep.equal([]);
        // The meter's line is model, generation, transport and age: the same in every language.
        expect(romanian, 'status lines with Romanian words').to.have.length(5);

        // The picture: the flow's statuses and the load balancer's help in Romanian.
        await workspaceNode(page, ids.balancer).locator('.red-ui-flow-node').click();
        await page.evaluate(() => (globalThis as unknown as { RED: { actions: { invoke(action: string): void } } }).RED.actions.invoke('core:show-help-tab'));
        const roHelp = fs.readFileSync(path.join(ROOT, 'nodes', 'load-balancer', 'locales', 'ro', 'load-balancer.html'), 'utf8');
        const opening = /<p>([^<]+)/.exec(roHelp)![1].split(/\s+/).slice(0, 6).join(' ');
        await page.locator('.red-ui-help', { hasText: opening }).first().waitFor();
        await showPaletteCategoryOf(page, 'lektrico-load-balancer');
        await untilStill(page);
        await screenshotForDocs(page, 'romanian');
      },
      { width: 1400, height: 800 },
      { locale: 'ro' },
    );
  });
});

/**
 * The flow as the editor would have saved it: every property the dialogs define (so no node shows
 * a warning triangle) and positions in two rows as the chain runs (the flow builder gives neither).
 */
function asSavedByTheEditor(nodes: FlowNode[]): FlowNode[] {
  const at: Record<string, { x: number; y: number }> = {
    'lektrico-shelly-meter': { x: 120, y: 80 },
    'lektrico-normalizer': { x: 330, y: 80 },
    'lektrico-load-balancer': { x: 620, y: 80 },
    'lektrico-pv-surplus': { x: 190, y: 220 },
    'lektrico-power-splitter': { x: 450, y: 220 },
    'lektrico-station': { x: 680, y: 220 },
  };
  return nodes.map((n) => ({ ...(NODE_DEFAULTS as Record<string, object>)[n.type], ...n, ...at[n.type] }));
}
