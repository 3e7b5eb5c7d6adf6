import { expect } from 'chai';
import * as path from 'node:path';
import { identifyShelly } from '../../../lib/shelly/identify';
import { detectChannels, readChannel } from '../../../lib/shelly/channels';
import { coiotToGen1Status, parseCoiotDescription, parseCoiotStatus } from '../../../lib/shelly/coiot';
import { configShowsSignedPower, isChannelReversed, readGen1Settings, readRpcConfig } from '../../../lib/shelly/device-config';
import { frameAuth } from '../../../lib/shelly/digest-auth';
import type { MdnsPacket } from '../../../lib/mdns/service-records';
import { parseMdnsPackets } from '../../../lib/shelly/discovery-records';
import { isNoHandlerError, parseIncomingFrame, parseRpcError } from '../../../lib/shelly/rpc-frame';
import { applyNotification } from '../../../lib/shelly/status-merge';
import { describeWithShared, listJsonFiles, readJson } from '../../support/shared-fixtures';

/**
 * Conformance table over every real payload in ../shared/fixtures/shelly: each file is
 * identified and mapped as shelly-protocol.md says. The expectations are written from the
 * reference (not from the code's output); a fixture file that no row covers fails the test,
 * so new fixtures cannot slip by untested.
 */

interface IdentityRow {
  generation: number;
  api: 'gen1' | 'rpc';
  model: string;
  id?: string;
  auth: boolean;
  profile?: string;
}
// Gen1: no `gen`, a `type`; id = hostname (`shellyem3-<12 hex>` with longid, else the last 6 hex).
// Gen2+: numeric `gen`; id as reported; auth from auth_en.
const IDENTITY: Record<string, IdentityRow> = {
  'S3EM-002CXCEU/shelly--matterbridge-fw1.7.5.json': { generation: 3, api: 'rpc', model: 'S3EM-002CXCEU', auth: false },
  'S3EM-003CXCEU63/shelly--triphase--matterbridge-fw1.4.99-dev.json': { generation: 3, api: 'rpc', model: 'S3EM-003CXCEU63', auth: false, profile: 'triphase' },
  'S3PL-00112EU/shelly--matterbridge-fw1.7.5.json': { generation: 3, api: 'rpc', model: 'S3PL-00112EU', auth: false },
  'S3PM-001PCEU16/shelly--matterbridge-fw1.7.5.json': { generation: 3, api: 'rpc', model: 'S3PM-001PCEU16', auth: false },
  'S3SW-001P16EU/shelly--matterbridge-fw1.7.5.json': { generation: 3, api: 'rpc', model: 'S3SW-001P16EU', auth: false },
  'S3SW-002P16EU/shelly--switch-profile--matterbridge-fw1.7.5.json': { generation: 3, api: 'rpc', model: 'S3SW-002P16EU', auth: false, profile: 'switch' },
  'S4EM-001PXCEU16/shelly--matterbridge-fw2.0.0-beta1.json': { generation: 4, api: 'rpc', model: 'S4EM-001PXCEU16', auth: true },
  'S4PL-00416EU/shelly--matterbridge.json': { generation: 4, api: 'rpc', model: 'S4PL-00416EU', auth: false },
  'S4SW-001P16EU/shelly--matterbridge-fw1.7.5.json': { generation: 4, api: 'rpc', model: 'S4SW-001P16EU', auth: false },
  'S4SW-001X8EU/Shelly.GetDeviceInfo--aioshelly.json': { generation: 4, api: 'rpc', model: 'S4SW-001X8EU', auth: false },
  'S4SW-002P16EU/shelly--switch-profile--matterbridge-fw1.7.5.json': { generation: 4, api: 'rpc', model: 'S4SW-002P16EU', auth: true, profile: 'switch' },
  'SHEM-3/shelly--matterbridge-fw1.14.0.json': { generation: 1, api: 'gen1', model: 'SHEM-3', id: 'shellyem3-485519D732F4', auth: false },
  'SHPLG-S/shelly--aioshelly-fw1.14.0.json': { generation: 1, api: 'gen1', model: 'SHPLG-S', id: 'shellyplug-s-DDEEFF', auth: false },
  'SHPLG-S/shelly--matterbridge-fw1.14.0.json': { generation: 1, api: 'gen1', model: 'SHPLG-S', id: 'shellyplug-s-4022D88349C4', auth: false },
  'SHSW-25/shelly--matterbridge-fw1.14.0.json': { generation: 1, api: 'gen1', model: 'SHSW-25', id: 'shellyswitch25-3494547BF36C', auth: false, profile: 'relay' },
  'SNPL-00112EU/shelly--aioshelly-fw1.1.0.json': { generation: 2, api: 'rpc', model: 'SNPL-00112EU', auth: false },
  'SNPL-00112EU/shelly--matterbridge-fw1.7.5.json': { generation: 2, api: 'rpc', model: 'SNPL-00112EU', auth: false },
  'SNSW-001P16EU/shelly--aioshelly-fw1.1.0.json': { generation: 2, api: 'rpc', model: 'SNSW-001P16EU', auth: false },
  'SNSW-001P16EU/shelly--matterbridge-fw1.7.5.json': { generation: 2, api: 'rpc', model: 'SNSW-001P16EU', auth: false },
  'SNSW-001P8EU/shelly--matterbridge-fw1.7.5.json': { generation: 2, api: 'rpc', model: 'SNSW-001P8EU', auth: false },
  'SNSW-102P16EU/shelly--auth-enabled--aioshelly.json': { generation: 2, api: 'rpc', model: 'SNSW-102P16EU', auth: true, profile: 'switch' },
  'SNSW-102P16EU/shelly--switch-profile--matterbridge-fw1.7.5.json': { generation: 2, api: 'rpc', model: 'SNSW-102P16EU', auth: false, profile: 'switch' },
  'SPEM-002CEBEU50/shelly--matterbridge-fw1.7.5.json': { generation: 2, api: 'rpc', model: 'SPEM-002CEBEU50', id: 'shellyproem50-a0dd6ca09158', auth: false },
  'SPEM-003CEBEU/shelly--aioshelly-fw1.1.0.json': { generation: 2, api: 'rpc', model: 'SPEM-003CEBEU', auth: false, profile: 'triphase' },
  'SPEM-003CEBEU/shelly--auth-enabled--ha-core-fw1.6.1.json': { generation: 2, api: 'rpc', model: 'SPEM-003CEBEU', auth: true, profile: 'triphase' },
  'SPEM-003CEBEU/shelly--monophase--evcc-test.json': { generation: 2, api: 'rpc', model: 'SPEM-003CEBEU', auth: false, profile: 'monophase' },
  'SPEM-003CEBEU/shelly--monophase--matterbridge-fw1.7.5.json': { generation: 2, api: 'rpc', model: 'SPEM-003CEBEU', auth: false, profile: 'monophase' },
  'SPEM-003CEBEU/shelly--triphase--matterbridge-fw1.7.5.json': { generation: 2, api: 'rpc', model: 'SPEM-003CEBEU', id: 'shellypro3em-a0dd6ca0c27c', auth: false, profile: 'triphase' },
  'SPSW-004PE16EU/shelly--aioshelly-fw1.0.3.json': { generation: 2, api: 'rpc', model: 'SPSW-004PE16EU', auth: false },
  'SPSW-104PE16EU/shelly--matterbridge-fw1.7.5.json': { generation: 2, api: 'rpc', model: 'SPSW-104PE16EU', auth: false },
  'SPSW-201PE16EU/shelly--matterbridge-fw1.7.5.json': { generation: 2, api: 'rpc', model: 'SPSW-201PE16EU', auth: false },
  'SPSW-202PE16EU/shelly--switch-profile--matterbridge-fw1.7.5.json': { generation: 2, api: 'rpc', model: 'SPSW-202PE16EU', auth: false, profile: 'switch' },
};

