import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { projectRoot } from '../../../lib/project-root';

/**
 * What a user does in the Node-RED editor, as playwright steps that wait for what the editor shows
 * (never for a fixed time): drag a node from the palette, open its dialog, deploy, read a status.
 */
interface EditorRed {
  nodes: { eachNode(cb: (n: { id: string; type: string }) => void): void };
}

/**
 * The node in the palette, with every category folded but the node's own, as a user tidies the
 * palette to find a package's nodes.
 */
export async function paletteNode(page: Page, type: string): Promise<Locator> {
  await showPaletteCategoryOf(page, type);
  const node = page.locator(`.red-ui-palette-node[data-palette-type="${type}"]`);
  await node.scrollIntoViewIfNeeded();
  return node;
}

/** Folds every palette category, then opens the one that holds the type. */
export async function showPaletteCategoryOf(page: Page, type: string): Promise<void> {
  const node = page.locator(`.red-ui-palette-node[data-palette-type="${type}"]`);
  // Node-RED 4 puts it in the palette's footer, 5 in the palette sidebar's toolbar: the one button with this icon.
  await page.click('button.red-ui-footer-button:has(i.fa-angle-double-up)'); // collapse all
  await node.locator('xpath=ancestor::div[contains(@class, "red-ui-palette-category")]').locator('.red-ui-palette-header').first().click();
  await untilStill(page);
}

/** Until the editor's jQuery animations (a palette category sliding open, a tray) have ended. */
export async function untilStill(page: Page): Promise<void> {
  await page.waitForFunction(() => (globalThis as unknown as { $(selector: string): { length: number } }).$(':animated').length === 0);
}

/** Drags a palette node onto the workspace at (x, y) from the workspace's top left; resolves with the new node's id. */
export async function dragOntoWorkspace(page: Page, source: Locator, at: { x: number; y: number }): Promise<string> {
  const type = await source.getAttribute('data-palette-type');
  const before = await nodeIds(page, type!);
  const from = (await source.boundingBox())!;
  const chart = (await page.locator('#red-ui-workspace-chart').boundingBox())!;
  // jQuery UI's draggable needs real mouse moves between press and release.
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(chart.x + at.x, chart.y + at.y, { steps: 12 });
  await page.mouse.up();
  const handle = await page.waitForFunction(
    ({ t, known }) => {
      const ids: string[] = [];
      (globalThis as unknown as { RED: EditorRed }).RED.nodes.eachNode((n) => {
        if (n.type === t && !known.includes(n.id)) ids.push(n.id);
      });
      return ids[0];
    },
    { t: type!, known: before },
  );
  return (await handle.jsonValue()) as string;
}

async function nodeIds(page: Page, type: string): Promise<string[]> {
  return page.evaluate((t) => {
    const ids: string[] = [];
    (globalThis as unknown as { RED: EditorRed }).RED.nodes.eachNode((n) => {
      if (n.type === t) ids.push(n.id);
    });
    return ids;
  }, type);
}

/** The node's shape on the workspace. */
export function workspaceNode(page: Page, id: string): Locator {
  return page.locator(`#red-ui-workspace-chart g.red-ui-flow-node-group[id="${id}"]`);
}

/** Double-clicks the node and waits for its edit dialog (the tray with the node's template). */
export async function openEditDialog(page: Page, id: string): Promise<Locator> {
  await workspaceNode(page, id).locator('.red-ui-flow-node').dblclick();
  const tray = page.locator('.red-ui-tray').last();
  await tray.locator('#node-dialog-ok').waitFor();
  await tray.locator('.red-ui-tray-body .form-row').first().waitFor(); // the node's template, rendered and translated
  await untilStill(page);
  return tray;
}

/**
 * Clicks a button of the open tray (Done, Cancel, Add…) and waits until that tray is gone. (The
 * editor keeps one tray in the page: a config dialog detaches its node's dialog and puts it back.)
 */
/**
 * Clicks a dialog's Search until `found` is listed, as a user would click it again: a search
 * listens for a second or two, and on a loaded machine (the whole suite on two cores) a
 * simulator's mDNS answer can miss one.
 */
export async function searchUntilListed(search: Locator, found: Locator, attempts = 3): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await search.click();
    try {
      await found.first().waitFor({ state: 'attached', timeout: 8000 });
      return;
    } catch (err) {
      if (attempt >= attempts) throw err;
    }
  }
}

export async function closeTray(page: Page, button: string): Promise<void> {
  const tray = page.locator('.red-ui-tray').last();
  await tray.evaluate((el) => (el as unknown as { setAttribute(name: string, value: string): void }).setAttribute('data-test-closing', ''));
  await tray.locator(button).click();
  await page.waitForSelector('.red-ui-tray[data-test-closing]', { state: 'detached' });
}

/** Clicks Deploy and waits until the editor reports the flows deployed (the button goes back to disabled). */
export async function deploy(page: Page): Promise<void> {
  await page.click('#red-ui-header-button-deploy');
  await page.waitForSelector('#red-ui-header-button-deploy.disabled');
}

/** The status text shown under a node, once it matches (on a timeout the error says what it showed). */
export async function waitForStatus(page: Page, id: string, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const label = workspaceNode(page, id).locator('.red-ui-flow-node-status-label');
  try {
    await page.waitForFunction(
      ({ nodeId, source, flags }) => {
        const el = (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector(
          `#red-ui-workspace-chart g.red-ui-flow-node-group[id="${nodeId}"] .red-ui-flow-node-status-label`,
        );
        return el !== null && new RegExp(source, flags).test(el.textContent ?? '');
      },
      { nodeId: id, source: pattern.source, flags: pattern.flags },
      { timeout: timeoutMs },
    );
  } catch (err) {
    const shown = (await label.count()) > 0 ? await label.textContent() : '(no status)';
    throw new Error(`status of ${id} did not match ${pattern} within ${timeoutMs} ms; it shows "${shown}"`, { cause: err });
  }
  return (await label.textContent()) ?? '';
}

/**
 * Saves docs/editor-<name>.png when LEKTRICO_EM_SCREENSHOTS=1 (the README's pictures), cut to
 * `clip` (page pixels) if given; otherwise does nothing, so the suite never rewrites docs/.
 */
export async function screenshotForDocs(page: Page, name: string, clip?: { x: number; y: number; width: number; height: number }): Promise<void> {
  if (process.env.LEKTRICO_EM_SCREENSHOTS !== '1') return;
  const file = path.join(projectRoot(), 'docs', `editor-${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, clip });
}
