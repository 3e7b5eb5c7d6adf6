/**
 * Status of one node in a Node-RED helper flow. The test helper spies on the Node prototype, so
 * `node.status.args` holds the calls of every node in the flow; these filter by the calling node.
 * (test/support's waitForStatus reads the shared list; with several nodes it can match another's.)
 */
import type { TestNode } from '../../support/node-red-helper';

export interface ShownStatus {
  fill?: string;
  shape?: string;
  text?: string;
}

interface SpyCall {
  thisValue: unknown;
  args: unknown[];
}

export function statusesOf(node: TestNode): ShownStatus[] {
  const calls = (node.status as unknown as { getCalls(): SpyCall[] }).getCalls();
  return calls.filter((c) => c.thisValue === node).map((c) => c.args[0] as ShownStatus);
}

export function lastStatusOf(node: TestNode): ShownStatus | undefined {
  const all = statusesOf(node);
  return all[all.length - 1];
}

/** Resolves when the node's own latest status satisfies predicate (polls every 20 ms). */
export function waitForOwnStatus(node: TestNode, predicate: (s: ShownStatus) => boolean, timeoutMs = 5000): Promise<ShownStatus> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = (): void => {
      const last = lastStatusOf(node);
      if (last && predicate(last)) return resolve(last);
      if (Date.now() - started > timeoutMs) return reject(new Error(`status of ${node.id} never matched; last: ${JSON.stringify(last)}`));
      setTimeout(poll, 20);
    };
    poll();
  });
}
