import type { Clock } from '../clock';
import { InputError } from '../input-error';
import { detectChannels, type MeterChannel } from '../shelly/channels';
import { hintFromDeviceId, isThreePhaseMeterModel } from '../shelly/catalogue';

import { BoundedMap } from './bounded-map';
import { buildReading, type DeviceInfo, type PhaseSample } from './build-reading';
import type { CanonicalReading } from './canonical-reading';
import { resolveChannelMap, type ChannelMapSettings, type ResolvedMap } from './channel-map';
import { DeviceStatusStore } from './device-status-store';
import { Gen1MqttDevice, type Gen1Round } from './gen1-mqtt-assembler';
import { parseGeneric } from './generic-format';
import { classifyInput, type InputShape } from './input-shape';
import { awaitedField } from './shelly-fields';
import { mapStatus, readingsFromStatus, type StatusHints, type StatusReadings } from './status-reading';

/**
 * The normalizer: any supported input → canonical readings (grid, and the EV sub-meter when one
 * is configured). Holds the per-device state that some inputs need: Gen2+ statuses that arrive
 * in pieces (NotifyStatus, MQTT status topics) and Gen1 MQTT rounds. Time comes from the
 * injected clock; the Gen1 round deadline is enforced by whoever owns a timer, through
 * nextDeadline() and flushDue().
 */
type Json = Record<string, unknown>;

export interface NormalizerOptions {
  channelMap: ChannelMapSettings;
  clock: Clock;
  /** ms a Gen1 MQTT round may stay open before it is emitted with what has arrived. */
  roundTimeoutMs: number;
  /** Devices remembered at once (state for more is forgotten, oldest first). */
  maxDevices?: number;
}

export type Outcome =
  /** A reading for the grid output and/or the EV output. */
  | { kind: 'reading'; grid?: CanonicalReading; ev?: CanonicalReading; warnings: string[] }
  /** Part of a reading arrived; the rest is awaited (not an error). */
  | { kind: 'pending'; reason: string; warnings: string[] }
  /** The device flags the reading invalid: dropped, not an error. */
  | { kind: 'dropped'; reason: string; warnings: string[] }
  /** Not metering (a NotifyEvent, a non-metering topic, an energy-counter update). */
  | { kind: 'ignored'; reason: string }
  /** Only from flushDue(): a round that ended by its deadline could not be read. */
  | { kind: 'error'; error: InputError; key: string };

const MONOPHASE_PHASES = ['em1:0', 'em1:1', 'em1:2'];

