import { InputError } from '../input-error';
import { lookupModel } from './catalogue';

/** Who a Shelly is, from its unauthenticated `GET /shelly`. */
export interface ShellyIdentity {
  /** 1 for the REST devices; 2, 3, 4 (or any later number) for the RPC devices. */
  generation: number;
  /** 'gen1' = REST (/status), 'rpc' = JSON-RPC (Shelly.GetStatus). */
  api: 'gen1' | 'rpc';
  /** Model code as the device reports it: SHEM-3, SPEM-003CEBEU, … */
  model: string;
  /** Product name from the catalogue, or the model code when unknown. */
  modelName: string;
  /** Device id: Gen2+ as reported (shellypro3em-a0dd6ca0c27c); Gen1 the hostname (shellyem3-485519D732F4). */
  id: string;
  /** 12 upper-case hex digits. */
  mac: string;
  /** User-set name, when the device has one. */
  name?: string;
  /** Gen2+ firmware application (Pro3EM, EMG3, …). */
  app?: string;
  firmware?: string;
  /** Device profile: triphase / monophase (Pro 3EM, 3EM-63), switch / cover (2PM). */
  profile?: string;
  /** Credentials are needed for everything but /shelly. */
  authRequired: boolean;
  /** Gen2+ digest realm (equals the id). */
  authRealm?: string;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Identifies a device from the body of `GET /shelly` (or `Shelly.GetDeviceInfo`).
 * A numeric `gen` means an RPC device (its value is the generation); no `gen` but a `type`
 * means a Gen1 REST device. Anything else is not a Shelly.
 */
export function identifyShelly(body: unknown): ShellyIdentity {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InputError('not a Shelly: GET /shelly did not return a JSON object');
  }
  const info = body as Record<string, unknown>;
  const mac = (str(info.mac) ?? '').toUpperCase();
  if (typeof info.gen === 'number' && Number.isInteger(info.gen) && info.gen >= 2) {
    const model = str(info.model);
    const id = str(info.id);
    if (!model || !id) throw new InputError('not a Shelly: GET /shelly has "gen" but no "model" or "id"');
    return {
      generation: info.gen,
      api: 'rpc',
      model,
      modelName: lookupModel(model)?.name ?? model,
      id,
      mac: mac || id.split('-').pop()!.toUpperCase(),
      name: str(info.name),
      app: str(info.app),
      firmware: str(info.ver) ?? str(info.fw_id),
      profile: str(info.profile),
      authRequired: info.auth_en === true,
      authRealm: str(info.auth_domain) ?? (info.auth_en === true ? id : undefined),
    };
  }
  const type = str(info.type);
  if (info.gen === undefined && type) {
    const entry = lookupModel(type);
    const prefix = entry?.idPrefix ?? 'shelly';
    // Gen1 hostnames carry the full MAC (longid: 1) or only its last 6 digits.
    const idMac = info.longid === 1 ? mac : mac.slice(-6);
    return {
      generation: 1,
      api: 'gen1',
      model: type,
      modelName: entry?.name ?? type,
      id: `${prefix}-${idMac}`,
      mac,
      name: str(info.name),
      firmware: str(info.fw),
      profile: str(info.mode),
      authRequired: info.auth === true,
    };
  }
  throw new InputError('not a Shelly: GET /shelly has neither a numeric "gen" nor a "type"');
}
