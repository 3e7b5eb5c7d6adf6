import type { DeviceIdentity } from './device-identity';

/** One DNS-SD service instance a device announces. */
export interface ServiceInstance {
  /** `_http._tcp.local` or `_shelly._tcp.local`. */
  service: string;
  /** Full instance name, e.g. `shellypro3em-a0dd6ca0c27c._shelly._tcp.local`. */
  instance: string;
  /** SRV target, e.g. `ShellyPro3EM-A0DD6CA0C27C.local`. */
  host: string;
  txt: string[];
}

export const HTTP_SERVICE = '_http._tcp.local';
export const SHELLY_SERVICE = '_shelly._tcp.local';

/** "Breaker box PRO-EM50 I" → "Breaker-box-PRO-EM50-I" (the host of a name-named instance). */
function hostLabel(name: string): string {
  return name.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
}

/**
 * What the captures show (shelly-protocol.md §4.1): Gen1 announces only `_http._tcp` with TXT
 * id/arch/app/fw_version/fw_id/discoverable; Gen2+ announces `_shelly._tcp` (TXT gen/app/ver)
 * and `_http._tcp` (TXT gen), under its id and, when it has a user name, under that name too.
 */
export function serviceInstances(identity: DeviceIdentity): ServiceInstance[] {
  const { family } = identity;
  if (family.generation === 1) {
    return [{
      service: HTTP_SERVICE,
      instance: `${identity.id}.${HTTP_SERVICE}`,
      host: identity.mdnsHost,
      txt: [`id=${identity.id}`, 'arch=esp8266', `app=${family.app}`, 'fw_version=1.0', `fw_id=${identity.firmwareId}`, 'discoverable=false'],
    }];
  }
  const full = [`gen=${family.generation}`, `app=${family.app}`, `ver=${identity.version}`];
  const instances: ServiceInstance[] = [
    { service: SHELLY_SERVICE, instance: `${identity.id}.${SHELLY_SERVICE}`, host: identity.mdnsHost, txt: full },
    { service: HTTP_SERVICE, instance: `${identity.id}.${HTTP_SERVICE}`, host: identity.mdnsHost, txt: [`gen=${family.generation}`] },
  ];
  if (identity.name) {
    const host = `${hostLabel(identity.name) || identity.id}.local`;
    for (const service of [SHELLY_SERVICE, HTTP_SERVICE]) {
      instances.push({ service, instance: `${identity.name}.${service}`, host, txt: full });
    }
  }
  return instances;
}