function lastSegment(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

function device(generation: number | undefined, model: string | undefined, id: string | undefined): DeviceInfo {
  const info: DeviceInfo = {};
  if (generation !== undefined) info.generation = generation;
  if (model !== undefined) info.model = model;
  if (id !== undefined) info.id = id;
  return info;
}

export class Normalizer {
  private readonly statuses: DeviceStatusStore;
  private readonly gen1Devices: BoundedMap<string, Gen1MqttDevice>;
  /** Warnings already given (each is given once). */
  private readonly warned: BoundedMap<string, true>;
  /** Devices whose last reading was dropped as invalid (warn on the change only). */
  private readonly invalidDevices: BoundedMap<string, true>;
  /** Timestamp of each device's last reading: the next one is always later (see fromStatus). */
  private readonly lastTimestamps: BoundedMap<string, number>;

  constructor(private readonly options: NormalizerOptions) {
    this.statuses = new DeviceStatusStore(options.maxDevices ?? 64);
    this.gen1Devices = new BoundedMap(options.maxDevices ?? 64);
    this.warned = new BoundedMap(1024);
    this.invalidDevices = new BoundedMap(options.maxDevices ?? 64);
    this.lastTimestamps = new BoundedMap(options.maxDevices ?? 64);
  }

  /**
   * One message → what became of it (usually one outcome; a Gen1 MQTT field can finish two
   * rounds). Throws an InputError for a message that cannot be used, saying what was expected.
   */
  accept(msg: { payload?: unknown; topic?: unknown; shelly?: unknown }): Outcome[] {
    const input = classifyInput(msg);
    switch (input.kind) {
      case 'ignored':
        return [input];
      case 'meter-node': {
        const { meta } = input;
        const hints: StatusHints = { model: meta.model, profile: meta.profile };
        const map = this.completeMap(input.status, hints);
        const info = device(meta.generation, meta.model, meta.id);
        return [this.fromStatus(input.status, map, meta.timestamp ?? this.options.clock(), info, meta.id ?? 'meter')];
      }
      case 'gen1-status': {
        const map = this.completeMap(input.status, {});
        return [this.fromStatus(input.status, map, this.options.clock(), device(1, undefined, undefined), 'gen1-status')];
      }
      case 'rpc-status':
        return [this.fromRpcStatus(input)];
      case 'rpc-delta':
        return [this.fromRpcDelta(input)];
      case 'gen1-field':
        return this.fromGen1Field(input);
      case 'generic':
        return [this.fromGeneric(input.payload)];
    }
  }

  /** ms at which the oldest open Gen1 MQTT round must be flushed; undefined when none is open. */
  nextDeadline(): number | undefined {
    let due: number | undefined;
    for (const gen1 of this.gen1Devices.values()) {
      const started = gen1.roundStartedAt;
      if (started !== undefined && (due === undefined || started + this.options.roundTimeoutMs < due)) {
        due = started + this.options.roundTimeoutMs;
      }
    }
    return due;
  }

  /** Ends every Gen1 MQTT round whose deadline has passed; errors are returned, not thrown. */
  flushDue(): Outcome[] {
    const now = this.options.clock();
    const outcomes: Outcome[] = [];
    for (const [key, gen1] of this.gen1Devices) {
      const started = gen1.roundStartedAt;
      if (started === undefined || started + this.options.roundTimeoutMs > now) continue;
      const round = gen1.flush();
      if (!round) continue;
      try {
        outcomes.push(this.fromGen1Round(key, round));
      } catch (err) {
        outcomes.push({ kind: 'error', error: err instanceof InputError ? err : new InputError(String(err)), key });
      }
    }
    return outcomes;
  }

  /** The map of a status that is whole: a channel the map names but the status lacks is an error. */
  private completeMap(status: Json, hints: StatusHints): ResolvedMap<MeterChannel> {
    const map = mapStatus(status, hints, this.options.channelMap);
    if (map.missing.length > 0) {
      const found = detectChannels(status, hints).map((c) => c.id).join(', ');
      throw new InputError(`the payload has no channel ${map.missing.join(', ')} (named in the channel map); expected one of the channels it has: ${found}`);
    }
    if (map.grid.length === 0) {
      throw new InputError(`the payload has no channel for the grid besides the EV sub-meter ${this.options.channelMap.evChannel}; expected a second metering channel`);
    }
    return map;
  }

  private fromRpcStatus(input: Extract<InputShape, { kind: 'rpc-status' }>): Outcome {
    const hint = input.deviceId ? hintFromDeviceId(input.deviceId) : undefined;
    if (input.key) this.statuses.replace(input.key, input.status);
    const map = this.completeMap(input.status, { model: hint?.model });
    const info = device(hint?.generation, undefined, input.deviceId);
    return this.fromStatus(input.status, map, input.timestampMs ?? this.options.clock(), info, input.key ?? 'rpc-status');
  }

  private fromRpcDelta(input: Extract<InputShape, { kind: 'rpc-delta' }>): Outcome {
    const { status, components } = this.statuses.merge(input.key, input.delta, input.whole);
    if (components.length === 0) return { kind: 'ignored', reason: 'no metering component in the update' };
    const deviceId = input.deviceId ?? lastSegment(input.key);
    const hint = hintFromDeviceId(deviceId);
    const hints: StatusHints = { model: hint?.model };
    const channels = detectChannels(status, hints);
    if (channels.length === 0) return { kind: 'pending', reason: 'waiting for a metering component', warnings: [] };
    const map = resolveChannelMap(channels, this.options.channelMap);
    if (map.missing.length > 0) return { kind: 'pending', reason: `waiting for ${map.missing.join(', ')}`, warnings: [] };
    if (map.grid.length === 0) return { kind: 'pending', reason: 'waiting for a grid channel', warnings: [] };
    if (this.options.channelMap.mode === 'auto' && isThreePhaseMeterModel(hints.model)) {
      // A three-phase meter in the monophase profile reports em1:0..2 one by one: without all
      // three, em1:0 would pass for a single-phase meter.
      const seen = MONOPHASE_PHASES.filter((key) => key in status);
      if (seen.length > 0 && seen.length < 3) {
        return { kind: 'pending', reason: `waiting for ${MONOPHASE_PHASES.filter((k) => !seen.includes(k)).join(', ')}`, warnings: [] };
      }
    }
    const touched = (mapped: { channel: MeterChannel } | undefined): boolean => mapped !== undefined && components.includes(mapped.channel.component);
    const grid = map.grid.some(touched);
    const ev = touched(map.ev);
    if (!grid && !ev) return { kind: 'ignored', reason: `${components.join(', ')} updated; no mapped power in it` };
    // After a restart the merged state may not hold every field yet: wait for it, neither an error nor a guess.
    const building = [...(grid ? map.grid : []), ...(ev && map.ev ? [map.ev] : [])];
    const awaited = building.map(({ channel }) => awaitedField(status, channel)).filter((field) => field !== undefined);
    if (awaited.length > 0) return { kind: 'pending', reason: `waiting for ${awaited.join(', ')}`, warnings: [] };
    const info = device(hint?.generation, undefined, deviceId);
    return this.fromStatus(status, map, input.timestampMs ?? this.options.clock(), info, input.key, { grid, ev });
  }

  private fromGen1Field(input: Extract<InputShape, { kind: 'gen1-field' }>): Outcome[] {
    let gen1 = this.gen1Devices.get(input.key);
    if (!gen1) {
      gen1 = new Gen1MqttDevice(hintFromDeviceId(input.deviceId)?.channelCount);
      this.gen1Devices.set(input.key, gen1);
    }
    const rounds = gen1.accept(input.component, input.index, input.statusField, input.value, this.options.clock());
    if (rounds.length === 0) return [{ kind: 'pending', reason: 'assembling a Gen1 MQTT round', warnings: [] }];
    return rounds.map((round) => this.fromGen1Round(input.key, round));
  }

  private fromGen1Round(key: string, round: Gen1Round): Outcome {
    if (round.missing.length > 0) {
      const when = round.endedBy === 'deadline' ? `within ${this.options.roundTimeoutMs} ms of the round's first field` : 'before the next burst began';
      throw new InputError(`${key}: ${round.missing.join(', ')} sent no power ${when}; expected every channel of the device in each burst`);
    }
    const deviceId = lastSegment(key);
    const hint = hintFromDeviceId(deviceId);
    const map = this.completeMap(round.status, { model: hint?.model });
    return this.fromStatus(round.status, map, round.startedAtMs, device(1, undefined, deviceId), key);
  }

  private fromGeneric(payload: Json): Outcome {
    const parsed = parseGeneric(payload);
    const map = resolveChannelMap(parsed.channels, this.options.channelMap);
    if (map.missing.length > 0) {
      throw new InputError(`the payload has no entry ${map.missing.join(', ')} (named in the channel map); expected entries 0 to ${parsed.channels.length - 1}`);
    }
    if (map.grid.length === 0) throw new InputError('the payload has only the EV sub-meter entry; expected a grid entry as well');
    const timestamp = parsed.timestampMs ?? this.options.clock();
    const sample = (m: (typeof map.grid)[number]): PhaseSample => ({ phase: m.phase, values: m.channel.values, reversed: m.reverse });
    const grid = map.grid.length > 0 ? buildReading(map.grid.map(sample), timestamp, parsed.device, parsed.energy) : undefined;
    const ev = map.ev ? buildReading([sample(map.ev)], timestamp, parsed.device) : undefined;
    return { kind: 'reading', grid, ev, warnings: [] };
  }

  private fromStatus(
    status: Json,
    map: ResolvedMap<MeterChannel>,
    timestamp: number,
    info: DeviceInfo,
    deviceKey: string,
    outputs: { grid: boolean; ev: boolean } = { grid: true, ev: true },
  ): Outcome {
    // A device that arrives in pieces gives a reading per piece (em1:0, em1:1, em1:2 of one burst,
    // frames with the same ts): at the same ms they would look simultaneous, which the load
    // balancer refuses as out of order. Like the meter node's readings, each is then 1 ms later.
    const last = this.lastTimestamps.get(deviceKey);
    const stamped = last !== undefined && timestamp <= last ? last + 1 : timestamp;
    const readings = readingsFromStatus(status, map, { timestamp: stamped, device: info, grid: outputs.grid, ev: outputs.ev });
    this.lastTimestamps.set(deviceKey, stamped);
    const warnings = this.warningsFor(deviceKey, readings);
    if (readings.invalid.length > 0) {
      const reason = `${readings.invalid.join(', ')} flagged invalid by the device`;
      if (!this.invalidDevices.has(deviceKey)) {
        this.invalidDevices.set(deviceKey, true);
        warnings.push(`${deviceKey}: reading dropped: ${reason} (warned once until a valid reading arrives)`);
      }
      if (!readings.grid && !readings.ev) return { kind: 'dropped', reason, warnings };
    } else {
      this.invalidDevices.delete(deviceKey);
    }
    return { kind: 'reading', grid: readings.grid, ev: readings.ev, warnings };
  }

  private warningsFor(deviceKey: string, readings: StatusReadings): string[] {
    const warnings: string[] = [];
    const once = (key: string, text: string): void => {
      if (this.warned.has(key)) return;
      this.warned.set(key, true);
      warnings.push(text);
    };
    for (const id of readings.unsigned) {
      once(`unsigned ${deviceKey} ${id}`, `${deviceKey}: ${id} measures power as a magnitude only, so export to the grid cannot be seen on it (its power is never negative)`);
    }
    for (const id of readings.reverseIgnored) {
      once(`reverse ${deviceKey} ${id}`, `${deviceKey}: ${id} is set to reversed but measures a magnitude only; the reversal is not applied`);
    }
    return warnings;
  }
}

/**
 * One message → canonical readings, with no memory of earlier messages: a pure function for any
 * input that is whole (a status, a frame with a full status, the generic format). Inputs that
 * arrive in pieces (NotifyStatus, MQTT topics) need a Normalizer that lives across messages.
 */
export function normalize(msg: { payload?: unknown; topic?: unknown; shelly?: unknown }, channelMap: ChannelMapSettings, nowMs: number): Outcome[] {
  return new Normalizer({ channelMap, clock: () => nowMs, roundTimeoutMs: 0 }).accept(msg);
}
