import { GRID_PHASES, isGridPhase, parsePhaseList, type GridPhase } from '../grid-phase';
import { InputError } from '../input-error';
import type { DevicePhase } from '../shelly/channels';

/**
 * Which measuring channel is which grid phase: the installer's part of the normalizer.
 *
 * auto (default): a three-phase meter's device phases A, B, C → the rotation (L1, L2, L3 unless
 *   changed); otherwise the first metering channel → the rotation's first phase (a two-channel
 *   EM: channel 0 = grid, channel 1 ignored unless it is the EV sub-meter). `reverse` lists the
 *   channels whose CT is mounted against the arrow.
 * explicit: a table channel → L1 / L2 / L3 / ev / ignore, with a reverse flag per row;
 *   channels not in the table are ignored.
 * Channel ids are those of detectChannels() (emeter:0, meter:1, em:0:A, em1:2, pm1:0,
 * switch:0, cover:0), and "0", "1", "2" for the generic format's array entries.
 */
export type ChannelRole = GridPhase | 'ev' | 'ignore';

export interface ChannelRule {
  channel: string;
  role: ChannelRole;
  reverse: boolean;
}

export interface ChannelMapSettings {
  mode: 'auto' | 'explicit';
  /** auto: the grid phases of device phases A, B, C (or of the first channel: rotation[0]). */
  rotation: GridPhase[];
  /** auto: the channel metering the EV circuit (second output), if any. */
  evChannel?: string;
  /** auto: channels whose sign is flipped (LEKTRI.CO calls it reverse_current). */
  reverse: string[];
  /** explicit: the whole map. */
  rules: ChannelRule[];
  /** The phase label of the EV sub-meter reading: the grid phase the EV circuit is on. */
  evPhase: GridPhase;
}

/** What the map needs to know of a channel (MeterChannel satisfies it). */
export interface MappableChannel {
  id: string;
  /** Set when the channel is one phase of a three-phase meter (or a generic array entry). */
  phase?: DevicePhase;
  /** Status key of the component the channel lives in. */
  component: string;
}

export interface MappedChannel<C extends MappableChannel = MappableChannel> {
  channel: C;
  phase: GridPhase;
  reverse: boolean;
}

export interface ResolvedMap<C extends MappableChannel = MappableChannel> {
  /** In grid-phase order L1, L2, L3; empty when the only channel is the EV sub-meter. */
  grid: Array<MappedChannel<C>>;
  ev?: MappedChannel<C>;
  /** Channel ids the map names that the payload does not have. */
  missing: string[];
}

const CHANNEL_ID = /^(?:(?:emeter|meter|em1|pm1|switch|cover):\d{1,3}|em:\d{1,3}:[ABC]|[0-2])$/;
const CHANNEL_ID_EXAMPLES = 'em:0:A, em1:1, emeter:0, meter:0, pm1:0, switch:0, cover:0, or 0/1/2 for the generic format';
const DEVICE_PHASE_INDEX: Record<DevicePhase, number> = { A: 0, B: 1, C: 2 };
const GRID_ORDER: Record<GridPhase, number> = { L1: 0, L2: 1, L3: 2 };

export const DEFAULT_CHANNEL_MAP: ChannelMapSettings = {
  mode: 'auto',
  rotation: [...GRID_PHASES],
  reverse: [],
  rules: [],
  evPhase: 'L1',
};

function channelId(value: unknown, what: string): string {
  const id = typeof value === 'string' ? value.trim() : value;
  if (typeof id !== 'string' || !CHANNEL_ID.test(id)) {
    throw new InputError(`${what} ${JSON.stringify(value)} is not a channel id; expected ${CHANNEL_ID_EXAMPLES}`);
  }
  return id;
}

function channelList(value: unknown, what: string): string[] {
  if (value === undefined || value === null || value === '') return [];
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[\s,;]+/).filter(Boolean) : undefined;
  if (!items) throw new InputError(`${what} must be a list of channel ids (${CHANNEL_ID_EXAMPLES})`);
  return items.map((item) => channelId(item, what));
}

function gridPhase(value: unknown, fallback: GridPhase, what: string): GridPhase {
  if (value === undefined || value === null || value === '') return fallback;
  const phase = typeof value === 'string' ? value.trim().toUpperCase() : value;
  if (!isGridPhase(phase)) throw new InputError(`${what} ${JSON.stringify(value)} is not L1, L2 or L3`);
  return phase;
}

function parseRules(value: unknown): ChannelRule[] {
  if (!Array.isArray(value)) throw new InputError('the explicit channel table must be a list of {channel, role, reverse} rows');
  const rules = value.map((row, i): ChannelRule => {
    if (typeof row !== 'object' || row === null) throw new InputError(`channel table row ${i + 1} is not a {channel, role, reverse} row`);
    const { channel, role, reverse } = row as Record<string, unknown>;
    const roleText = typeof role === 'string' ? role.trim() : role;
    const parsedRole = roleText === 'ev' || roleText === 'ignore' ? roleText : isGridPhase(roleText) ? roleText : undefined;
    if (!parsedRole) throw new InputError(`channel table row ${i + 1}: role ${JSON.stringify(role)} is not L1, L2, L3, ev or ignore`);
    return { channel: channelId(channel, `channel table row ${i + 1}:`), role: parsedRole, reverse: reverse === true };
  });
  const seen = new Map<string, string>();
  for (const rule of rules) {
    if (seen.has(rule.channel)) throw new InputError(`channel ${rule.channel} is listed twice in the channel table`);
    seen.set(rule.channel, rule.role);
  }
  for (const phase of GRID_PHASES) {
    const owners = rules.filter((r) => r.role === phase).map((r) => r.channel);
    if (owners.length > 1) throw new InputError(`grid phase ${phase} is assigned twice (${owners.join(' and ')}); each phase needs exactly one channel`);
  }
  if (!rules.some((r) => isGridPhase(r.role))) throw new InputError('the channel table assigns no grid phase; at least one channel must be L1, L2 or L3');
  const evs = rules.filter((r) => r.role === 'ev');
  if (evs.length > 1) throw new InputError(`more than one EV sub-meter channel (${evs.map((r) => r.channel).join(', ')}); expected at most one`);
  return rules;
}

