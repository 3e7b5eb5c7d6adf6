import type { DoneFn, NodeMessage, RuntimeNode, SendFn } from './node-red';
import { status } from './status';

/**
 * The one input path of every node: run the handler, and on any failure (a throw or a
 * rejected promise) set a red status with the reason and call done(err), so a Catch node
 * sees it. done is called exactly once per message. The handler returns nothing; it calls
 * send itself (possibly several times, possibly never).
 */
export function onInput(
  node: RuntimeNode,
  handler: (msg: NodeMessage, send: SendFn) => void | Promise<void>,
): void {
  node.on('input', (msg: NodeMessage, send: SendFn, done: DoneFn) => {
    const fail = (err: unknown): void => {
      const error = err instanceof Error ? err : new Error(String(err));
      node.status(status.error(error.message));
      done(error);
    };
    try {
      const result = handler(msg, send);
      if (result && typeof (result as Promise<void>).then === 'function') {
        (result as Promise<void>).then(() => done(), fail);
      } else {
        done();
      }
    } catch (err) {
      fail(err);
    }
  });
}

/**
 * Registers a close handler with the (removed, done) signature the runtime expects, and always
 * calls done, even when the cleanup throws or rejects.
 */
export function onClose(node: RuntimeNode, cleanup: (removed: boolean) => void | Promise<void>): void {
  node.on('close', (removed: boolean, done: () => void) => {
    const finish = (err?: unknown): void => {
      if (err) node.warn(`cleanup failed: ${err instanceof Error ? err.message : String(err)}`);
      done();
    };
    try {
      const result = cleanup(removed);
      if (result && typeof (result as Promise<void>).then === 'function') {
        (result as Promise<void>).then(() => finish(), finish);
      } else {
        finish();
      }
    } catch (err) {
      finish(err);
    }
  });
}