/**
 * Channels: "<id>" (magnitude only) or "<id>±" (signed), with "@A/B/C" for a device phase.
 * `probe` checks one value per file where the reference states a unit or sign rule.
 */
interface StatusRow {
  profile?: string;
  channels: string[];
  probe?: { channel: string; field: 'powerW' | 'currentA' | 'importWh' | 'exportWh'; value: number | undefined };
}
const STATUS: Record<string, StatusRow> = {
  // EM Gen3: em1:0/1 independent channels; switch:0 is the unmetered contactor output.
  'S3EM-002CXCEU/Shelly.GetStatus--matterbridge-fw1.7.5.json': { channels: ['em1:0±', 'em1:1±'] },
  'S3EM-003CXCEU63/Shelly.GetStatus--triphase--matterbridge-fw1.4.99-dev.json': {
    profile: 'triphase', channels: ['em:0:A@A±', 'em:0:B@B±', 'em:0:C@C±'],
    probe: { channel: 'em:0:A', field: 'importWh', value: 6966.05 },
  },
  'S3PL-00112EU/Shelly.GetStatus--matterbridge-fw1.7.5.json': { channels: ['switch:0±'] },
  // PM Mini Gen3 metering a PV feed: negative apower, import = aenergy − ret_aenergy.
  'S3PM-001PCEU16/Shelly.GetStatus--ahoy.json': { channels: ['pm1:0±'], probe: { channel: 'pm1:0', field: 'powerW', value: -67.1 } },
  'S3PM-001PCEU16/Shelly.GetStatus--matterbridge-fw1.7.5.json': { channels: ['pm1:0±'] },
  'S3SW-001P16EU/Shelly.GetStatus--matterbridge-fw1.7.5.json': { channels: ['switch:0±'] },
  'S3SW-002P16EU/Shelly.GetStatus--switch-profile--matterbridge-fw1.7.5.json': { channels: ['switch:0±', 'switch:1±'] },
  // EM Mini Gen4: em1:0 without aprt_power/pf.
  'S4EM-001PXCEU16/Shelly.GetStatus--matterbridge-fw2.0.0-beta1.json': { channels: ['em1:0±'], probe: { channel: 'em1:0', field: 'powerW', value: 2.6 } },
  'S4PL-00416EU/Shelly.GetStatus--matterbridge.json': { channels: ['switch:0±', 'switch:1±', 'switch:2±', 'switch:3±'] },
  'S4SW-001P16EU/Shelly.GetStatus--matterbridge-fw1.7.5.json': { channels: ['switch:0±'] },
  'S4SW-002P16EU/Shelly.GetStatus--switch-profile--matterbridge-fw1.7.5.json': { channels: ['switch:0±', 'switch:1±'] },
  // Gen1 EM: 2 independent channels, signed, no current field; channel 0 exporting.
  'SHEM/status--evcc-test.json': { channels: ['emeter:0±', 'emeter:1±'], probe: { channel: 'emeter:0', field: 'currentA', value: undefined } },
  // Gen1 3EM: emeters 0/1/2 = phases A/B/C.
  'SHEM-3/status--ahoy.json': { channels: ['emeter:0@A±', 'emeter:1@B±', 'emeter:2@C±'], probe: { channel: 'emeter:1', field: 'currentA', value: 0.66 } },
  'SHEM-3/status--matterbridge-fw1.14.0.json': { channels: ['emeter:0@A±', 'emeter:1@B±', 'emeter:2@C±'] },
  // Gen1 plugs / 1PM / 2.5: magnitude only, energy counters in watt-minutes.
  'SHPLG-S/status--aioshelly-fw1.14.0.json': { channels: ['meter:0'], probe: { channel: 'meter:0', field: 'importWh', value: 2632 / 60 } },
  'SHPLG-S/status--matterbridge-fw1.14.0.json': { channels: ['meter:0'] },
  'SHSW-1/status--evcc-test.json': { channels: ['meter:0'], probe: { channel: 'meter:0', field: 'importWh', value: undefined } },
  'SHSW-25/status--matterbridge-fw1.14.0.json': { channels: ['meter:0', 'meter:1'] },
  'SHSW-PM/status--evcc-test.json': { channels: ['meter:0'], probe: { channel: 'meter:0', field: 'powerW', value: 4711.12 } },
  // Plus Plug S and Plus 1PM: no ret_aenergy → magnitude only.
  'SNPL-00112EU/Shelly.GetStatus--aioshelly-fw1.1.0.json': { channels: ['switch:0'] },
  'SNPL-00112EU/Shelly.GetStatus--matterbridge-fw1.7.5.json': { channels: ['switch:0'] },
  'SNSW-001P16EU/Shelly.GetStatus--ahoy-fw1.1x.json': { channels: ['switch:0'] },
  'SNSW-001P16EU/Shelly.GetStatus--aioshelly-fw1.1.0.json': { channels: ['switch:0'] },
  'SNSW-001P16EU/Shelly.GetStatus--matterbridge-fw1.7.5.json': { channels: ['switch:0'] },
  'SNSW-001P8EU/Shelly.GetStatus--matterbridge-fw1.7.5.json': { channels: ['switch:0±'] },
  'SNSW-002P16EU-or-102/Shelly.GetStatus--plus2pm--ahoy.json': { channels: ['switch:0', 'switch:1'] },
  'SNSW-102P16EU/Shelly.GetStatus--switch-profile--matterbridge-fw1.7.5.json': { channels: ['switch:0±', 'switch:1±'] },
  // Pro EM-50: em1:0/1 independent; switch:0 unmetered.
  'SPEM-002CEBEU50/Shelly.GetStatus--matterbridge-fw1.7.5.json': { channels: ['em1:0±', 'em1:1±'] },
  'SPEM-003CEBEU/Shelly.GetStatus--ahoy.json': { channels: ['em:0:A@A±', 'em:0:B@B±', 'em:0:C@C±'], probe: { channel: 'em:0:B', field: 'exportWh', value: 171396.02 } },
  'SPEM-003CEBEU/Shelly.GetStatus--aioshelly-fw1.1.0.json': { channels: ['em:0:A@A±', 'em:0:B@B±', 'em:0:C@C±'] },
  // Pro 3EM monophase: em1:0..2 = phases A/B/C.
  'SPEM-003CEBEU/Shelly.GetStatus--monophase--matterbridge-fw1.7.5.json': {
    profile: 'monophase', channels: ['em1:0@A±', 'em1:1@B±', 'em1:2@C±'], probe: { channel: 'em1:2', field: 'powerW', value: 6.5 },
  },
  'SPEM-003CEBEU/Shelly.GetStatus--triphase--matterbridge-fw1.7.5.json': { profile: 'triphase', channels: ['em:0:A@A±', 'em:0:B@B±', 'em:0:C@C±'] },
  // Pro 4PM v1 on fw 1.0.3: no ret_aenergy → magnitude only; v2 on 1.7.5 signed.
  'SPSW-004PE16EU/Shelly.GetStatus--aioshelly-fw1.0.3.json': { channels: ['switch:0', 'switch:1', 'switch:2', 'switch:3'] },
  'SPSW-104PE16EU/Shelly.GetStatus--matterbridge-fw1.7.5.json': { channels: ['switch:0±', 'switch:1±', 'switch:2±', 'switch:3±'] },
  'SPSW-201PE16EU/Shelly.GetStatus--matterbridge-fw1.7.5.json': { channels: ['switch:0±'] },
  'SPSW-202PE16EU/Shelly.GetStatus--switch-profile--matterbridge-fw1.7.5.json': {
    channels: ['switch:0±', 'switch:1±'], probe: { channel: 'switch:0', field: 'powerW', value: -3.5 },
  },
};

