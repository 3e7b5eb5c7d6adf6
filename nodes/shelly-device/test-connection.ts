import { probeShelly, type ProbeResult } from '../../lib/shelly/device-probe';
import { parseShellyHost, type ShellyHost } from '../../lib/shelly/host';
import type { ShellyCredentials } from '../../lib/shelly/http-client';
import type { ShellyIdentity } from '../../lib/shelly/identify';
import type { TransportPreference } from '../../lib/shelly/meter-connection';
import type { ShellyErrorKind } from '../../lib/shelly/shelly-error';
import { resolveEnvHost } from '../common/env-host';
import type { Translate } from '../common/i18n';
import type { NodeAPI } from '../common/node-red';
import { passwordForTest } from '../common/stored-password';
import { settingMs, TIMEOUT } from './device-settings';

/**
 * The device dialog's "Test connection": POST /lektrico-em/shelly/test with what is typed in the
 * dialog ({id, host, transport, timeout, username, password}) connects once, exactly as a meter
 * node would (lib/shelly/device-probe.ts), and answers what was found or why it failed. The
 * dialog translates the failure kind; `message` is the detail (lib's English reason).
 */
export interface TestConnectionRequest {
  /** The config node's id: its stored password is used when the dialog only has the placeholder. */
  id?: unknown;
  host?: unknown;
  transport?: unknown;
  /** Seconds, as typed. */
  timeout?: unknown;
  username?: unknown;
  password?: unknown;
}

/** A found device as the dialog lists it. */
export interface TestedDevice {
  host: string;
  name?: string;
  modelName: string;
  model: string;
  generation: number;
  id: string;
  mac: string;
  firmware?: string;
  profile?: string;
  authRequired: boolean;
  transport: string;
  /** The metering channels a meter node would read, with the device phase of each (three-phase meters). */
  channels: Array<{ id: string; phase?: string; signed: boolean }>;
  /** transport 'auto': why the WebSocket failed before HTTP polling worked. */
  webSocketError?: string;
}

export type FailureKind = ShellyErrorKind | 'config' | 'stored-password';

export type TestConnectionReply =
  | { ok: true; device: TestedDevice }
  /** `device`: who answered, when the failure came after identifying it (e.g. a wrong password). */
  | {
      ok: false;
      kind: FailureKind;
      message: string;
      device?: Pick<TestedDevice, 'modelName' | 'model' | 'generation' | 'id'>;
      /** kind 'stored-password': the address the saved password belongs to (the dialog words the refusal itself). */
      savedFor?: string;
    };

const TRANSPORTS: readonly TransportPreference[] = ['auto', 'websocket', 'http'];

/** What the test needs of a deployed device config node. */
interface StoredDevice {
  hostLabel?: string;
  credentials?: Record<string, string | undefined>;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** An address as a device config node reads it, or undefined when it is none. */
function shellyAddressKey(host: string): string | undefined {
  try {
    return parseShellyHost(host).display;
  } catch {
    return undefined;
  }
}

function identitySummary(identity: ShellyIdentity): Pick<TestedDevice, 'modelName' | 'model' | 'generation' | 'id'> {
  return { modelName: identity.modelName, model: identity.model, generation: identity.generation, id: identity.id };
}

export function describeProbe(result: ProbeResult, host: ShellyHost): TestConnectionReply {
  if (!result.ok) {
    const { error, identity } = result;
    return { ok: false, kind: error.kind, message: error.message, ...(identity ? { device: identitySummary(identity) } : {}) };
  }
  const { identity, transport, channels, webSocketError } = result;
  return {
    ok: true,
    device: {
      host: host.display,
      name: identity.name,
      modelName: identity.modelName,
      model: identity.model,
      generation: identity.generation,
      id: identity.id,
      mac: identity.mac,
      firmware: identity.firmware,
      profile: identity.profile,
      authRequired: identity.authRequired,
      transport,
      channels: channels.map((channel) => ({ id: channel.id, phase: channel.phase, signed: channel.signed })),
      webSocketError: webSocketError?.message,
    },
  };
}

/**
 * Runs one test. `storedDevice(id)` gives the deployed config node, whose password is used when
 * the dialog sends the placeholder, and only for the address it was saved for: Gen1 sends it as
 * HTTP Basic, readable by whoever answers at a newly typed address.
 */
export async function testConnection(
  request: TestConnectionRequest,
  storedDevice: (id: string) => StoredDevice | undefined,
  t: Translate,
): Promise<{ status: number; reply: TestConnectionReply }> {
  const refuse = (kind: FailureKind, message: string, savedFor?: string): { status: number; reply: TestConnectionReply } => ({
    status: 400,
    reply: { ok: false, kind, message, ...(savedFor === undefined ? {} : { savedFor }) },
  });

  let host: ShellyHost;
  try {
    host = parseShellyHost(resolveEnvHost(typeof request.host === 'string' ? request.host : ''));
  } catch (err) {
    return refuse('config', err instanceof Error ? err.message : String(err));
  }
  const timeoutMs = settingMs(request.timeout, TIMEOUT);
  if (timeoutMs === undefined) {
    return refuse('config', t('lektrico-shelly-device.error.range', { setting: t('lektrico-shelly-device.label.timeout'), value: String(request.timeout), min: TIMEOUT.minS, max: TIMEOUT.maxS }));
  }
  const transport = TRANSPORTS.find((known) => known === (text(request.transport) ?? 'auto'));
  if (!transport) return refuse('config', t('lektrico-shelly-device.error.transport', { value: String(request.transport) }));

  const stored = typeof request.id === 'string' ? storedDevice(request.id) : undefined;
  const password = passwordForTest(request.password, { host: stored?.hostLabel, password: stored?.credentials?.password }, host.display, shellyAddressKey);
  if (!password.ok) {
    return refuse('stored-password', t('lektrico-shelly-device.error.storedPassword', { host: password.savedFor }), password.savedFor);
  }
  const credentials: ShellyCredentials = { username: text(request.username), password: text(password.password) };

  const result = await probeShelly({ host: host.display, credentials, transport, requestTimeoutMs: timeoutMs });
  return { status: 200, reply: describeProbe(result, host) };
}

/**
 * Registers POST /lektrico-em/shelly/test behind the lektrico-shelly-device.write permission: it makes the
 * runtime connect where the editor says, with a stored password, so only who may change flows may ask.
 */
export function registerTestEndpoint(RED: NodeAPI, t: Translate): void {
  RED.httpAdmin.post('/lektrico-em/shelly/test', RED.auth.needsPermission('lektrico-shelly-device.write'), (req, res) => {
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as TestConnectionRequest;
    const storedDevice = (id: string): StoredDevice | undefined => (RED.nodes.getNode(id) as StoredDevice | null) ?? undefined;
    testConnection(body, storedDevice, t).then(
      ({ status, reply }) => res.status(status).json(reply),
      // Never a stack in the dialog: the probe reports device failures itself, so this is a defect.
      (err: unknown) => res.status(500).json({ ok: false, kind: 'bad-reply', message: err instanceof Error ? err.message : String(err) }),
    );
  });
}
