import { systemClock } from '../../lib/clock';
import { InputError } from '../../lib/input-error';
import { hasEvOutput, parseChannelMapSettings } from '../../lib/reading/channel-map';
import { Normalizer, type Outcome } from '../../lib/reading/normalizer';
import { createTranslator } from '../common/i18n';
import { onClose, onInput } from '../common/input';
import type { NodeAPI, NodeDef, NodeMessage, NodeStatus, RuntimeNode, SendFn } from '../common/node-red';
import { status } from '../common/status';
import { readingStatusText } from './normalizer-status';
import { roundTimeoutMs } from './round-timeout';

/**
 * Normalizer node `lektrico-normalizer`: any Shelly status, notification or MQTT message (or the
 * generic format) → msg.payload = CanonicalReading on output 1 (the grid), and on output 2 the
 * EV sub-meter channel when one is configured. The decisions live in lib/reading; this file
 * wires the settings, the messages, the status and the one timer (the Gen1 MQTT round deadline).
 * Its own texts come from locales/<lang>/normalizer.json; lib's reasons stay English inside them.
 */
interface NormalizerDef extends NodeDef {
  mapping?: string;
  rotation?: string;
  evChannel?: string;
  evPhase?: string;
  reverse?: string;
  rules?: unknown;
  /** ms a Gen1 MQTT round may stay open. */
  roundTimeout?: number | string;
}

const STATUS_INTERVAL_MS = 1000;

export = function register(RED: NodeAPI): void {
  const t = createTranslator(RED, __dirname, 'normalizer');

  function NormalizerNode(this: RuntimeNode, def: NormalizerDef): void {
    RED.nodes.createNode(this, def);
    const node = this;
    let normalizer: Normalizer;
    let evOutput: boolean;
    try {
      const channelMap = parseChannelMapSettings(def);
      evOutput = hasEvOutput(channelMap);
      normalizer = new Normalizer({ channelMap, clock: systemClock, roundTimeoutMs: roundTimeoutMs(def.roundTimeout, t) });
    } catch (err) {
      const reason = t('lektrico-normalizer.error.config', { reason: err instanceof Error ? err.message : String(err) });
      node.status(status.error(reason));
      node.error(reason);
      onInput(node, () => {
        throw new InputError(reason);
      });
      return;
    }

    let timer: NodeJS.Timeout | undefined;
    let timerDue: number | undefined;
    let readingSeen = false;
    let shown: NodeStatus = {};
    let shownAt = 0;

    // Status on every reading would flood the editor: the same colour is refreshed once a second.
    const show = (next: NodeStatus): void => {
      const now = systemClock();
      if (next.fill === shown.fill && next.text === shown.text) return;
      if (next.fill === shown.fill && now - shownAt < STATUS_INTERVAL_MS) return;
      shown = next;
      shownAt = now;
      node.status(next);
    };

    const deliver = (outcomes: Outcome[], send: SendFn, incoming?: NodeMessage): void => {
      let msgUsed = false;
      for (const outcome of outcomes) {
        if ('warnings' in outcome) for (const warning of outcome.warnings) node.warn(warning);
        switch (outcome.kind) {
          case 'reading': {
            const { grid, ev } = outcome;
            const base: NodeMessage = incoming && !msgUsed ? incoming : { ...incoming };
            msgUsed = true;
            const topic = (grid ?? ev)?.device.id ?? base.topic;
            const gridMsg = grid ? Object.assign(base, { topic, payload: grid }) : null;
            const evMsg = ev ? { ...base, topic, payload: ev } : null;
            send(evOutput ? [gridMsg, evMsg] : gridMsg);
            readingSeen = true;
            show(status.ok(readingStatusText(grid, ev, t)));
            break;
          }
          case 'pending':
            if (!readingSeen) show(status.waiting(t('lektrico-normalizer.status.pending', { reason: outcome.reason })));
            break;
          case 'dropped':
            show(status.warning(t('lektrico-normalizer.status.dropped', { reason: outcome.reason })));
            break;
          case 'error': {
            // A Gen1 MQTT round that ended by its deadline: no message to fail, so report it.
            const text = t('lektrico-normalizer.error.round', { reason: outcome.error.message });
            node.error(text, { topic: outcome.key, payload: text });
            show(status.error(text));
            break;
          }
          case 'ignored':
            break;
        }
      }
    };

    const onDeadline = (): void => {
      timer = undefined;
      timerDue = undefined;
      deliver(normalizer.flushDue(), (msg) => node.send(msg));
      arm();
    };

    const arm = (): void => {
      const due = normalizer.nextDeadline();
      if (due === timerDue) return;
      if (timer) clearTimeout(timer);
      timer = undefined;
      timerDue = due;
      if (due !== undefined) timer = setTimeout(onDeadline, Math.max(0, due - systemClock()));
    };

    show(status.idle(t('lektrico-normalizer.status.noReadingYet')));
    onInput(node, (msg, send) => {
      try {
        deliver(normalizer.accept(msg), send, msg);
      } catch (err) {
        shown = { fill: 'red' }; // onInput shows the error; the next reading must replace it at once
        throw err;
      } finally {
        arm();
      }
    });
    onClose(node, () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
    });
  }

  RED.nodes.registerType('lektrico-normalizer', NormalizerNode);
};
