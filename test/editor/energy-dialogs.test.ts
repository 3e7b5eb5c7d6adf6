import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { withChromium } from '../../demo/browser';
import { projectRoot } from '../../lib/project-root';
import { invalidNodes, openEditor } from '../demo/support/editor-page';
import { RuntimeProcess, stopRuntimeAndSimulators } from '../reliability/support/runtime-process';
import { closeTray, dragOntoWorkspace, openEditDialog, paletteNode } from './support/editor-actions';

/**
 * The energy nodes' dialogs (load balancer, PV surplus, power splitter) in headless Chromium, against
 * a real Node-RED with this package: a value a rule refuses turns its field red (the editor's
 * `input-error`), a good one clears it, and a node saved with a refused value gets the editor's
 * warning triangle. (test/nodes/energy-editor.test.ts checks every rule; this checks that the
 * editor shows them.)
 */
describe('editor: the energy dialogs mark a value their rules refuse', function () {
  this.timeout(180_000);
  let runtime: RuntimeProcess;

  before(async () => {
    runtime = await RuntimeProcess.start();
  });

  after(() => stopRuntimeAndSimulators(runtime));

  /** The dialog's message for a refused value, from the node's en-US catalogue. */
  function message(type: string, key: string): string {
    const name = type.replace(/^lektrico-/, '');
    const catalogue = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'nodes', name, 'locales', 'en-US', `${name}.json`), 'utf8')) as Record<string, { validation: Record<string, string> }>;
    return catalogue[type].validation[key];
  }

  /** Types into a field as a user does (Node-RED validates on change), then waits until it is marked, or not. */
  async function typeAndSee(page: Page, dialog: Locator, prop: string, value: string, marked: boolean): Promise<void> {
    const field = `#node-input-${prop}`;
    await dialog.locator(field).fill(value);
    await dialog.locator(field).dispatchEvent('change');
    await page.waitForFunction(
      ({ selector, want }) => (globalThis as unknown as { $(s: string): { hasClass(c: string): boolean } }).$(selector).hasClass('input-error') === want,
      { selector: field, want: marked },
    );
  }

  it('limit 5 A, smoothing while falling above the smoothing, step 0.5 A: red fields, and a warning once saved', async () => {
    await withChromium(
      async (context) => {
        const page = await context.newPage();
        await openEditor(page, runtime.url);
        const cases = [
          { type: 'lektrico-load-balancer', y: 100, last: 'failsafe', steps: [['limitA', '5', true], ['limitA', '25', false], ['failsafeCurrentA', '3', true]] },
          { type: 'lektrico-pv-surplus', y: 220, last: 'hybridCurrent', steps: [['smoothingS', '10', false], ['smoothingFallS', '12', true], ['smoothingFallS', '4', false], ['hybridCurrentA', '40', true]] },
          { type: 'lektrico-power-splitter', y: 340, last: 'increaseStep', steps: [['increaseStepA', '0.5', true], ['increaseStepA', '1', false], ['increaseStepA', '0.9', true]] },
        ] as const;
        const saved: string[] = [];
        for (const { type, y, last, steps } of cases) {
          const id = await dragOntoWorkspace(page, await paletteNode(page, type), { x: 260, y });
          const dialog = await openEditDialog(page, id);
          for (const [prop, value, marked] of steps) await typeAndSee(page, dialog, prop, value, marked);
          await closeTray(page, '#node-dialog-ok');
          saved.push(`${type} ${id}: ${message(type, last)}`);
        }
        // The last value of each dialog was refused: the node carries the editor's warning, with the rule's message.
        expect(await invalidNodes(page)).to.have.members(saved);
      },
      { width: 1400, height: 900 },
    );
  });
});
