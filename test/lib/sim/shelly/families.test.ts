import { expect } from 'chai';
import { identifyShelly } from '../../../../lib/shelly/identify';
import { detectChannels, readChannel } from '../../../../lib/shelly/channels';
import { SIMULATED_SHELLY_MODELS, ShellySimulator, type MeterProfile, type SimulatedShellyModel } from '../../../../lib/sim/shelly';
import { describeChannels, getJson } from './sim-client';

/**
 * Every family, over its real transport: /shelly is identified and the status is mapped exactly
 * as the conformance table (test/lib/shelly/conformance.test.ts) expects for the real device of
 * that family, and the powers set on the simulator are read back with the family's sign rules.
 */
interface FamilyRow {
  model: SimulatedShellyModel;
  profile?: MeterProfile;
  generation: number;
  api: 'gen1' | 'rpc';
  id: RegExp;
  /** Conformance notation: "<id>[@phase][±]". */
  channels: string[];
  /** Status fields the real device does not have: [component, field]. */
  absent?: Array<[string, string]>;
  /** Gen1 plug `meters[]`: power and energy only, no voltage or current. */
  powerOnly?: boolean;
}

const ROWS: FamilyRow[] = [
  { model: 'SHEM', generation: 1, api: 'gen1', id: /^shellyem-[0-9A-F]{12}$/, channels: ['emeter:0±', 'emeter:1±'] },
  { model: 'SHEM-3', generation: 1, api: 'gen1', id: /^shellyem3-[0-9A-F]{12}$/, channels: ['emeter:0@A±', 'emeter:1@B±', 'emeter:2@C±'] },
  { model: 'SHPLG-S', generation: 1, api: 'gen1', id: /^shellyplug-s-[0-9A-F]{12}$/, channels: ['meter:0'], powerOnly: true },
  { model: 'SPEM-003CEBEU', profile: 'triphase', generation: 2, api: 'rpc', id: /^shellypro3em-[0-9a-f]{12}$/, channels: ['em:0:A@A±', 'em:0:B@B±', 'em:0:C@C±'] },
  { model: 'SPEM-003CEBEU', profile: 'monophase', generation: 2, api: 'rpc', id: /^shellypro3em-[0-9a-f]{12}$/, channels: ['em1:0@A±', 'em1:1@B±', 'em1:2@C±'] },
  { model: 'SPEM-002CEBEU50', generation: 2, api: 'rpc', id: /^shellyproem50-[0-9a-f]{12}$/, channels: ['em1:0±', 'em1:1±'], absent: [['switch:0', 'apower']] },
  { model: 'S3EM-002CXCEU', generation: 3, api: 'rpc', id: /^shellyemg3-[0-9a-f]{12}$/, channels: ['em1:0±', 'em1:1±'], absent: [['switch:0', 'apower']] },
  { model: 'S3EM-003CXCEU63', profile: 'triphase', generation: 3, api: 'rpc', id: /^shelly3em63g3-[0-9a-f]{12}$/, channels: ['em:0:A@A±', 'em:0:B@B±', 'em:0:C@C±'] },
  { model: 'S3EM-003CXCEU63', profile: 'monophase', generation: 3, api: 'rpc', id: /^shelly3em63g3-[0-9a-f]{12}$/, channels: ['em1:0@A±', 'em1:1@B±', 'em1:2@C±'] },
  { model: 'S4EM-001PXCEU16', generation: 4, api: 'rpc', id: /^shellyemminig4-[0-9a-f]{12}$/, channels: ['em1:0±'], absent: [['em1:0', 'aprt_power'], ['em1:0', 'pf']] },
  { model: 'SNSW-001P16EU', generation: 2, api: 'rpc', id: /^shellyplus1pm-[0-9a-f]{12}$/, channels: ['switch:0'],
    absent: [['switch:0', 'pf'], ['switch:0', 'freq'], ['switch:0', 'ret_aenergy']] },
  { model: 'S3PM-001PCEU16', generation: 3, api: 'rpc', id: /^shellypmminig3-[0-9a-f]{12}$/, channels: ['pm1:0±'] },
];

/** Signed powers with an export on the second point; one entry per measuring point. */
const SETTINGS = [
  { powerW: 1500.5, voltageV: 231.2, pf: 0.95 },
  { powerW: -620.3, voltageV: 229.8, pf: -0.66 },
  { powerW: 42, voltageV: 233.1 },
];

