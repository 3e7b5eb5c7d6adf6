import { InputError } from '../input-error';
import { parseShellyMqttTopic, type Gen1MqttComponent } from '../shelly/mqtt-topics';
import { badValue, describeValue } from './describe-value';
import { isMeteringComponent } from './device-status-store';
import { gen1TopicField } from './gen1-mqtt-assembler';
import { looksGeneric } from './generic-format';
import { numberProblem, type Quantity } from './shelly-fields';

/**
 * What a message is, decided from its topic and payload shape (never from a setting, so one
 * normalizer takes any mix):
 *  - the Shelly meter input node's output (msg.shelly = ShellyReadingMeta);
 *  - a Shelly's own MQTT message (Gen1 per-field topics, Gen2+ status topics and events/rpc);
 *  - a JSON-RPC frame: NotifyStatus / NotifyFullStatus / NotifyEvent, or a response {id, result};
 *  - a Gen1 /status body (emeters / meters);
 *  - a Gen2+ Shelly.GetStatus result (component keys em:0, em1:1, …) or one component's
 *    X.GetStatus result (wrapped under its key: a_act_power → em:<id>, act_power → em1:<id>,
 *    apower → switch:<id> when it has output/source or msg.topic says so, else pm1:<id>);
 *  - the generic format (power / phases).
 */
type Json = Record<string, unknown>;

export interface MeterNodeMeta {
  id?: string;
  model?: string;
  generation?: number;
  profile?: string;
  timestamp?: number;
}

export type InputShape =
  | { kind: 'meter-node'; status: Json; meta: MeterNodeMeta }
  | { kind: 'gen1-status'; status: Json }
  /**
   * A whole Gen2+ status: replaces what is known of the device when it has a key (frame src,
   * MQTT prefix or msg.topic). deviceId is set only when the input names the device.
   */
  | { kind: 'rpc-status'; status: Json; key?: string; deviceId?: string; timestampMs?: number }
  /**
   * Part of a Gen2+ status: merged onto what is known of the device. `whole`: each component in it
   * is that component's entire status (a <prefix>/status/<component> topic, an X.GetStatus
   * result), so it replaces the component instead of being merged onto it.
   */
  | { kind: 'rpc-delta'; delta: Json; key: string; deviceId?: string; timestampMs?: number; whole?: boolean }
  | { kind: 'gen1-field'; key: string; deviceId: string; component: Gen1MqttComponent; index: number; statusField: string; value: number }
  | { kind: 'generic'; payload: Json }
  | { kind: 'ignored'; reason: string };

export const EXPECTED_INPUTS =
  'expected a Shelly status (Gen1 /status, Gen2+ Shelly.GetStatus or one component), a NotifyStatus frame, ' +
  'a Shelly MQTT message, the Shelly meter node\'s output, or the generic format {power: [W, W, W]}';

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lastSegment(prefix: string): string {
  return prefix.slice(prefix.lastIndexOf('/') + 1);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** A JSON text (string or Buffer, as an MQTT or HTTP node may deliver it) as an object. */
function parseJsonObject(payload: unknown, where: string): Json {
  if (isObject(payload) && !Buffer.isBuffer(payload)) return payload;
  const raw = Buffer.isBuffer(payload) ? payload.toString('utf8') : payload;
  if (typeof raw === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new InputError(`${where} is text that is not JSON; ${EXPECTED_INPUTS}`);
    }
    if (isObject(parsed)) return parsed;
    throw new InputError(`${where} is JSON but ${describeValue(parsed)}, not an object; ${EXPECTED_INPUTS}`);
  }
  throw new InputError(`${where} is ${describeValue(payload)}; ${EXPECTED_INPUTS}`);
}

const PLAIN_NUMBER = /^\s*-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

/**
 * A Gen1 MQTT value: the device publishes plain-text numbers ("123.45"); an mqtt in node set to
 * auto-detect delivers them parsed. Only here is a numeric string read as a number.
 */
function gen1Number(topic: string, payload: unknown, quantity: Quantity): number {
  const raw = Buffer.isBuffer(payload) ? payload.toString('utf8') : payload;
  const value = typeof raw === 'string' && PLAIN_NUMBER.test(raw) ? Number(raw) : raw;
  const problem = numberProblem(value, quantity, true);
  if (problem) throw new InputError(`${topic}: the payload ${problem} (Gen1 publishes plain-text numbers)`);
  return value as number;
}

