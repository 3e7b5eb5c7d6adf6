import { expect } from 'chai';
import { helper, nextMessage, waitForMessage, type FlowNode } from '../support/node-red-helper';
import { ShellySimulator } from '../../lib/sim/shelly';
import { MdnsResponder } from '../../lib/sim/shelly/mdns-responder';
import { SHELLY_SERVICE } from '../../lib/sim/shelly/mdns-records';
import deviceRegister = require('../../nodes/shelly-device/shelly-device');
import meterRegister = require('../../nodes/shelly-meter/shelly-meter');
import type { ShellyDeviceNode } from '../../nodes/shelly-device/shelly-device';
import type { RuntimeNode } from '../../nodes/common/node-red';

/**
 * The device config node: credentials kept out of the flow, one connection shared by its meter
 * nodes and closed with the last of them, and the editor's mDNS search endpoint.
 */
type Msg = Record<string, any>;

/** A private mDNS port per test process, so parallel suites and a real responder on 5353 never meet. */
const MDNS_PORT = 42000 + (process.pid % 2000);

/** A device and `count` meter nodes on it, meter m<i> wired to helper o<i>. */
function meters(host: string, count = 2): FlowNode[] {
  const flow: FlowNode[] = [
    { id: 'tab', type: 'tab', label: 'shelly' },
    { id: 'dev', type: 'lektrico-shelly-device', host, transport: 'websocket', pollInterval: 60, timeout: 1 },
  ];
  for (let i = 1; i <= count; i++) {
    flow.push({ id: `m${i}`, type: 'lektrico-shelly-meter', z: 'tab', device: 'dev', wires: [[`o${i}`]] }, { id: `o${i}`, type: 'helper', z: 'tab' });
  }
  return flow;
}