/** A single-component status (X.GetStatus result) and the status key it stands for. */
const COMPONENT: Record<string, { key: string; channels: string[] }> = {
  'SPEM-003CEBEU/EM.GetStatus--ahoy.json': { key: 'em:0', channels: ['em:0:A@A±', 'em:0:B@B±', 'em:0:C@C±'] },
  'S3PM-001PCEU16/PM1.GetStatus--ahoy.json': { key: 'pm1:0', channels: ['pm1:0±'] },
  'S3PL-00112EU/Switch.GetStatus--evcc-test-issue32213.json': { key: 'switch:0', channels: ['switch:0'] },
};

/**
 * mDNS captures (§4.1): one device per capture, at the A record's address (port 80 → no ":80"),
 * generation from TXT gen (Gen1: none, TXT id/app instead), app from TXT, the device id from the
 * id-named instance (Gen1: TXT id), the user-set name from the other instance; Gen1 model codes
 * from the hostname prefix (§1.3).
 */
interface MdnsRow {
  host: string;
  generation: number;
  app: string;
  id: string;
  name?: string;
  model?: string;
}
const MDNS: Record<string, MdnsRow> = {
  'S3EM-002CXCEU/mdns--matterbridge.json': { host: '192.168.68.81', generation: 3, app: 'EMG3', id: 'shellyemg3-84fce636582c', name: 'EM Gen3' },
  'S3EM-003CXCEU63/mdns--matterbridge.json': { host: '10.101.8.93', generation: 3, app: 'S3EMG3', id: 'shelly3em63g3-84fce6367400' },
  'S3PM-001PCEU16/mdns--matterbridge.json': { host: '192.168.68.63', generation: 3, app: 'MiniPMG3', id: 'shellypmminig3-84fce63957f4', name: 'PMmini Gen3' },
  'S3SW-001P16EU/mdns--matterbridge.json': { host: '192.168.68.77', generation: 3, app: 'S1PMG3', id: 'shelly1pmg3-34b7dac68344', name: '1PM Gen3' },
  // Both services, each instance repeated many times in one packet.
  'S4EM-001PXCEU16/mdns--matterbridge.json': { host: '192.168.68.95', generation: 4, app: 'MiniEMG4', id: 'shellyemminig4-d885acef41a8', name: 'EM Mini Gen4' },
  'S4SW-001P16EU/mdns--matterbridge.json': { host: '192.168.70.3', generation: 4, app: 'S1PMG4', id: 'shelly1pmg4-a085e3bd0544', name: '1PM Gen4' },
  'SHEM-3/mdns--matterbridge.json': { host: '192.168.1.249', generation: 1, app: 'shellyem3', id: 'shellyem3-485519D732F4', model: 'SHEM-3' },
  'SHPLG-S/mdns--matterbridge.json': { host: '10.101.2.83', generation: 1, app: 'shelly-plug-s', id: 'shellyplug-s-4022D88349C4', model: 'SHPLG-S' },
  // Gen1 2.5: TXT app "switch25" does not start with "shelly"; the id does.
  'SHSW-25/mdns--matterbridge.json': { host: '192.168.1.222', generation: 1, app: 'switch25', id: 'shellyswitch25-3494546BBF7E', model: 'SHSW-25' },
  // _http._tcp only; the id-named instance has only gen=2, the named one has app/ver.
  'SNPL-00112EU/mdns--matterbridge.json': { host: '192.168.68.80', generation: 2, app: 'PlusPlugS', id: 'shellyplusplugs-e86beaeaa000', name: 'PlugS Plus' },
  'SNSW-001P16EU/mdns--matterbridge.json': { host: '192.168.68.78', generation: 2, app: 'Plus1PM', id: 'shellyplus1pm-441793d69718', name: '1PM Plus' },
  'SNSW-102P16EU/mdns--matterbridge.json': { host: '192.168.68.62', generation: 2, app: 'Plus2PM', id: 'shellyplus2pm-c4d8d5517c68', name: '2PM Plus Switch' },
  'SPEM-002CEBEU50/mdns--matterbridge.json': { host: '192.168.70.24', generation: 2, app: 'ProEM', id: 'shellyproem50-a0dd6ca09158', name: 'Breaker box PRO-EM50 I' },
  'SPEM-003CEBEU/mdns--matterbridge.json': { host: '192.168.68.64', generation: 2, app: 'Pro3EM', id: 'shellypro3em-a0dd6ca0c27c', name: '3EM Pro' },
};

