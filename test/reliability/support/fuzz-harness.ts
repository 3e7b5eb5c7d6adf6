import { helper, type FlowNode } from '../../support/node-red-helper';
import type { FuzzCase } from './fuzz-messages';
import { until } from './wait';

/**
 * Sends fuzz cases into one node of a loaded flow and keeps count of how each ended: a Complete
 * node scoped to that node receives every message it finished with done(), the flow's Catch node
 * every one it failed with done(err) (the test helper loads only one Catch node per flow); both
 * carry the message's number.
 */
const DONE = 'fz-done';

/** The Complete node (and its helper) that fuzzNode listens to, besides the flow's Catch node. */
export function fuzzTaps(nodeId: string): FlowNode[] {
  return [
    { id: 'fz-complete', type: 'complete', scope: [nodeId], uncaught: false, wires: [[DONE]] },
    { id: DONE, type: 'helper' },
  ];
}

/** An error that reads like a crash, not like an explanation a user can act on. */
const UNCLEAR = /^(TypeError|ReferenceError|SyntaxError|RangeError: (Maximum|Invalid))|Cannot read prop|Cannot convert|is not a function|is not iterable|is not an object|of undefined|of null|\[object Object\]/;

export interface FuzzTally {
  tried: number;
  /** Ended with done(). */
  ok: number;
  /** Ended with done(err): one Catch message each. */
  errors: number;
  /** Cases whose outcome broke their expectation ("label: expected ok, got <error>"). */
  wrong: string[];
  /** Errors that read like a crash. */
  unclear: string[];
  /** Cases that ended more than once, or never. */
  badEndings: string[];
}

/**
 * `errorsTap`: the helper behind the flow's Catch node (em-flow taps.errors); `beforeSend` sees
 * each message (with its _msgid) just before the node gets it.
 */
export async function fuzzNode(
  nodeId: string,
  errorsTap: string,
  cases: FuzzCase[],
  beforeSend: (msg: Record<string, unknown> & { _msgid: string }) => void = () => undefined,
  batchSize = 100,
): Promise<FuzzTally> {
  const endings = new Map<number, Array<{ error?: string }>>();
  const record = (msg: Record<string, any>, error?: string): void => {
    if (typeof msg.fuzz !== 'number') return;
    const list = endings.get(msg.fuzz) ?? [];
    list.push(error === undefined ? {} : { error });
    endings.set(msg.fuzz, list);
  };
  const done = helper.getNode(DONE);
  done.on('input', (msg: Record<string, any>) => record(msg));
  helper.getNode(errorsTap).on('input', (msg: Record<string, any>) => {
    if (msg.error?.source?.id === nodeId) record(msg, String(msg.error?.message ?? '(no message)'));
  });
  const node = helper.getNode(nodeId);

  for (let start = 0; start < cases.length; start += batchSize) {
    const end = Math.min(cases.length, start + batchSize);
    for (let i = start; i < end; i++) {
      const msg = { ...cases[i].msg, fuzz: i, _msgid: `fuzz-${nodeId}-${i}-${Math.random().toString(36).slice(2)}` };
      beforeSend(msg);
      node.receive(msg);
    }
    await until(() => {
      for (let i = start; i < end; i++) if (!endings.has(i)) return false;
      return true;
    }, `every message of ${nodeId} #${start}–${end - 1} ended`, 30_000, () => `not ended: ${[...Array(end - start).keys()].map((k) => k + start).filter((i) => !endings.has(i)).slice(0, 5).map((i) => JSON.stringify(cases[i].msg).slice(0, 200)).join(' | ')}`);
  }

  const tally: FuzzTally = { tried: cases.length, ok: 0, errors: 0, wrong: [], unclear: [], badEndings: [] };
  cases.forEach((c, i) => {
    const list = endings.get(i) ?? [];
    if (list.length !== 1) tally.badEndings.push(`${c.label} #${i}: ended ${list.length} times`);
    const error = list[0]?.error;
    if (error === undefined) tally.ok += 1;
    else tally.errors += 1;
    if (error !== undefined && UNCLEAR.test(error)) tally.unclear.push(`${c.label}: ${error}`);
    if (c.expect === 'ok' && error !== undefined) tally.wrong.push(`${c.label} #${i}: expected done, got "${error}" for ${JSON.stringify(c.msg).slice(0, 300)}`);
    if (c.expect === 'error' && error === undefined) tally.wrong.push(`${c.label} #${i}: expected an error, got done for ${JSON.stringify(c.msg).slice(0, 300)}`);
  });
  return tally;
}