/**
 * Reads and validates the installer's settings (node config). Throws an InputError that says
 * what is wrong, so a misconfigured node shows it instead of emitting wrong phases.
 */
export function parseChannelMapSettings(raw: Record<string, unknown>): ChannelMapSettings {
  const mode = raw.mapping === undefined || raw.mapping === '' ? 'auto' : raw.mapping;
  if (mode !== 'auto' && mode !== 'explicit') throw new InputError(`channel mapping ${JSON.stringify(raw.mapping)} is neither "auto" nor "explicit"`);
  const evPhase = gridPhase(raw.evPhase, 'L1', 'EV phase');
  if (mode === 'explicit') {
    return { ...DEFAULT_CHANNEL_MAP, mode, rules: parseRules(raw.rules ?? []), evPhase };
  }
  const rotationText = raw.rotation === undefined || raw.rotation === '' ? GRID_PHASES.join(',') : raw.rotation;
  const rotation = parsePhaseList(rotationText);
  if (!rotation || rotation.length !== 3) {
    throw new InputError(`phase rotation ${JSON.stringify(raw.rotation)} must name L1, L2 and L3 once each, for device phases A, B, C (e.g. "L2,L3,L1")`);
  }
  const evChannel = raw.evChannel === undefined || raw.evChannel === '' ? undefined : channelId(raw.evChannel, 'EV sub-meter channel');
  const reverse = channelList(raw.reverse, 'reversed channel list');
  return { ...DEFAULT_CHANNEL_MAP, mode, rotation, evChannel, reverse, evPhase };
}

/** Whether the settings give a second (EV sub-meter) output. */
export function hasEvOutput(settings: ChannelMapSettings): boolean {
  return settings.mode === 'explicit' ? settings.rules.some((r) => r.role === 'ev') : settings.evChannel !== undefined;
}

/**
 * Applies the settings to the channels a payload has. Throws when the EV sub-meter would also be
 * a grid phase; reports channels the settings name but the payload lacks in `missing` (the caller
 * decides whether that is an error or "wait for the rest of the status").
 */
export function resolveChannelMap<C extends MappableChannel>(channels: readonly C[], settings: ChannelMapSettings): ResolvedMap<C> {
  const byId = (id: string): C | undefined => channels.find((c) => c.id === id);
  const missing: string[] = [];
  const grid: Array<MappedChannel<C>> = [];
  let ev: MappedChannel<C> | undefined;

  if (settings.mode === 'explicit') {
    for (const rule of settings.rules) {
      if (rule.role === 'ignore') continue;
      const channel = byId(rule.channel);
      if (!channel) {
        missing.push(rule.channel);
        continue;
      }
      if (rule.role === 'ev') ev = { channel, phase: settings.evPhase, reverse: rule.reverse };
      else grid.push({ channel, phase: rule.role, reverse: rule.reverse });
    }
  } else {
    const reversed = (c: C): boolean => settings.reverse.length > 0 && settings.reverse.includes(c.id);
    if (channels.some((c) => c.phase !== undefined)) {
      // One three-phase meter: the first channel of each device phase A, B, C (em:0 before em:1).
      const taken: Record<DevicePhase, boolean> = { A: false, B: false, C: false };
      for (const c of channels) {
        if (c.phase === undefined || taken[c.phase]) continue;
        taken[c.phase] = true;
        grid.push({ channel: c, phase: settings.rotation[DEVICE_PHASE_INDEX[c.phase]], reverse: reversed(c) });
      }
    } else {
      // The first metering channel that is not the EV sub-meter (none: `grid` stays empty).
      const first = channels.find((c) => c.id !== settings.evChannel);
      if (first) grid.push({ channel: first, phase: settings.rotation[0], reverse: reversed(first) });
    }
    if (settings.evChannel !== undefined) {
      const channel = byId(settings.evChannel);
      if (!channel) missing.push(settings.evChannel);
      else ev = { channel, phase: settings.evPhase, reverse: reversed(channel) };
    }
  }
  if (ev && grid.some((g) => g.channel.id === ev!.channel.id)) {
    throw new InputError(`channel ${ev.channel.id} cannot be both the EV sub-meter and a grid phase; expected another EV channel, or the explicit channel table`);
  }
  // Usually already in order (A, B, C → L1, L2, L3): sort only when not (a sort allocates).
  if (grid.some((g, i) => i > 0 && GRID_ORDER[g.phase] < GRID_ORDER[grid[i - 1].phase])) grid.sort((x, y) => GRID_ORDER[x.phase] - GRID_ORDER[y.phase]);
  return { grid, ev, missing };
}