/**
 * Notification frames (§3.7) applied to a full status of the same model: NotifyStatus deep-merges
 * (keys the frame lacks keep their value), NotifyEvent changes nothing. `probe` reads one channel
 * value after the merge; `kept` names a field the frame lacks that must survive.
 */
interface NotifyRow {
  base: string;
  kind: 'delta' | 'ignored';
  components?: string[];
  deviceTimeMs?: number;
  probe?: { channel: string; field: 'powerW' | 'voltageV' | 'exportWh' | 'importWh'; value: number };
  kept?: { component: string; field: string };
}
const NOTIFY: Record<string, NotifyRow> = {
  // Pro 3EM, only phase C wired, exporting 18 W.
  'SPEM-003CEBEU/NotifyStatus-em--eddie.json': {
    base: 'SPEM-003CEBEU/Shelly.GetStatus--triphase--matterbridge-fw1.7.5.json', kind: 'delta', components: ['em:0'],
    deviceTimeMs: 1757059829080, probe: { channel: 'em:0:C', field: 'powerW', value: -18 }, kept: { component: 'em:0', field: 'user_calibrated_phase' },
  },
  'SPEM-003CEBEU/NotifyStatus-emdata--eddie.json': {
    base: 'SPEM-003CEBEU/Shelly.GetStatus--triphase--matterbridge-fw1.7.5.json', kind: 'delta', components: ['emdata:0'],
    deviceTimeMs: 1757060280210, probe: { channel: 'em:0:C', field: 'exportWh', value: 131881.85 },
  },
  // EMData minute rows: an event, not a status change.
  'SPEM-003CEBEU/NotifyEvent-emdata-data--eddie.json': { base: 'SPEM-003CEBEU/Shelly.GetStatus--triphase--matterbridge-fw1.7.5.json', kind: 'ignored' },
  // 1PM Gen4 frame without id/output: those must survive the merge.
  'S4SW-001P16EU/NotifyStatus-switch--eddie.json': {
    base: 'S4SW-001P16EU/Shelly.GetStatus--matterbridge-fw1.7.5.json', kind: 'delta', components: ['switch:0'],
    deviceTimeMs: 1757591520010, probe: { channel: 'switch:0', field: 'voltageV', value: 228.5 }, kept: { component: 'switch:0', field: 'output' },
  },
};

