import { expect } from 'chai';
import { helper, waitForMessage, type FlowNode, type TestNode } from '../support/node-red-helper';
import type { GridPhase } from '../../lib/grid-phase';
import { ShellySimulator, type PointSetting, type ShellySimulatorOptions } from '../../lib/sim/shelly';
import { expectCanonical } from '../lib/reading/reading-invariants';
import deviceRegister = require('../../nodes/shelly-device/shelly-device');
import meterRegister = require('../../nodes/shelly-meter/shelly-meter');
import normalizerRegister = require('../../nodes/normalizer/normalizer');

/**
 * The chain the package is built around, on every simulated Shelly family: device config node +
 * shelly meter node → normalizer → canonical readings. The simulator is set to known powers;
 * the reading must show them on the right grid phases with their signs (magnitude-only devices
 * positive), and the EV sub-meter channel of a two-channel meter on output 2.
 */
type Msg = Record<string, any>;

interface Case {
  options: ShellySimulatorOptions;
  set: PointSetting[];
  grid: Array<[GridPhase, number]>;
  /** Channel id of the EV sub-meter, and the power it must show. */
  ev?: [string, number];
  check?: (reading: Msg) => void;
}

const CASES: Record<string, Case> = {
  'Gen1 3EM': { options: { model: 'SHEM-3' }, set: [{ powerW: 2300 }, { powerW: -800 }, { powerW: 150 }], grid: [['L1', 2300], ['L2', -800], ['L3', 150]] },
  'Gen1 EM (EV on channel 1)': {
    options: { model: 'SHEM' }, set: [{ powerW: -1500, pf: 0.95 }, { powerW: 7000, pf: 1 }], grid: [['L1', -1500]], ev: ['emeter:1', 7000],
    check: (r) => expect(r.phases[0].derived).to.deep.equal(['current']),
  },
  'Gen1 Plug S (magnitude only)': { options: { model: 'SHPLG-S' }, set: [{ powerW: 120 }], grid: [['L1', 120]] },
  'Pro 3EM triphase': { options: { model: 'SPEM-003CEBEU' }, set: [{ powerW: 2300 }, { powerW: -800 }, { powerW: 150 }], grid: [['L1', 2300], ['L2', -800], ['L3', 150]] },
  'Pro 3EM monophase': { options: { model: 'SPEM-003CEBEU', profile: 'monophase' }, set: [{ powerW: 10 }, { powerW: -20 }, { powerW: 30 }], grid: [['L1', 10], ['L2', -20], ['L3', 30]] },
  '3EM-63 Gen3': { options: { model: 'S3EM-003CXCEU63' }, set: [{ powerW: 1 }, { powerW: 2 }, { powerW: -3 }], grid: [['L1', 1], ['L2', 2], ['L3', -3]] },
  'Pro EM-50 (EV on channel 1)': { options: { model: 'SPEM-002CEBEU50' }, set: [{ powerW: -2500 }, { powerW: 7200 }], grid: [['L1', -2500]], ev: ['em1:1', 7200] },
  'EM Gen3': { options: { model: 'S3EM-002CXCEU' }, set: [{ powerW: 640 }, { powerW: 3 }], grid: [['L1', 640]] },
  'EM Mini Gen4': { options: { model: 'S4EM-001PXCEU16' }, set: [{ powerW: -300 }], grid: [['L1', -300]], check: (r) => expect(r.phases[0]).to.not.have.property('pf') },
  'Plus 1PM (magnitude only)': { options: { model: 'SNSW-001P16EU' }, set: [{ powerW: 400 }], grid: [['L1', 400]] },
  'PM Mini Gen3 (signed)': { options: { model: 'S3PM-001PCEU16' }, set: [{ powerW: -55 }], grid: [['L1', -55]] },
};

function flow(host: string, evChannel: string | undefined): FlowNode[] {
  return [
    { id: 'tab', type: 'tab', label: 'chain' },
    { id: 'dev', type: 'lektrico-shelly-device', host, pollInterval: 0.1, timeout: 0.6, transport: 'auto' },
    { id: 'meter', type: 'lektrico-shelly-meter', z: 'tab', device: 'dev', wires: [['norm']] },
    { id: 'norm', type: 'lektrico-normalizer', z: 'tab', evChannel: evChannel ?? '', outputs: evChannel ? 2 : 1, wires: evChannel ? [['grid'], ['ev']] : [['grid']] },
    { id: 'grid', type: 'helper', z: 'tab' },
    { id: 'ev', type: 'helper', z: 'tab' },
  ];
}

describe('shelly meter → normalizer on the simulated families', function () {
  this.timeout(20000);
  let sim: ShellySimulator | undefined;

  afterEach(async () => {
    await helper.unload();
    await sim?.stop();
    sim = undefined;
  });

  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: the set powers on their grid phases, with their signs`, async () => {
      sim = await ShellySimulator.start(c.options);
      sim.setPhases(c.set);
      await helper.load([deviceRegister, meterRegister, normalizerRegister], flow(sim.host, c.ev?.[0]));
      const grid: TestNode = helper.getNode('grid');
      const ev: TestNode = helper.getNode('ev');
      const expected = (m: Msg): boolean => JSON.stringify(m.payload.phases.map((p: Msg) => [p.phase, p.power])) === JSON.stringify(c.grid);
      const evMsg = c.ev ? waitForMessage(ev, (m) => m.payload.phases[0].power === c.ev![1]) : undefined;
      const reading = (await waitForMessage(grid, expected)).payload;
      expectCanonical(reading);
      expect(reading.device.id).to.match(/^shelly/);
      expect(reading.device.model).to.equal(c.options.model);
      expect(reading.power).to.be.closeTo(c.grid.reduce((sum, [, w]) => sum + w, 0), 1e-9);
      c.check?.(reading);
      if (evMsg) {
        const evReading = (await evMsg).payload;
        expectCanonical(evReading);
        expect(evReading.phases.map((p: Msg) => p.phase)).to.deep.equal(['L1']);
      }
    });
  }
});
