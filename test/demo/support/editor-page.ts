import type { Page } from 'playwright-core';

/** The little of the Node-RED editor's API (window.RED) the tests read, typed (no DOM lib here). */
interface EditorNode {
  id: string;
  type: string;
  name?: string;
  valid?: boolean;
  validationErrors?: string[];
}
interface EditorRed {
  nodes: { eachNode(cb: (n: EditorNode) => void): void; eachConfig(cb: (n: EditorNode) => void): void };
  view: { importNodes(flow: unknown, options: { generateIds: boolean; addFlow: boolean }): void };
  workspaces?: { count(): number };
}

/** Opens the editor and waits until it has loaded the flows (it shows at least one tab). */
export async function openEditor(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.waitForFunction(() => ((globalThis as unknown as { RED?: EditorRed }).RED?.workspaces?.count() ?? 0) > 0, undefined, { timeout: 30_000 });
}

/** Nodes (and config nodes) the editor flags as invalid, e.g. "lektrico-normalizer grid reading: roundTimeout". */
export async function invalidNodes(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const red = (globalThis as unknown as { RED: EditorRed }).RED;
    const out: string[] = [];
    const check = (n: EditorNode): void => {
      if (n.valid === false) out.push(`${n.type} ${n.name || n.id}: ${(n.validationErrors ?? []).join(', ')}`);
    };
    red.nodes.eachNode(check);
    red.nodes.eachConfig(check);
    return out;
  });
}

/** Imports a flow as Import → Examples does (new ids, a new tab). */
export async function importFlow(page: Page, flow: unknown): Promise<void> {
  await page.evaluate((f) => (globalThis as unknown as { RED: EditorRed }).RED.view.importNodes(f, { generateIds: true, addFlow: true }), flow);
}