/** Transport frames (§3.6, §3.9): the 401 challenge, a null result, the 404 "No handler" body. */
const PROTOCOL = [
  '_protocol/ws-response-error-401-digest-challenge.json',
  '_protocol/ws-response-success-null-result.json',
  '_protocol/http-rpc-error-404-no-handler--evcc-test.json',
];

/** Shelly.GetConfig (§3.3, §3.5): profile, and which components have `reverse` (none set in these captures). */
const CONFIG: Record<string, { profile?: string; status: string; reverse: string[] }> = {
  'S3EM-002CXCEU/Shelly.GetConfig--matterbridge-fw1.7.5.json': { status: 'S3EM-002CXCEU/Shelly.GetStatus--matterbridge-fw1.7.5.json', reverse: ['em1:0', 'em1:1'] },
  'S3EM-003CXCEU63/Shelly.GetConfig--triphase--matterbridge-fw1.4.99-dev.json': {
    profile: 'triphase', status: 'S3EM-003CXCEU63/Shelly.GetStatus--triphase--matterbridge-fw1.4.99-dev.json', reverse: ['em:0'],
  },
  'S3PM-001PCEU16/Shelly.GetConfig--matterbridge-fw1.7.5.json': { status: 'S3PM-001PCEU16/Shelly.GetStatus--matterbridge-fw1.7.5.json', reverse: ['pm1:0'] },
  'S3SW-001P16EU/Shelly.GetConfig--matterbridge-fw1.7.5.json': { status: 'S3SW-001P16EU/Shelly.GetStatus--matterbridge-fw1.7.5.json', reverse: ['switch:0'] },
  'S4EM-001PXCEU16/Shelly.GetConfig--matterbridge-fw2.0.0-beta1.json': { status: 'S4EM-001PXCEU16/Shelly.GetStatus--matterbridge-fw2.0.0-beta1.json', reverse: ['em1:0'] },
  'S4SW-001P16EU/Shelly.GetConfig--matterbridge-fw1.7.5.json': { status: 'S4SW-001P16EU/Shelly.GetStatus--matterbridge-fw1.7.5.json', reverse: ['switch:0'] },
  // The contactor output switch:0 has no reverse (not metered).
  'SPEM-002CEBEU50/Shelly.GetConfig--matterbridge-fw1.7.5.json': { status: 'SPEM-002CEBEU50/Shelly.GetStatus--matterbridge-fw1.7.5.json', reverse: ['em1:0', 'em1:1'] },
  'SPEM-003CEBEU/Shelly.GetConfig--aioshelly-fw1.1.0.json': { profile: 'triphase', status: 'SPEM-003CEBEU/Shelly.GetStatus--aioshelly-fw1.1.0.json', reverse: ['em:0'] },
  'SPEM-003CEBEU/Shelly.GetConfig--monophase--matterbridge-fw1.7.5.json': {
    profile: 'monophase', status: 'SPEM-003CEBEU/Shelly.GetStatus--monophase--matterbridge-fw1.7.5.json', reverse: ['em1:0', 'em1:1', 'em1:2'],
  },
  'SPEM-003CEBEU/Shelly.GetConfig--triphase--matterbridge-fw1.7.5.json': {
    profile: 'triphase', status: 'SPEM-003CEBEU/Shelly.GetStatus--triphase--matterbridge-fw1.7.5.json', reverse: ['em:0'],
  },
};