describe('lektrico-shelly-device config node', function () {
  this.timeout(20000);
  const sims: ShellySimulator[] = [];

  before(() => helper.startServer());
  after(() => helper.stopServer());

  afterEach(async () => {
    await helper.unload();
    await Promise.all(sims.splice(0).map((s) => s.stop()));
    helper.settings({});
  });

  it('declares username as text and password as a password credential, and keeps them out of the flow', async () => {
    const sim = await ShellySimulator.start({ model: 'SPEM-003CEBEU', password: 'Secret' });
    sims.push(sim);
    await helper.load([deviceRegister, meterRegister], meters(sim.host), { dev: { password: 'Secret' } });
    const definition = (helper as unknown as { _redNodes: { getCredentialDefinition(type: string): unknown } })._redNodes.getCredentialDefinition('lektrico-shelly-device');
    expect(definition).to.deep.equal({ username: { type: 'text' }, password: { type: 'password' } });
    await nextMessage(helper.getNode('o1'));
    const flows = (helper as unknown as { _redNodes: { getFlows(): { flows: Msg[] } } })._redNodes.getFlows().flows;
    expect(JSON.stringify(flows)).to.not.contain('Secret');
  });

  it('shares one connection between its meter nodes: one WebSocket, every reading to both', async () => {
    const sim = await ShellySimulator.start({ model: 'S3EM-002CXCEU' });
    sims.push(sim);
    await helper.load([deviceRegister, meterRegister], meters(sim.host));
    const [a, b] = await Promise.all([nextMessage(helper.getNode('o1')), nextMessage(helper.getNode('o2'))]);
    expect(a.shelly.receivedAt).to.equal(b.shelly.receivedAt);
    sim.setChannel(1, { powerW: 640 });
    const pushed = (m: Msg): boolean => m.payload['em1:1']?.act_power === 640;
    await Promise.all([waitForMessage(helper.getNode('o1'), pushed), waitForMessage(helper.getNode('o2'), pushed)]);
    expect(sim.stats.wsConnections).to.equal(1);
    expect(sim.stats.requests['GET /shelly']).to.equal(1);
  });

  it('serves a dozen meter nodes on one device without a MaxListeners warning, and drops the listeners of removed ones', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => {
      warnings.push(warning);
    };
    process.on('warning', onWarning);
    try {
      // A Pro 3EM pushes over its WebSocket: every meter node must get the pushed reading.
      const sim = await ShellySimulator.start({ model: 'SPEM-003CEBEU' });
      sims.push(sim);
      const flow = meters(sim.host, 12);
      await helper.load([deviceRegister, meterRegister], flow);
      const outputs = flow.filter((n) => n.type === 'helper').map((n) => helper.getNode(n.id));
      await Promise.all(outputs.map((o) => nextMessage(o)));
      sim.setChannel(2, { powerW: 777 });
      const phaseC = (m: Msg): boolean => m.payload['em:0']?.c_act_power === 777;
      await Promise.all(outputs.map((o) => waitForMessage(o, phaseC)));
      await new Promise((resolve) => setImmediate(resolve)); // process 'warning' is emitted on a later tick
      expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning').map(String)).to.deep.equal([]);

      // An extra user only to see the shared connection; it keeps the connection open meanwhile.
      const device = helper.getNode('dev') as unknown as ShellyDeviceNode;
      const observer = { id: 'observer' } as RuntimeNode;
      const connection = device.register(observer)!;
      expect([connection.listenerCount('reading'), connection.listenerCount('state')]).to.deep.equal([12, 12]);
      const removed = new Set(['m1', 'm2', 'm3', 'm4', 'm5', 'o1', 'o2', 'o3', 'o4', 'o5']);
      await helper.setFlows(flow.filter((n) => !removed.has(n.id)), 'nodes');
      expect([connection.listenerCount('reading'), connection.listenerCount('state')]).to.deep.equal([7, 7]);
      device.deregister(observer);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('keeps the connection when a redeploy removes one of its meters', async () => {
    const sim = await ShellySimulator.start({ model: 'S3EM-002CXCEU' });
    sims.push(sim);
    const flow = meters(sim.host);
    await helper.load([deviceRegister, meterRegister], flow);
    await nextMessage(helper.getNode('o2'));
    // Redeploy without m1: the device node stays, m2 keeps its connection.
    await helper.setFlows(flow.filter((n) => n.id !== 'm1' && n.id !== 'o1'), 'nodes');
    sim.setChannel(0, { powerW: 99 });
    await waitForMessage(helper.getNode('o2'), (m) => m.payload['em1:0']?.act_power === 99);
    expect(sim.stats.wsConnections).to.equal(1);
  });

  it('closes the connection with its last meter and opens a new one for the next', async () => {
    const sim = await ShellySimulator.start({ model: 'SNSW-001P16EU' });
    sims.push(sim);
    const flow = meters(sim.host);
    await helper.load([deviceRegister, meterRegister], flow);
    await nextMessage(helper.getNode('o1'));
    const withoutMeters = flow.filter((n) => !['m1', 'm2', 'o1', 'o2'].includes(n.id));
    await helper.setFlows(withoutMeters, 'nodes');
    await helper.setFlows(flow, 'nodes');
    await nextMessage(helper.getNode('o1'));
    expect(sim.stats.wsConnections).to.equal(2);
    expect(sim.stats.requests['GET /shelly']).to.equal(2);
  });

  it('reports an invalid configuration to every user without connecting', async () => {
    await helper.load([deviceRegister, meterRegister], [
      { id: 'tab', type: 'tab' },
      { id: 'dev', type: 'lektrico-shelly-device', host: '127.0.0.1', transport: 'smoke-signals', pollInterval: 1 },
      { id: 'm1', type: 'lektrico-shelly-meter', z: 'tab', device: 'dev', wires: [[]] },
    ]);
    const meter = helper.getNode('m1');
    const calls = (meter.status.args ?? []) as Array<[{ fill?: string; text?: string }]>;
    expect(calls.at(-1)?.[0]).to.include({ fill: 'red' });
    expect(calls.at(-1)?.[0].text).to.match(/^transport must be auto, websocket or http/);
  });

  it('masks a password pasted into the host in the log and in the statuses', async () => {
    await helper.load([deviceRegister, meterRegister], [
      { id: 'tab', type: 'tab' },
      { id: 'dev', type: 'lektrico-shelly-device', host: 'http://admin:s3cret@127.0.0.1/' },
      { id: 'm1', type: 'lektrico-shelly-meter', z: 'tab', device: 'dev', wires: [[]] },
    ]);
    const logged = JSON.stringify(helper.log().args);
    const statuses = JSON.stringify(helper.getNode('m1').status.args);
    expect(logged).to.include('http://***@127.0.0.1/');
    expect(statuses).to.include('http://***@127.0.0.1/');
    expect(logged + statuses).to.not.include('s3cret');
  });

  it('refuses a poll interval that is not a positive number', async () => {
    await helper.load([deviceRegister, meterRegister], [
      { id: 'tab', type: 'tab' },
      { id: 'dev', type: 'lektrico-shelly-device', host: '127.0.0.1', pollInterval: 'soon' },
      { id: 'm1', type: 'lektrico-shelly-meter', z: 'tab', device: 'dev', wires: [[]] },
    ]);
    const calls = (helper.getNode('m1').status.args ?? []) as Array<[{ text?: string }]>;
    expect(calls.at(-1)?.[0].text).to.equal('Poll every must be 0.05 to 3600 s (got soon)');
  });

  describe('GET /lektrico-em/shelly/discover', () => {
    it('answers JSON with the simulated devices found by mDNS, each confirmed by GET /shelly', async () => {
      helper.settings({ lektricoEmMdnsPort: MDNS_PORT, lektricoEmMdnsInterface: '127.0.0.1', lektricoEmDiscoveryMs: 800 });
      const gen2 = await ShellySimulator.start({ model: 'SPEM-003CEBEU', name: 'Grid meter', mdns: { port: MDNS_PORT } });
      const gen1 = await ShellySimulator.start({ model: 'SHEM-3', mdns: { port: MDNS_PORT } });
      sims.push(gen2, gen1);
      await helper.load([deviceRegister], [{ id: 'dev', type: 'lektrico-shelly-device', host: gen2.host }]);
      const res = await helper.request().get('/lektrico-em/shelly/discover').expect('Content-Type', /json/).expect(200);
      const devices = res.body.devices as Msg[];
      const byId = new Map(devices.map((d) => [d.id, d]));
      expect(byId.get(gen2.id)).to.deep.include({ host: gen2.host, generation: 2, model: 'SPEM-003CEBEU', modelName: 'Shelly Pro 3EM', name: 'Grid meter' });
      expect(byId.get(gen1.id)).to.deep.include({ host: gen1.host, generation: 1, model: 'SHEM-3', modelName: 'Shelly 3EM' });
    });

    it('skips an announcement that is no address (SRV port 0) and still lists the others', async () => {
      const port = MDNS_PORT + 2;
      helper.settings({ lektricoEmMdnsPort: port, lektricoEmMdnsInterface: '127.0.0.1', lektricoEmDiscoveryMs: 800 });
      const sim = await ShellySimulator.start({ model: 'SPEM-003CEBEU', mdns: { port } });
      sims.push(sim);
      const bogus = await MdnsResponder.start({
        udpPort: port,
        instances: () => [{ service: SHELLY_SERVICE, instance: `shellyplus1pm-aabbccddeeff.${SHELLY_SERVICE}`, host: 'bogus.local', txt: ['gen=2'] }],
        httpPort: () => 0,
      });
      try {
        await helper.load([deviceRegister], [{ id: 'dev', type: 'lektrico-shelly-device', host: sim.host }]);
        const res = await helper.request().get('/lektrico-em/shelly/discover').expect(200);
        expect((res.body.devices as Msg[]).map((d) => d.id)).to.deep.equal([sim.id]);
      } finally {
        await bogus.stop();
      }
    });

    it('answers an empty list when nothing announces itself', async () => {
      helper.settings({ lektricoEmMdnsPort: MDNS_PORT + 1, lektricoEmDiscoveryMs: 300 });
      await helper.load([deviceRegister], [{ id: 'dev', type: 'lektrico-shelly-device', host: '127.0.0.1' }]);
      const res = await helper.request().get('/lektrico-em/shelly/discover').expect(200);
      expect(res.body).to.deep.equal({ devices: [] });
    });
  });
});
