import { mergeInto } from '../shelly/status-merge';
import { BoundedMap } from './bounded-map';

/**
 * The last known metering status of each Gen2+ device that reaches us in pieces (MQTT
 * `<prefix>/status/<component>` messages, NotifyStatus frames). shelly-protocol.md §3.7:
 * NotifyStatus carries partial component statuses ("unchanged keys may be missing"): overlay
 * them onto the last known status, never replace a component; NotifyFullStatus (or a
 * Shelly.GetStatus result) replaces it. A `<prefix>/status/<component>` message is the entire
 * status of its component, so it replaces that component alone. Over MQTT there is no full status
 * to start from, so a delta is merged onto an empty status and a reading waits until the mapped
 * channels are known.
 *
 * Only metering components are kept (em, em1, pm1, switch, cover and their energy counters);
 * values are copied in (mergeInto), so later changes to a message's objects do not reach the state.
 */
type Json = Record<string, unknown>;

const METERING_COMPONENT = /^(?:em|em1|pm1|switch|cover|emdata|em1data):\d{1,3}$/;
export function isMeteringComponent(key: string): boolean {
  return METERING_COMPONENT.test(key);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class DeviceStatusStore {
  private readonly devices: BoundedMap<string, Json>;

  constructor(maxDevices = 64) {
    this.devices = new BoundedMap(maxDevices);
  }

  /** Replaces a device's status with the metering components of a full status. */
  replace(key: string, status: Json): Json {
    const fresh: Json = {};
    for (const component of Object.keys(status)) {
      const value = status[component];
      if (!isMeteringComponent(component) || !isObject(value)) continue;
      fresh[component] = mergeInto({}, value);
    }
    this.devices.set(key, fresh);
    return fresh;
  }

  /**
   * Overlays the metering components of a partial status. Returns the merged status and the
   * components the delta carried. `whole`: each component in the delta is its entire status
   * (an MQTT status topic), so it replaces the stored one: a key it no longer has (an errors[]
   * that cleared) must not stay.
   */
  merge(key: string, delta: Json, whole = false): { status: Json; components: string[] } {
    let status = this.devices.get(key);
    if (!status) {
      status = {};
      this.devices.set(key, status);
    }
    const components: string[] = [];
    for (const component of Object.keys(delta)) {
      const value = delta[component];
      if (!isMeteringComponent(component) || !isObject(value)) continue;
      const previous = status[component];
      status[component] = mergeInto(isObject(previous) && !whole ? previous : {}, value);
      components.push(component);
    }
    return { status, components };
  }
}
