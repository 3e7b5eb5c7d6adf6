import { expect } from 'chai';
import * as path from 'node:path';
import { identifyShelly } from '../../../lib/shelly/identify';
import { detectChannels, readChannel } from '../../../lib/shelly/channels';
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

/** Files another conformance test covers (discovery, notifications, transport frames, config, CoIoT). */
export const COVERED_ELSEWHERE = /(\/mdns--|\/NotifyStatus-|\/NotifyEvent-|^_protocol\/|\/Shelly\.GetConfig--|\/settings--|\/coiot-cit-)/;

function describeChannels(status: unknown, hints: { model?: string; profile?: string }): string[] {
  return detectChannels(status, hints).map((c) => `${c.id}${c.phase ? `@${c.phase}` : ''}${c.signed ? '±' : ''}`);
}

describeWithShared('Shelly fixtures: identification and channel mapping', ['fixtures', 'shelly'], (dir) => {
  const files = listJsonFiles(dir).map((f) => f.split(path.sep).join('/'));
  const identities = new Map<string, { model: string }>();
  for (const [file, row] of Object.entries(IDENTITY)) identities.set(file.split('/')[0], row);

  it('has a row for every fixture file', () => {
    const uncovered = files.filter(
      (f) => !(f in IDENTITY) && !(f in STATUS) && !(f in COMPONENT) && !COVERED_ELSEWHERE.test(f) && f !== 'SOURCES.md',
    );
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
});
