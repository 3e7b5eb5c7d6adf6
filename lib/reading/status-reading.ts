import { InputError } from '../input-error';
import { detectChannels, readChannel, type MeterChannel } from '../shelly/channels';
import type { CanonicalReading } from './canonical-reading';
import { buildReading, type DeviceInfo, type PhaseSample } from './build-reading';
import { resolveChannelMap, type ChannelMapSettings, type MappedChannel, type ResolvedMap } from './channel-map';
import { checkChannelFields } from './shelly-fields';

/**
 * Any Shelly status (Gen1 /status, Gen2+ Shelly.GetStatus, the meter input node's payload, a
 * merged notification state) → canonical readings, through detectChannels() / readChannel() for
 * the device's own units and signs, then the installer's channel map.
 */
type Json = Record<string, unknown>;

export interface StatusHints {
  model?: string;
  profile?: string;
}

export const NO_CHANNEL_HINT =
  'expected Gen1 emeters/meters, or Gen2+ em:N, em1:N, pm1:N or a metered switch:N/cover:N';

/** The channels of a status and the installer's map applied to them. Throws when it has none. */
export function mapStatus(status: Json, hints: StatusHints, settings: ChannelMapSettings): ResolvedMap<MeterChannel> {
  const channels = detectChannels(status, hints);
  if (channels.length === 0) throw new InputError(`the status has no metering channel; ${NO_CHANNEL_HINT}`);
  return resolveChannelMap(channels, settings);
}

export interface StatusReadings {
  grid?: CanonicalReading;
  ev?: CanonicalReading;
  /** Why an output was dropped: channels the device flags invalid (Gen1 is_valid:false, power_meter_failure). */
  invalid: string[];
  /** Grid channels that report a magnitude only: export cannot be seen on them. */
  unsigned: string[];
  /** Channels the installer reversed that report a magnitude only: the flip is not applied. */
  reverseIgnored: string[];
}

export interface ReadingOptions {
  timestamp: number;
  device: DeviceInfo;
  /** Which outputs to build (a notification that touched only the EV channel builds only ev). */
  grid?: boolean;
  ev?: boolean;
}

/** The samples of some mapped channels, or undefined when the device flags one of them invalid. */
function sampleChannels(status: Json, mapped: ReadonlyArray<MappedChannel<MeterChannel>>, isGrid: boolean, result: StatusReadings): PhaseSample[] | undefined {
  const out: PhaseSample[] = [];
  let valid = true;
  for (const { channel, phase, reverse } of mapped) {
    const values = readChannel(status, channel);
    if (!values.valid) {
      result.invalid.push(channel.id);
      valid = false;
      continue;
    }
    checkChannelFields(status, channel);
    if (!channel.signed) {
      if (isGrid) result.unsigned.push(channel.id);
      if (reverse) result.reverseIgnored.push(channel.id);
    }
    out.push({ phase, values, reversed: reverse && channel.signed, reactiveVar: values.reactiveVar, unsigned: !channel.signed });
  }
  return valid ? out : undefined;
}

/** Validates and reads the mapped channels; throws an InputError naming the first bad field. */
export function readingsFromStatus(status: Json, map: ResolvedMap<MeterChannel>, options: ReadingOptions): StatusReadings {
  const result: StatusReadings = { invalid: [], unsigned: [], reverseIgnored: [] };
  if (options.grid !== false && map.grid.length > 0) {
    const grid = sampleChannels(status, map.grid, true, result);
    if (grid) result.grid = buildReading(grid, options.timestamp, options.device);
  }
  if (options.ev !== false && map.ev) {
    const ev = sampleChannels(status, [map.ev], false, result);
    if (ev) result.ev = buildReading(ev, options.timestamp, options.device);
  }
  return result;
}