const TOPIC_COMPONENT = /^(?:(em|em1|pm1|switch|cover)(?::(\d{1,3}))?|(EM|EM1|PM1|Switch|Cover)\.GetStatus)$/i;

/** The component index a single component's status carries in `id` (0 when it has none usable). */
function componentIndex(body: Json): number {
  return typeof body.id === 'number' && Number.isInteger(body.id) && body.id >= 0 && body.id < 1000 ? body.id : 0;
}

/** The status key of a single component's X.GetStatus result. */
function componentKey(body: Json, topic: unknown): string | undefined {
  const id = componentIndex(body);
  const hint = typeof topic === 'string' ? TOPIC_COMPONENT.exec(topic) : null;
  const hinted = hint ? (hint[1] ?? hint[3]).toLowerCase() : undefined;
  const hintedId = hint?.[2] !== undefined ? Number(hint[2]) : id;
  if ('a_act_power' in body || 'b_act_power' in body || 'c_act_power' in body) return `em:${id}`;
  if ('act_power' in body) return `em1:${id}`;
  if ('apower' in body) {
    if (hinted === 'switch' || hinted === 'cover' || hinted === 'pm1') return `${hinted}:${hintedId}`;
    return 'output' in body || 'source' in body ? `switch:${id}` : `pm1:${id}`;
  }
  return undefined;
}

function hasComponentKeys(payload: Json): boolean {
  for (const key of Object.keys(payload)) if (/^[a-z0-9_]+:\d+$/.test(key)) return true;
  return false;
}

/** ms of a frame's `params.ts` (seconds with fractions). */
function frameTimeMs(params: Json): number | undefined {
  const ts = params.ts;
  return typeof ts === 'number' && Number.isFinite(ts) && ts > 0 && ts < 1e11 ? Math.round(ts * 1000) : undefined;
}

function paramsWithoutTs(params: Json): Json {
  const components: Json = {};
  for (const key of Object.keys(params)) if (key !== 'ts') components[key] = params[key];
  return components;
}

/** A JSON-RPC frame (notification or response); key = the frame's src, else the topic's. */
function classifyFrame(frame: Json, fallbackKey: string | undefined, fallbackId: string | undefined): InputShape {
  const src = text(frame.src);
  const key = src ?? fallbackKey;
  const deviceId = src ?? fallbackId;
  if (typeof frame.method === 'string') {
    const params = frame.params;
    if (frame.method === 'NotifyEvent') return { kind: 'ignored', reason: 'NotifyEvent carries no status' };
    if (frame.method !== 'NotifyStatus' && frame.method !== 'NotifyFullStatus') {
      return { kind: 'ignored', reason: `${frame.method} is not a status notification` };
    }
    if (!isObject(params)) throw new InputError(`${frame.method} frame: params ${badValue(params, 'an object of component statuses')}`);
    const timestampMs = frameTimeMs(params);
    if (frame.method === 'NotifyFullStatus') return { kind: 'rpc-status', status: paramsWithoutTs(params), key, deviceId, timestampMs };
    if (!key) throw new InputError('NotifyStatus frame without src (and no MQTT topic); expected the device id in src, to know which device it updates');
    return { kind: 'rpc-delta', delta: paramsWithoutTs(params), key, deviceId, timestampMs };
  }
  if (isObject(frame.error)) {
    const { code, message } = frame.error;
    throw new InputError(`the device answered with RPC error ${typeof code === 'number' ? code : '?'}${typeof message === 'string' ? `: ${message.slice(0, 120)}` : ''}`);
  }
  if (!isObject(frame.result)) throw new InputError(`RPC response: result ${badValue(frame.result, 'a status object')}`);
  return classifyStatus(frame.result, key, deviceId, undefined);
}

function classifyStatus(payload: Json, key: string | undefined, deviceId: string | undefined, topic: unknown): InputShape {
  if (Array.isArray(payload.emeters) || Array.isArray(payload.meters)) return { kind: 'gen1-status', status: payload };
  if (hasComponentKeys(payload)) return { kind: 'rpc-status', status: payload, key, deviceId };
  const component = componentKey(payload, topic);
  if (component) {
    // One component is part of a status: merged into what is known of the device when it has a key.
    const status = { [component]: payload };
    return key ? { kind: 'rpc-delta', delta: status, key, deviceId, whole: true } : { kind: 'rpc-status', status, deviceId };
  }
  if (looksGeneric(payload)) return { kind: 'generic', payload };
  const counters = energyDataKey(payload);
  if (counters) {
    // Energy counters of a known device are kept for its next reading, as in a NotifyStatus.
    if (key) return { kind: 'rpc-delta', delta: { [counters]: payload }, key, deviceId, whole: true };
    throw new InputError(
      'msg.payload is an EMData.GetStatus or EM1Data.GetStatus result (energy counters, no power) that names no device; ' +
        'expected EM.GetStatus, EM1.GetStatus or Shelly.GetStatus for the power (counters are kept when the answer has its src)',
    );
  }
  throw new InputError(`msg.payload is not a meter reading; ${EXPECTED_INPUTS}`);
}