/** Gen1 /settings (§2.1, §2.5, §2.6): identity, restricted login, CoIoT peer and period. */
const SETTINGS: Record<string, { model: string; hostname: string; shelly: string; loginEnabled: boolean; coiotPeriodS: number; emeters?: number }> = {
  'SHEM-3/settings--matterbridge-fw1.14.0.json': {
    model: 'SHEM-3', hostname: 'shellyem3-485519D732F4', shelly: 'SHEM-3/shelly--matterbridge-fw1.14.0.json', loginEnabled: false, coiotPeriodS: 15, emeters: 3,
  },
  'SHPLG-S/settings--aioshelly-fw1.14.0.json': {
    model: 'SHPLG-S', hostname: 'shellyplug-s-DDEEFF', shelly: 'SHPLG-S/shelly--aioshelly-fw1.14.0.json', loginEnabled: false, coiotPeriodS: 15,
  },
};

/** Gen1 CoIoT (§2.6): cit/s read through cit/d into emeters[]; EM: 2 channels, 3EM: phases A/B/C. */
const COIOT: Record<string, { description: string; channels: string[]; probe: { channel: string; field: 'powerW' | 'currentA' | 'pf' | 'importWh'; value: number } }> = {
  // Power +1013.84 W with powerFactor −0.92: pf is no direction flag.
  'SHEM/coiot-cit-s--matterbridge.json': {
    description: 'SHEM/coiot-cit-d--matterbridge.json', channels: ['emeter:0±', 'emeter:1±'], probe: { channel: 'emeter:0', field: 'powerW', value: 1013.84 },
  },
  'SHEM-3/coiot-cit-s--matterbridge.json': {
    description: 'SHEM-3/coiot-cit-d--matterbridge.json', channels: ['emeter:0@A±', 'emeter:1@B±', 'emeter:2@C±'], probe: { channel: 'emeter:0', field: 'currentA', value: 0.07 },
  },
};
const COIOT_DESCRIPTIONS: Record<string, { emeterBlocks: number }> = {
  'SHEM/coiot-cit-d--matterbridge.json': { emeterBlocks: 2 },
  'SHEM-3/coiot-cit-d--matterbridge.json': { emeterBlocks: 3 },
};