describe('Shelly simulators: every family maps like the real device', () => {
  it('has a row for every simulated model', () => {
    expect(new Set(ROWS.map((r) => r.model))).to.deep.equal(new Set(SIMULATED_SHELLY_MODELS));
  });

  for (const row of ROWS) {
    describe(`${row.model}${row.profile ? ` (${row.profile})` : ''}`, () => {
      let sim: ShellySimulator;
      before(async () => {
        sim = await ShellySimulator.start({ model: row.model, profile: row.profile });
      });
      after(() => sim.stop());

      it('is identified from GET /shelly', async () => {
        const identity = identifyShelly(await getJson(sim.host, '/shelly'));
        expect(identity.generation).to.equal(row.generation);
        expect(identity.api).to.equal(row.api);
        expect(identity.model).to.equal(row.model);
        expect(identity.id).to.match(row.id);
        expect(identity.id).to.equal(sim.id);
        expect(identity.mac).to.equal(sim.mac);
        expect(identity.profile).to.equal(row.profile);
        expect(identity.authRequired).to.equal(false);
        expect(identity.modelName).to.match(/^Shelly /);
        expect(sim.generation).to.equal(row.generation);
      });

      it('maps its status to the channels of the real device, and reads the set values back', async () => {
        const points = row.channels.length;
        sim.setPhases(SETTINGS.slice(0, points));
        const status = await getJson(sim.host, row.api === 'gen1' ? '/status' : '/rpc/Shelly.GetStatus');
        expect(describeChannels(status, { model: row.model, profile: row.profile })).to.deep.equal(row.channels);
        expect(describeChannels(status, {})).to.deep.equal(row.channels);
        for (const [component, field] of row.absent ?? []) expect(status[component]).to.not.have.property(field);

        detectChannels(status, { model: row.model, profile: row.profile }).forEach((channel, i) => {
          const set = SETTINGS[i];
          const values = readChannel(status, channel);
          expect(values.valid).to.equal(true);
          expect(values.powerW, channel.id).to.be.closeTo(channel.signed ? set.powerW : Math.abs(set.powerW), 0.051);
          if (row.powerOnly) {
            expect(values.voltageV).to.equal(undefined);
            expect(values.currentA).to.equal(undefined);
            return;
          }
          expect(values.voltageV, channel.id).to.be.closeTo(set.voltageV, 0.051);
          if (row.model === 'SHEM') {
            expect(values.currentA).to.equal(undefined); // the Gen1 EM has no current field
          } else {
            const expectedA = Math.abs(set.powerW) / (set.voltageV * Math.abs(set.pf ?? 1));
            expect(values.currentA, channel.id).to.be.closeTo(expectedA, 0.006);
          }
        });
      });
    });
  }

  it('reports a negative power on the Plus 1PM as its magnitude, and keeps it signed on the PM Mini Gen3', async () => {
    const plus = await ShellySimulator.start({ model: 'SNSW-001P16EU' });
    const mini = await ShellySimulator.start({ model: 'S3PM-001PCEU16' });
    try {
      plus.setChannel(0, { powerW: -800 });
      mini.setChannel(0, { powerW: -67.1 });
      expect((plus.status()['switch:0'] as { apower: number }).apower).to.equal(800);
      expect((mini.status()['pm1:0'] as { apower: number }).apower).to.equal(-67.1);
    } finally {
      await plus.stop();
      await mini.stop();
    }
  });

  it('keeps the chosen identity: mac, name, firmware', async () => {
    const sim = await ShellySimulator.start({ model: 'SPEM-002CEBEU50', mac: 'a0:dd:6c:a0:91:58', name: 'Breaker box', firmware: '1.6.1' });
    try {
      const info = await getJson(sim.host, '/shelly');
      expect(info).to.include({ id: 'shellyproem50-a0dd6ca09158', mac: 'A0DD6CA09158', name: 'Breaker box', ver: '1.6.1', app: 'ProEM', gen: 2 });
      expect(info.fw_id).to.match(/^\d{8}-\d{6}\/1\.6\.1-g/);
    } finally {
      await sim.stop();
    }
  });

  it('rejects settings it cannot represent', async () => {
    const sim = await ShellySimulator.start({ model: 'SPEM-002CEBEU50' });
    try {
      expect(() => sim.setChannel(2, { powerW: 1 })).to.throw(RangeError);
      expect(() => sim.setPhases([{ powerW: 1 }, { powerW: 2 }, { powerW: 3 }])).to.throw(RangeError);
      expect(() => sim.setChannel(0, { powerW: Number.NaN })).to.throw(RangeError);
      expect(() => sim.setChannel(0, { powerW: 1, pf: 1.5 })).to.throw(RangeError);
    } finally {
      await sim.stop();
    }
    let failure: unknown;
    await ShellySimulator.start({ model: 'SHEM', profile: 'monophase' }).catch((err: unknown) => (failure = err));
    expect(failure).to.be.instanceOf(RangeError);
  });
});
