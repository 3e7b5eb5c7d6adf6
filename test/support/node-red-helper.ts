/**
 * node-red-node-test-helper, typed for this package and initialised once against the
 * Node-RED version installed as a dev dependency (or LEKTRICO_EM_NODE_RED's: demo/node-red-module.ts).
 */
import { nodeRedEntry } from '../../demo/node-red-module';
import type { NodeAPI } from '../../nodes/common/node-red';

export type NodeModule = (RED: NodeAPI) => void;
export interface FlowNode {
  id: string;
  type: string;
  z?: string;
  wires?: string[][];
  [key: string]: unknown;
}

export interface TestNode {
  id: string;
  on(event: 'input', cb: (msg: Record<string, unknown>) => void): void;
  on(event: string, cb: (...args: any[]) => void): void;
  once(event: string, cb: (...args: any[]) => void): void;
  receive(msg: Record<string, unknown>): void;
  status: { (s: unknown): void; args?: unknown[][]; lastCall?: { args: unknown[] } };
  [key: string]: any;
}

export interface Helper {
  init(nodeRedRuntime: string, userSettings?: Record<string, unknown>): void;
  load(nodes: NodeModule | NodeModule[], flow: FlowNode[], credentials?: Record<string, Record<string, string>>): Promise<void>;
  setFlows(flow: FlowNode[], type?: string, credentials?: Record<string, Record<string, string>>): Promise<void>;
  unload(): Promise<void>;
  getNode(id: string): TestNode;
  startServer(): Promise<void>;
  stopServer(): Promise<void>;
  url(): string;
  request(): any;
  log(): { args: unknown[][] };
  clearFlows(): Promise<void>;
  settings(settings: Record<string, unknown>): void;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const helper: Helper = require('node-red-node-test-helper');
helper.init(nodeRedEntry());

/** Resolves with the next `input` message of a helper node, or rejects after timeoutMs. */
export function nextMessage(node: TestNode, timeoutMs = 5000): Promise<Record<string, any>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no message on ${node.id} within ${timeoutMs} ms`)), timeoutMs);
    node.once('input', (msg: Record<string, any>) => {
      clearTimeout(timer);
      resolve(msg);
    });
  });
}

/** Resolves with the first message of a helper node that satisfies predicate. */
export function waitForMessage(
  node: TestNode,
  predicate: (msg: Record<string, any>) => boolean,
  timeoutMs = 5000,
): Promise<Record<string, any>> {
  return new Promise((resolve, reject) => {
    const onInput = (msg: Record<string, any>): void => {
      let ok = false;
      try {
        ok = predicate(msg);
      } catch {
        ok = false;
      }
      if (ok) {
        clearTimeout(timer);
        node.removeListener('input', onInput);
        resolve(msg);
      }
    };
    const timer = setTimeout(() => {
      node.removeListener('input', onInput);
      reject(new Error(`no matching message on ${node.id} within ${timeoutMs} ms`));
    }, timeoutMs);
    node.on('input', onInput);
  });
}

export interface ShownStatus {
  fill?: string;
  shape?: string;
  text?: string;
}

/**
 * Every status the node itself has shown, oldest first. The helper spies on the Node prototype,
 * so `node.status` records the calls of every node in the flow: keep only this node's.
 */
export function statusesOf(node: TestNode): ShownStatus[] {
  const calls = (node.status as unknown as { getCalls(): Array<{ thisValue: unknown; args: unknown[] }> }).getCalls();
  return calls.filter((c) => c.thisValue === node).map((c) => c.args[0] as ShownStatus);
}

export function lastStatusOf(node: TestNode): ShownStatus | undefined {
  const all = statusesOf(node);
  return all[all.length - 1];
}

/** Resolves when the node's own latest status satisfies predicate (checks the current one first). */
export function waitForStatus(node: TestNode, predicate: (s: ShownStatus) => boolean, timeoutMs = 5000): Promise<ShownStatus> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = (): void => {
      const last = lastStatusOf(node);
      if (last && predicate(last)) return resolve(last);
      if (Date.now() - started > timeoutMs) {
        return reject(new Error(`status of ${node.id} never matched; last: ${JSON.stringify(last)}`));
      }
      setTimeout(poll, 20);
    };
    poll();
  });
}