const COVERED = new Set<string>([
  ...Object.keys(IDENTITY), ...Object.keys(STATUS), ...Object.keys(COMPONENT), ...Object.keys(MDNS), ...Object.keys(NOTIFY),
  ...PROTOCOL, ...Object.keys(CONFIG), ...Object.keys(SETTINGS), ...Object.keys(COIOT), ...Object.keys(COIOT_DESCRIPTIONS),
]);

function describeChannels(status: unknown, hints: { model?: string; profile?: string }): string[] {
  return detectChannels(status, hints).map((c) => `${c.id}${c.phase ? `@${c.phase}` : ''}${c.signed ? '±' : ''}`);
}

describeWithShared('Shelly fixtures: identification and channel mapping', ['fixtures', 'shelly'], (dir) => {
  const files = listJsonFiles(dir).map((f) => f.split(path.sep).join('/'));
  const identities = new Map<string, { model: string }>();
  for (const [file, row] of Object.entries(IDENTITY)) identities.set(file.split('/')[0], row);

  it('has a row for every fixture file', () => {
    const uncovered = files.filter((f) => !COVERED.has(f));
    expect(uncovered).to.deep.equal([]);
  });

  for (const [file, row] of Object.entries(IDENTITY)) {
    it(`identifies ${file}`, () => {
      const identity = identifyShelly(readJson(path.join(dir, file)));
      expect(identity.generation).to.equal(row.generation);
      expect(identity.api).to.equal(row.api);
      expect(identity.model).to.equal(row.model);
      expect(identity.authRequired).to.equal(row.auth);
      expect(identity.profile).to.equal(row.profile);
      expect(identity.mac).to.match(/^[0-9A-F]{12}$/);
      if (row.id) expect(identity.id).to.equal(row.id);
      expect(identity.modelName).to.match(/^Shelly /);
      if (row.auth && row.api === 'rpc') expect(identity.authRealm).to.equal(identity.id);
    });
  }

  for (const [file, row] of Object.entries(STATUS)) {
    it(`maps the channels of ${file}`, () => {
      const status = readJson(path.join(dir, file));
      const model = identities.get(file.split('/')[0])?.model;
      expect(describeChannels(status, { model, profile: row.profile })).to.deep.equal(row.channels);
      // Without any identity (a raw payload from MQTT, say) the components alone give the same map.
      expect(describeChannels(status, {})).to.deep.equal(row.channels);
      for (const channel of detectChannels(status, { model, profile: row.profile })) {
        const values = readChannel(status, channel);
        expect(values.valid).to.equal(true);
        for (const v of Object.values(values)) if (typeof v === 'number') expect(Number.isFinite(v)).to.equal(true);
        if (!channel.signed && values.powerW !== undefined) expect(values.powerW).to.be.at.least(0);
      }
      if (row.probe) {
        const channel = detectChannels(status, { model }).find((c) => c.id === row.probe!.channel)!;
        const value = readChannel(status, channel)[row.probe.field];
        if (row.probe.value === undefined) expect(value).to.equal(undefined);
        else expect(value).to.be.closeTo(row.probe.value, 1e-6);
      }
    });
  }

  for (const [file, row] of Object.entries(COMPONENT)) {
    it(`maps the single component ${file}`, () => {
      const status = { [row.key]: readJson(path.join(dir, file)) };
      expect(describeChannels(status, {})).to.deep.equal(row.channels);
    });
  }

  const load = (file: string): unknown => readJson(path.join(dir, file));

  for (const [file, row] of Object.entries(MDNS)) {
    it(`finds one Shelly in the mDNS capture ${file}`, () => {
      const candidates = parseMdnsPackets([load(file) as MdnsPacket]);
      expect(candidates).to.have.length(1);
      const [found] = candidates;
      expect({ host: found.host, generation: found.generation, app: found.app, id: found.id, name: found.name, model: found.model }).to.deep.equal({
        host: row.host, generation: row.generation, app: row.app, id: row.id, name: row.name, model: row.model,
      });
      // The generation announced is the one GET /shelly reports for the same model.
      const identityRow = identities.get(file.split('/')[0]) as IdentityRow | undefined;
      if (identityRow) expect(found.generation).to.equal(identityRow.generation);
    });
  }

  for (const [file, row] of Object.entries(NOTIFY)) {
    it(`applies the notification ${file}`, () => {
      const base = load(row.base) as Record<string, unknown>;
      const outcome = applyNotification(base, load(file));
      expect(outcome.kind).to.equal(row.kind);
      if (outcome.kind !== 'delta') return;
      expect(outcome.components).to.deep.equal(row.components);
      expect(outcome.deviceTimeMs).to.equal(row.deviceTimeMs);
      const channels = detectChannels(outcome.status, {});
      expect(channels.map((c) => c.id)).to.deep.equal(detectChannels(base, {}).map((c) => c.id));
      if (row.probe) {
        const channel = channels.find((c) => c.id === row.probe!.channel)!;
        expect(readChannel(outcome.status, channel)[row.probe.field]).to.be.closeTo(row.probe.value, 1e-9);
      }
      if (row.kept) {
        const before = (base[row.kept.component] as Record<string, unknown>)[row.kept.field];
        expect(before).to.not.equal(undefined);
        expect((outcome.status[row.kept.component] as Record<string, unknown>)[row.kept.field]).to.deep.equal(before);
      }
    });
  }

  it('parses the WebSocket 401 digest challenge and answers it', () => {
    const frame = parseIncomingFrame(load('_protocol/ws-response-error-401-digest-challenge.json'));
    expect(frame.kind).to.equal('response');
    if (frame.kind !== 'response') return;
    expect(frame.id).to.equal(18);
    expect(frame.error?.code).to.equal(401);
    expect(frame.error?.challenge).to.deep.equal({ realm: 'shellyplus2pm-485519992590', nonce: '1725185413', qop: 'auth', algorithm: 'SHA-256', nc: 1 });
    const auth = frameAuth(frame.error!.challenge!, 'secret', 1, 'cafe');
    expect(auth).to.include({ realm: 'shellyplus2pm-485519992590', username: 'admin', nonce: 1725185413, nc: 1, algorithm: 'SHA-256', cnonce: 'cafe' });
    expect(auth.response).to.match(/^[0-9a-f]{64}$/);
  });

  it('parses a response with a null result as a success', () => {
    expect(parseIncomingFrame(load('_protocol/ws-response-success-null-result.json'))).to.deep.equal({ kind: 'response', id: 19, result: null });
  });

  it('recognises the HTTP 404 "No handler" body', () => {
    const error = parseRpcError(load('_protocol/http-rpc-error-404-no-handler--evcc-test.json'));
    expect(error).to.deep.equal({ code: 404, message: 'No handler for ProOutputAddon.GetPeripherals' });
    expect(isNoHandlerError(error)).to.equal(true);
  });

  for (const [file, row] of Object.entries(CONFIG)) {
    it(`reads profile and reverse flags of ${file}`, () => {
      const config = readRpcConfig(load(file));
      expect(config.profile).to.equal(row.profile);
      expect(Object.keys(config.reverse).sort()).to.deep.equal(row.reverse);
      const channels = detectChannels(load(row.status), { profile: row.profile });
      for (const channel of channels) {
        expect(isChannelReversed(config, channel), channel.id).to.equal(false);
        // A reverse setting exists exactly where the status shows signed power (§3.5).
        expect(configShowsSignedPower(config, channel), channel.id).to.equal(channel.signed);
      }
    });
  }

  for (const [file, row] of Object.entries(SETTINGS)) {
    it(`reads the Gen1 settings ${file}`, () => {
      const settings = readGen1Settings(load(file));
      expect(settings.model).to.equal(row.model);
      expect(settings.hostname).to.equal(row.hostname);
      expect(settings.loginEnabled).to.equal(row.loginEnabled);
      expect(settings.coiot?.updatePeriodS).to.equal(row.coiotPeriodS);
      expect(settings.coiot?.peer).to.match(/^\d+\.\d+\.\d+\.\d+:5683$/);
      expect(settings.emeterCount).to.equal(row.emeters);
      // The hostname is the id identifyShelly derives from GET /shelly of the same device.
      expect(identifyShelly(load(row.shelly)).id).to.equal(row.hostname);
    });
  }

  for (const [file, row] of Object.entries(COIOT_DESCRIPTIONS)) {
    it(`parses the CoIoT description ${file}`, () => {
      const description = parseCoiotDescription(load(file))!;
      expect([...description.blocks.values()].filter((b) => b.startsWith('emeter_'))).to.have.length(row.emeterBlocks);
      expect(parseCoiotStatus(load(file))).to.equal(undefined); // a description is not a status
    });
  }

  for (const [file, row] of Object.entries(COIOT)) {
    it(`reads the CoIoT status ${file} as emeters`, () => {
      const description = parseCoiotDescription(load(row.description))!;
      const values = parseCoiotStatus(load(file))!;
      expect(parseCoiotDescription(load(file))).to.equal(undefined);
      const status = coiotToGen1Status(description, values);
      expect(describeChannels(status, {})).to.deep.equal(row.channels);
      const channel = detectChannels(status, {}).find((c) => c.id === row.probe.channel)!;
      expect(readChannel(status, channel)[row.probe.field as 'powerW']).to.be.closeTo(row.probe.value, 1e-9);
    });
  }
});
