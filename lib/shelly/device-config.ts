import type { MeterChannel } from './channels';

/**
 * The configuration facts that matter for metering, read from Gen2+ `Shelly.GetConfig` and
 * Gen1 `GET /settings` (shelly-protocol.md §2.1, §3.3, §3.5):
 *  - the device profile (triphase / monophase, switch / cover), in `sys.device.profile`;
 *  - `reverse` per metering component: EM has per-phase flags `{a?, b?, c?}` (shown only when
 *    true), EM1 / PM1 / Switch a boolean. Its presence also tells that the hardware measures
 *    reverse energy, i.e. that the channel's power is signed;
 *  - Gen1: identity, restricted login, CoIoT settings.
 */
type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export type ReverseFlag = boolean | { a: boolean; b: boolean; c: boolean };

export interface RpcDeviceConfig {
  name?: string;
  mac?: string;
  profile?: string;
  /** Component key → its `reverse` setting, for components that have one. */
  reverse: Record<string, ReverseFlag>;
  /** Component key → `ct_type` (e.g. "120A", "3EMG3"), where given. */
  ctType: Record<string, string>;
}

export function readRpcConfig(config: unknown): RpcDeviceConfig {
  const out: RpcDeviceConfig = { reverse: {}, ctType: {} };
  if (!isObject(config)) return out;
  const device = isObject(config.sys) && isObject(config.sys.device) ? config.sys.device : {};
  out.name = str(device.name);
  out.mac = str(device.mac)?.toUpperCase();
  out.profile = str(device.profile);
  for (const [key, body] of Object.entries(config)) {
    if (!/^[a-z0-9]+:\d+$/.test(key) || !isObject(body)) continue;
    if (typeof body.reverse === 'boolean') out.reverse[key] = body.reverse;
    else if (isObject(body.reverse)) {
      const r = body.reverse;
      out.reverse[key] = { a: r.a === true, b: r.b === true, c: r.c === true };
    }
    const ct = str(body.ct_type);
    if (ct) out.ctType[key] = ct;
  }
  return out;
}

/** Whether the device reverses this channel's direction (per phase on an EM). */
export function isChannelReversed(config: RpcDeviceConfig, channel: MeterChannel): boolean {
  const flag = config.reverse[channel.component];
  if (flag === undefined || typeof flag === 'boolean') return flag === true;
  return channel.phase !== undefined && flag[channel.phase.toLowerCase() as 'a' | 'b' | 'c'];
}

/** The config has a `reverse` setting for the channel: the hardware measures reverse energy (signed power). */
export function configShowsSignedPower(config: RpcDeviceConfig, channel: MeterChannel): boolean {
  return channel.component in config.reverse;
}

export interface Gen1Settings {
  model?: string;
  mac?: string;
  /** The device id, e.g. shellyem3-485519D732F4. */
  hostname?: string;
  name?: string;
  /** Restricted login (HTTP Basic) is on. */
  loginEnabled: boolean;
  username?: string;
  coiot?: { enabled: boolean; updatePeriodS?: number; peer?: string };
  emeterCount?: number;
  meterCount?: number;
}

export function readGen1Settings(settings: unknown): Gen1Settings {
  if (!isObject(settings)) return { loginEnabled: false };
  const device = isObject(settings.device) ? settings.device : {};
  const login = isObject(settings.login) ? settings.login : {};
  const coiot = isObject(settings.coiot) ? settings.coiot : undefined;
  return {
    model: str(device.type),
    mac: str(device.mac)?.toUpperCase(),
    hostname: str(device.hostname),
    name: str(settings.name),
    loginEnabled: login.enabled === true,
    username: str(login.username),
    coiot: coiot && {
      enabled: coiot.enabled === true,
      updatePeriodS: typeof coiot.update_period === 'number' ? coiot.update_period : undefined,
      peer: str(coiot.peer),
    },
    emeterCount: typeof device.num_emeters === 'number' ? device.num_emeters : undefined,
    meterCount: typeof device.num_meters === 'number' ? device.num_meters : undefined,
  };
}
