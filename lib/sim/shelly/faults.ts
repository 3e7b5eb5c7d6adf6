import type { TimerSet } from './timer-set';

/**
 * Faults for robustness tests; they apply to every HTTP reply and every RPC reply (HTTP and
 * WebSocket), not to notifications nor to the WebSocket upgrade itself:
 *  - http-500: HTTP 500 / RPC error -114;
 *  - malformed-json: a truncated JSON body / text frame;
 *  - hang: no reply at all (the connection stays open);
 *  - slow: the normal reply after delayMs.
 */
export type FaultKind = 'http-500' | 'malformed-json' | 'hang' | 'slow';

export interface SimulatedFault {
  kind: FaultKind;
  /** slow only; default 2000 ms. */
  delayMs?: number;
}

export const DEFAULT_SLOW_DELAY_MS = 2000;
const FAULT_KINDS: readonly FaultKind[] = ['http-500', 'malformed-json', 'hang', 'slow'];

/** Looks like the start of a reply but does not parse. */
export const MALFORMED_JSON_TEXT = '{"id":1,"src":"shelly","result":{"em:0":{"a_act_power":12';

export function checkFault(fault: SimulatedFault): SimulatedFault {
  if (!FAULT_KINDS.includes(fault.kind)) throw new RangeError(`unknown fault kind "${String(fault.kind)}"; use ${FAULT_KINDS.join(', ')}`);
  if (fault.delayMs !== undefined && !(Number.isFinite(fault.delayMs) && fault.delayMs >= 0)) {
    throw new RangeError(`delayMs must be a non-negative number, got ${String(fault.delayMs)}`);
  }
  return { ...fault };
}

/** The three ways a reply can go out; `hang` uses none of them. */
export interface ReplyPaths {
  normal(): void;
  serverError(): void;
  malformed(): void;
}

export function replyUnderFault(fault: SimulatedFault | undefined, timers: TimerSet, paths: ReplyPaths): void {
  switch (fault?.kind) {
    case undefined:
      return paths.normal();
    case 'http-500':
      return paths.serverError();
    case 'malformed-json':
      return paths.malformed();
    case 'hang':
      return; // closed only by stop(), setOffline(true) or the client
    case 'slow':
      timers.setTimeout(paths.normal, fault.delayMs ?? DEFAULT_SLOW_DELAY_MS);
      return;
  }
}
