/**
 * The MQTT topics Shelly devices publish their metering on, as found in the public docs and
 * client libraries (searched for this package; see the notes per layout):
 *
 * Gen1 (REST devices) publish one plain-text number per topic, all fields of all channels in a
 * burst every `mqtt_update_period` seconds and on changes:
 *   shellies/<id>/emeter/<i>/power            W, signed (EM, 3EM)
 *   shellies/<id>/emeter/<i>/reactive_power   var (EM only)
 *   shellies/<id>/emeter/<i>/pf               power factor
 *   shellies/<id>/emeter/<i>/current          A (3EM only; the EM has no current)
 *   shellies/<id>/emeter/<i>/voltage          V
 *   shellies/<id>/emeter/<i>/total            Wh imported
 *   shellies/<id>/emeter/<i>/total_returned   Wh exported
 *   shellies/<id>/emeter/<i>/energy, returned_energy   (not read: counters whose unit the sources disagree on)
 *   shellies/<id>/relay/<i>/power             W, magnitude (plugs, 1PM, 2.5)
 *   shellies/<id>/relay/<i>/energy            watt-minutes
 * (ioBroker.shelly src/lib/devices/gen1/shellyem.ts / shellyem3.ts, Gen1 plug topic lists.)
 * `<id>` is the device id (shellyem3-485519D732F4) or the MQTT id the user set; a broker bridge
 * may add segments in front of `shellies`, so everything before `/emeter/` is the prefix.
 *
 * Gen2+ (RPC devices), with `<prefix>` = the configured topic prefix (default: the device id):
 *   <prefix>/status/<component>   the whole status of one component (em:0, emdata:0, em1:1,
 *                                 switch:0 …) when "status_ntf" (generic status update) is on
 *   <prefix>/events/rpc           JSON-RPC notification frames (NotifyStatus, NotifyEvent,
 *                                 NotifyFullStatus) when "rpc_ntf" is on, the same frames as
 *                                 on the WebSocket
 * (shelly-api-docs gen2 MQTT component and Notifications pages.)
 *
 * A subscription to `shellies/#` or `<prefix>/#` also brings topics without metering
 * (`…/online`, `…/relay/0` on/off, `…/temperature`, `shellies/announce`, `…/debug/log`):
 * they are recognised as Shelly topics to be ignored, not as bad input.
 */

export type Gen1MqttComponent = 'emeter' | 'relay';

export type ShellyMqttTopic =
  | {
      kind: 'gen1-field';
      /** Everything before /emeter/ or /relay/: identifies the device. */
      prefix: string;
      /** Last segment of the prefix: the Gen1 device (or MQTT) id. */
      deviceId: string;
      component: Gen1MqttComponent;
      index: number;
      field: string;
    }
  | { kind: 'gen2-status'; prefix: string; component: string }
  | { kind: 'gen2-events'; prefix: string }
  | { kind: 'other'; topic: string };

const GEN1_FIELD = /^(.+)\/(emeter|relay)\/(\d{1,2})\/([a-z_]+)$/;
const GEN2_STATUS = /^(.+)\/status\/([a-z0-9_]+(?::\d{1,3})?)$/;
const GEN2_EVENTS = /^(.+)\/events\/rpc$/;
const OTHER_SHELLY = /^shellies\/|\/(?:online|debug\/log)$/;

/** Recognises a Shelly metering topic; undefined for any other topic. */
export function parseShellyMqttTopic(topic: unknown): ShellyMqttTopic | undefined {
  // Every Shelly topic has a '/': a device id or method name as msg.topic is answered at once.
  if (typeof topic !== 'string' || topic.length > 512 || !topic.includes('/')) return undefined;
  let match = GEN1_FIELD.exec(topic);
  if (match) {
    const prefix = match[1];
    return {
      kind: 'gen1-field',
      prefix,
      deviceId: prefix.slice(prefix.lastIndexOf('/') + 1),
      component: match[2] as Gen1MqttComponent,
      index: Number(match[3]),
      field: match[4],
    };
  }
  match = GEN2_EVENTS.exec(topic);
  if (match) return { kind: 'gen2-events', prefix: match[1] };
  match = GEN2_STATUS.exec(topic);
  if (match) return { kind: 'gen2-status', prefix: match[1], component: match[2] };
  if (OTHER_SHELLY.test(topic)) return { kind: 'other', topic };
  return undefined;
}
