import type { Gen1MqttComponent } from '../shelly/mqtt-topics';
import type { Quantity } from './shelly-fields';

/**
 * Gen1 devices publish one MQTT message per field (shellies/<id>/emeter/<i>/power, …/voltage …),
 * all channels in a burst. This assembles the fields of one burst ("round") into the body of a
 * Gen1 `/status` (`{emeters: [...]}` / `{meters: [...]}`), so the rest of the normalizer reads
 * it exactly like an HTTP status, with the same channel ids (emeter:0, meter:1).
 *
 * When is a round complete? When every expected channel has sent every field it was seen to
 * publish before (in its first round: every field any channel of its kind has sent, as the
 * channels of one device publish the same fields). Expected channels come from the model (a 3EM
 * has three emeters, known from the id prefix) or from earlier rounds. Until they are known (a
 * custom MQTT id, the first burst), the round ends by the debounce deadline, which the node's
 * timer enforces through flush(). A field that arrives twice in one round means the next burst
 * has begun: the round so far is finished first.
 *
 * Values are the last received per field; a round's snapshot holds the channels that sent their
 * power in that round (a channel that fell silent is missing, not stale).
 */
type Json = Record<string, unknown>;

/** Topic field → Gen1 /status field, and its quantity (for the value check). */
const FIELDS: Record<Gen1MqttComponent, Record<string, readonly [statusField: string, quantity: Quantity]>> = {
  emeter: {
    power: ['power', 'power'],
    reactive_power: ['reactive', 'reactive'],
    pf: ['pf', 'pf'],
    current: ['current', 'current'],
    voltage: ['voltage', 'voltage'],
    total: ['total', 'energy'],
    total_returned: ['total_returned', 'energy'],
  },
  // relay/<i>/energy is in watt-minutes, like meters[].total: readChannel() converts it.
  relay: { power: ['power', 'power'], energy: ['total', 'energy'] },
};

/** The /status field a topic field fills, or undefined for topics that carry no metering. */
export function gen1TopicField(component: Gen1MqttComponent, field: string): readonly [statusField: string, quantity: Quantity] | undefined {
  const fields = FIELDS[component];
  return Object.prototype.hasOwnProperty.call(fields, field) ? fields[field] : undefined;
}

export interface Gen1Round {
  /** A Gen1 /status body: `emeters` and/or `meters`. */
  status: Json;
  /** ms: when the round's first message arrived. */
  startedAtMs: number;
  /** Expected channels ("emeter:2") that sent no power in this round. */
  missing: string[];
  /** What ended the round: its deadline, or a field that came again (the next burst began). */
  endedBy: 'deadline' | 'next burst';
}

interface ChannelState {
  component: Gen1MqttComponent;
  index: number;
  /** Last value of each /status field. */
  values: Json;
  /** /status fields received in the current round. */
  inRound: Set<string>;
  /** /status fields this channel has ever sent; trusted once it has finished a round. */
  fields: Set<string>;
  finishedRounds: number;
}

export class Gen1MqttDevice {
  private readonly channels = new Map<string, ChannelState>();
  /** Fields seen so far per channel kind: what a complete channel sends. */
  private readonly fieldsSeen: Record<Gen1MqttComponent, Set<string>> = { emeter: new Set(), relay: new Set() };
  /** Channels a complete round must contain ("emeter:0" …). */
  private readonly expected = new Set<string>();
  private roundStartedAtMs: number | undefined;

  /** channelCount: the number of emeters the model is known to publish (3EM: 3, EM: 2). */
  constructor(channelCount?: number) {
    for (let i = 0; i < (channelCount ?? 0); i++) this.expected.add(`emeter:${i}`);
  }

  /** ms at which the current round must be flushed; undefined when no round is open. */
  get roundStartedAt(): number | undefined {
    return this.roundStartedAtMs;
  }

  /**
   * Records one field. Returns the rounds this message finished: the previous one when the
   * field repeats (a new burst began), and the current one when it is now complete.
   */
  accept(component: Gen1MqttComponent, index: number, statusField: string, value: number, nowMs: number): Gen1Round[] {
    const key = `${component}:${index}`;
    let channel = this.channels.get(key);
    const finished: Gen1Round[] = [];
    if (channel?.inRound.has(statusField)) {
      const previous = this.flush('next burst');
      if (previous) finished.push(previous);
    }
    if (!channel) {
      channel = { component, index, values: {}, inRound: new Set(), fields: new Set(), finishedRounds: 0 };
      this.channels.set(key, channel);
    }
    channel.values[statusField] = value;
    channel.inRound.add(statusField);
    channel.fields.add(statusField);
    this.fieldsSeen[component].add(statusField);
    this.roundStartedAtMs ??= nowMs;
    if (this.isComplete()) finished.push(this.flush()!);
    return finished;
  }

  /** Ends the current round (by default at its debounce deadline): its snapshot, or undefined when no power arrived. */
  flush(endedBy: Gen1Round['endedBy'] = 'deadline'): Gen1Round | undefined {
    const startedAtMs = this.roundStartedAtMs;
    if (startedAtMs === undefined) return undefined;
    const emeters: unknown[] = [];
    const meters: unknown[] = [];
    const missing: string[] = [];
    for (const key of this.expected) if (!this.channels.get(key)?.inRound.has('power')) missing.push(key);
    for (const [key, channel] of this.channels) {
      if (channel.inRound.has('power')) {
        (channel.component === 'emeter' ? emeters : meters)[channel.index] = { ...channel.values };
        this.expected.add(key);
        channel.finishedRounds++;
      }
      channel.inRound.clear();
    }
    this.roundStartedAtMs = undefined;
    if (emeters.length === 0 && meters.length === 0) return undefined;
    const status: Json = {};
    // Sparse slots become undefined entries, which detectChannels() skips (ids keep their index).
    if (emeters.length > 0) status.emeters = Array.from(emeters);
    if (meters.length > 0) status.meters = Array.from(meters);
    return { status, startedAtMs, missing, endedBy };
  }

  private isComplete(): boolean {
    if (this.expected.size === 0) return false;
    for (const key of this.expected) {
      const channel = this.channels.get(key);
      if (!channel) return false;
      const fields = channel.finishedRounds > 0 ? channel.fields : this.fieldsSeen[channel.component];
      for (const field of fields) if (!channel.inRound.has(field)) return false;
    }
    return true;
  }
}