/**
 * The component of an EMData (a_total_act_energy, total_act …) or EM1Data (total_act_energy …)
 * status: energy totals only, no power. Undefined for anything else.
 */
function energyDataKey(payload: Json): string | undefined {
  const keys = Object.keys(payload).filter((k) => k !== 'id' && k !== 'errors');
  if (keys.length === 0 || !keys.every((k) => /^(?:[abc]_)?total_[a-z_]*energy$|^total_act(?:_ret)?$/.test(k))) return undefined;
  const id = componentIndex(payload);
  return keys.some((k) => /^(?:[abc]_total|total_act(?:_ret)?$)/.test(k)) ? `emdata:${id}` : `em1data:${id}`;
}

function classifyMqtt(topic: string, payload: unknown): InputShape | undefined {
  const parsed = parseShellyMqttTopic(topic);
  if (!parsed) return undefined;
  switch (parsed.kind) {
    case 'gen1-field': {
      const target = gen1TopicField(parsed.component, parsed.field);
      if (!target) return { kind: 'ignored', reason: `${parsed.field} is not a metering field` };
      const [statusField, quantity] = target;
      const value = gen1Number(topic, payload, quantity);
      return { kind: 'gen1-field', key: parsed.prefix, deviceId: parsed.deviceId, component: parsed.component, index: parsed.index, statusField, value };
    }
    case 'gen2-status': {
      if (!isMeteringComponent(parsed.component)) return { kind: 'ignored', reason: `${parsed.component} is not a metering component` };
      const delta = { [parsed.component]: parseJsonObject(payload, topic) };
      return { kind: 'rpc-delta', delta, key: parsed.prefix, deviceId: lastSegment(parsed.prefix), whole: true };
    }
    case 'gen2-events':
      return classifyFrame(parseJsonObject(payload, topic), parsed.prefix, lastSegment(parsed.prefix));
    case 'other':
      return { kind: 'ignored', reason: `${topic} carries no metering` };
  }
}

/** Classifies one message. Throws an InputError for a payload that is none of the known inputs. */
export function classifyInput(msg: { payload?: unknown; topic?: unknown; shelly?: unknown }): InputShape {
  if (typeof msg.topic === 'string') {
    const mqtt = classifyMqtt(msg.topic, msg.payload);
    if (mqtt) return mqtt;
  }
  if (isObject(msg.shelly) && Array.isArray(msg.shelly.channels)) {
    if (!isObject(msg.payload)) throw new InputError(`msg.payload ${badValue(msg.payload, 'the metering status the Shelly meter node emits')}`);
    const meta = msg.shelly;
    return {
      kind: 'meter-node',
      status: msg.payload,
      meta: {
        id: text(meta.id),
        model: text(meta.model),
        generation: typeof meta.generation === 'number' && Number.isInteger(meta.generation) && meta.generation > 0 ? meta.generation : undefined,
        profile: text(meta.profile),
        timestamp: typeof meta.timestamp === 'number' && Number.isFinite(meta.timestamp) && meta.timestamp > 0 ? meta.timestamp : undefined,
      },
    };
  }
  const payload = parseJsonObject(msg.payload, 'msg.payload');
  if (typeof payload.code === 'number' && typeof payload.message === 'string' && Object.keys(payload).length === 2) {
    // An RPC error as a bare body (HTTP POST /rpc/<Method>): {"code":404,"message":"No handler for …"}.
    throw new InputError(`the device answered with error ${payload.code}: ${payload.message.slice(0, 120)}`);
  }
  if (typeof payload.method === 'string' || 'result' in payload || ('error' in payload && 'id' in payload)) {
    return classifyFrame(payload, text(msg.topic), undefined);
  }
  return classifyStatus(payload, text(msg.topic), undefined, msg.topic);
}
