/**
 * Gen1 CoIoT payloads (shelly-protocol.md §2.6): `cit/d` describes blocks (`blk`: I, D) and
 * sensors (`sen`: I, T, D, U, L = block), `cit/s` carries values `{G: [[channel, sensor, value]]}`.
 * The transport (CoAP over UDP multicast, per-device peer setup) is not implemented: the meter
 * polls /status, as the reference recommends. What is here reads captured or received payloads
 * into the `/status` shape (`emeters[]`), so channels.ts maps them like any Gen1 status.
 */
type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface CoiotSensor {
  id: number;
  type: string;
  description: string;
  unit?: string;
  blockId: number;
}

export interface CoiotDescription {
  blocks: Map<number, string>;
  sensors: Map<number, CoiotSensor>;
}

/** A cit/d description, or undefined when the value is not one. */
export function parseCoiotDescription(value: unknown): CoiotDescription | undefined {
  if (!isObject(value) || !Array.isArray(value.blk) || !Array.isArray(value.sen)) return undefined;
  const blocks = new Map<number, string>();
  for (const b of value.blk) if (isObject(b) && typeof b.I === 'number' && typeof b.D === 'string') blocks.set(b.I, b.D);
  const sensors = new Map<number, CoiotSensor>();
  for (const s of value.sen) {
    if (!isObject(s) || typeof s.I !== 'number' || typeof s.D !== 'string' || typeof s.L !== 'number') continue;
    sensors.set(s.I, { id: s.I, type: typeof s.T === 'string' ? s.T : '', description: s.D, unit: typeof s.U === 'string' ? s.U : undefined, blockId: s.L });
  }
  return { blocks, sensors };
}

/** The [channel, sensor, value] triples of a cit/s status, or undefined when the value is not one. */
export function parseCoiotStatus(value: unknown): Array<[number, number, unknown]> | undefined {
  if (!isObject(value) || !Array.isArray(value.G)) return undefined;
  return value.G.filter((g): g is [number, number, unknown] => Array.isArray(g) && g.length >= 3 && typeof g[1] === 'number');
}

/** Sensor description → Gen1 /status emeter field. */
const EMETER_FIELDS: Record<string, string> = {
  power: 'power',
  energy: 'total',
  energyReturned: 'total_returned',
  voltage: 'voltage',
  current: 'current',
  powerFactor: 'pf',
};

/** A cit/s status as the `emeters[]` part of a Gen1 /status (blocks named emeter_N). */
export function coiotToGen1Status(description: CoiotDescription, status: Array<[number, number, unknown]>): { emeters: Json[] } {
  const emeters: Json[] = [];
  for (const [, sensorId, value] of status) {
    const sensor = description.sensors.get(sensorId);
    const block = sensor && description.blocks.get(sensor.blockId);
    const match = block ? /^emeter_(\d+)$/.exec(block) : null;
    const field = sensor && EMETER_FIELDS[sensor.description];
    if (!match || !field || typeof value !== 'number') continue;
    const index = Number(match[1]);
    emeters[index] ??= { is_valid: true };
    emeters[index][field] = value;
  }
  return { emeters: Array.from(emeters, (e) => e ?? { is_valid: false }) };
}
