/**
 * A wall-clock deadline for one request. axios' own `timeout` stops counting once the headers
 * are in, so a device that sends them and then trickles the body would hold the request (and
 * every request queued behind it) for ever; this one counts until the task settles.
 */
export interface DeadlineOptions {
  timeoutMs: number;
  /** The error the task fails with when the deadline passes. */
  onTimeout(): Error;
  /** Aborting it (closing the client) aborts the task too, with its reason. */
  parent?: AbortSignal;
}

/**
 * Runs task with a signal that aborts when timeoutMs has passed or the parent aborts. Once the
 * signal has aborted, the task's rejection is replaced by the signal's reason (onTimeout()'s
 * error, or the parent's reason), so callers see why it stopped rather than a generic cancel.
 */
export async function withDeadline<T>(task: (signal: AbortSignal) => Promise<T>, options: DeadlineOptions): Promise<T> {
  const controller = new AbortController();
  const { parent } = options;
  const onParentAbort = (): void => controller.abort(parent?.reason);
  if (parent?.aborted) onParentAbort();
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  const timer = setTimeout(() => controller.abort(options.onTimeout()), options.timeoutMs);
  try {
    return await task(controller.signal);
  } catch (err) {
    throw controller.signal.aborted ? controller.signal.reason : err;
  } finally {
    clearTimeout(timer);
    parent?.removeEventListener('abort', onParentAbort);
  }
}
