import { expect } from 'chai';
import { helper, nextMessage, waitForMessage, waitForStatus, type FlowNode, type TestNode } from '../support/node-red-helper';
import { readChannel, type MeterChannel } from '../../lib/shelly/channels';
import { ShellySimulator, SIMULATED_SHELLY_MODELS, startNonShellyServer, type ShellySimulatorOptions } from '../../lib/sim/shelly';
import { startFakeRpcDevice } from '../lib/shelly/fake-rpc-device';
import deviceRegister = require('../../nodes/shelly-device/shelly-device');
import meterRegister = require('../../nodes/shelly-meter/shelly-meter');

/**
 * The meter node with its device config node inside Node-RED, on the simulators: every family
 * over HTTP polling and WebSocket push, auth, reconnects, and the bad-input cases. A Catch node
 * on the tab receives the connection errors.
 */
type Msg = Record<string, any>;
const RPC_MODELS = SIMULATED_SHELLY_MODELS.filter((m) => !['SHEM', 'SHEM-3', 'SHPLG-S'].includes(m));

function flow(device: Record<string, unknown>, meter: Record<string, unknown> = {}): FlowNode[] {
  return [
    { id: 'tab', type: 'tab', label: 'shelly' },
    { id: 'dev', type: 'lektrico-shelly-device', pollInterval: 0.1, timeout: 0.6, transport: 'auto', ...device },
    { id: 'meter', type: 'lektrico-shelly-meter', z: 'tab', device: 'dev', wires: [['out']], ...meter },
    { id: 'out', type: 'helper', z: 'tab' },
    { id: 'ctch', type: 'catch', z: 'tab', scope: ['meter'], uncaught: false, wires: [['err']] },
    { id: 'err', type: 'helper', z: 'tab' },
    { id: 'cmp', type: 'complete', z: 'tab', scope: ['meter'], uncaught: false, wires: [['done']] },
    { id: 'done', type: 'helper', z: 'tab' },
  ];
}

const powerOf = (msg: Msg, channel = 0): number | undefined =>
  readChannel(msg.payload, (msg.shelly.channels as MeterChannel[])[channel]).powerW;

describe('lektrico-shelly-meter node', function () {
  this.timeout(20000);
  const sims: ShellySimulator[] = [];
  const stoppers: Array<() => Promise<void>> = [];
  let meter: TestNode;
  let out: TestNode;
  let err: TestNode;

  const startSim = async (options: ShellySimulatorOptions): Promise<ShellySimulator> => {
    const sim = await ShellySimulator.start(options);
    sims.push(sim);
    return sim;
  };

  async function load(device: Record<string, unknown>, credentials?: Record<string, string>, meterConfig: Record<string, unknown> = {}): Promise<void> {
    await helper.load([deviceRegister, meterRegister], flow(device, meterConfig), credentials ? { dev: credentials } : undefined);
    meter = helper.getNode('meter');
    out = helper.getNode('out');
    err = helper.getNode('err');
  }

  beforeEach(() => {
    helper.settings({ lektricoShellyDeviceBackoff: { initialMs: 50, maxMs: 300 } });
  });

  afterEach(async () => {
    await helper.unload();
    await Promise.all([...sims.splice(0).map((s) => s.stop()), ...stoppers.splice(0).map((stop) => stop())]);
    helper.settings({});
  });

  for (const model of SIMULATED_SHELLY_MODELS) {
    const transports = RPC_MODELS.includes(model) ? (['websocket', 'http'] as const) : (['http'] as const);
    for (const transport of transports) {
      it(`emits readings of a ${model} over ${transport}, with identity and a green status`, async () => {
        const sim = await startSim({ model });
        await load({ host: sim.host, transport });
        const first = await nextMessage(out);
        expect(first.topic).to.equal(sim.id);
        expect(first.shelly).to.include({ model, id: sim.id, generation: sim.generation, host: sim.host });
        const expectedTransport = sim.generation === 1 ? 'gen1-http' : transport === 'websocket' ? 'rpc-websocket' : 'rpc-http';
        expect(first.shelly.transport).to.equal(expectedTransport);
        expect(first.payload).to.be.an('object').that.is.not.empty;
        const label = expectedTransport === 'rpc-websocket' ? 'ws' : 'http';
        const s = await waitForStatus(meter, (st) => st.fill === 'green');
        expect(s.text).to.match(new RegExp(` · Gen${sim.generation} · ${label} · \\d+(\\.\\d)? s$`));
        sim.setChannel(0, { powerW: 321 });
        await waitForMessage(out, (m) => powerOf(m) === 321);
      });
    }
  }

  it('shows the product name in the status: "Pro 3EM · Gen2 · ws · …"', async () => {
    const sim = await startSim({ model: 'SPEM-003CEBEU' });
    await load({ host: sim.host, transport: 'websocket' });
    const s = await waitForStatus(meter, (st) => st.fill === 'green');
    expect(s.text).to.match(/^Pro 3EM · Gen2 · ws · \d/);
  });

  it('delivers WebSocket pushes without waiting for a poll', async () => {
    const sim = await startSim({ model: 'S3EM-003CXCEU63' });
    await load({ host: sim.host, transport: 'websocket', pollInterval: 60 });
    await nextMessage(out);
    sim.setPhases([{ powerW: 50 }, { powerW: -2500 }]);
    const pushed = await waitForMessage(out, (m) => powerOf(m, 1) === -2500);
    expect(pushed.shelly.transport).to.equal('rpc-websocket');
    expect(sim.stats.requests['WS Shelly.GetStatus']).to.equal(1);
  });

  it('answers an input message with a fresh reading on that message, then completes it', async () => {
    const sim = await startSim({ model: 'SPEM-002CEBEU50' });
    await load({ host: sim.host, transport: 'http', pollInterval: 60 });
    await nextMessage(out);
    const done = helper.getNode('done');
    const completed = nextMessage(done);
    const answered = waitForMessage(out, (m) => m.requestedBy === 'test');
    meter.receive({ requestedBy: 'test', payload: 'ignored' });
    const msg = await answered;
    expect(msg.topic).to.equal(sim.id);
    expect(msg.payload).to.have.keys('em1:0', 'em1data:0', 'em1:1', 'em1data:1');
    expect((await completed).requestedBy).to.equal('test');
    expect(sim.stats.requests['GET /rpc/Shelly.GetStatus']).to.equal(2);
  });

  it('fails an input message with done(err) while the device is unreachable', async () => {
    const sim = await ShellySimulator.start({ model: 'SHEM' });
    const host = sim.host;
    await sim.stop();
    await load({ host });
    await waitForStatus(meter, (s) => s.fill === 'red');
    const failed = waitForMessage(err, (m) => m.requestedBy === 'test');
    meter.receive({ requestedBy: 'test' });
    expect((await failed).error.message).to.match(/no reading from 127\.0\.0\.1:\d+: .*connection refused/);
  });

  describe('authentication', () => {
    for (const transport of ['websocket', 'http'] as const) {
      it(`Gen2+ Digest over ${transport} with the right password`, async () => {
        const sim = await startSim({ model: 'SPEM-003CEBEU', password: 'Pa55' });
        await load({ host: sim.host, transport }, { password: 'Pa55' });
        const msg = await nextMessage(out);
        expect(msg.shelly.authRequired).to.equal(true);
      });

      it(`Gen2+ Digest over ${transport} with a wrong password: red status and a Catch-able error`, async () => {
        const sim = await startSim({ model: 'S4EM-001PXCEU16', password: 'Pa55' });
        await load({ host: sim.host, transport }, { password: 'nope' });
        const caught = await nextMessage(err);
        expect(caught.error.message).to.equal(`The Shelly at ${sim.host} refused the credentials (401 from ${sim.id}: wrong password for user admin)`);
        expect(caught.topic).to.equal(sim.id);
        expect(caught.shelly).to.include({ host: sim.host, id: sim.id, model: 'S4EM-001PXCEU16', generation: 4 });
        const s = await waitForStatus(meter, (st) => st.fill === 'red');
        expect(s.text).to.equal('wrong password for user admin');
      });
    }

    it('Gen1 Basic with the right user and password', async () => {
      const sim = await startSim({ model: 'SHEM-3', username: 'owner', password: 'pw' });
      await load({ host: sim.host }, { username: 'owner', password: 'pw' });
      expect((await nextMessage(out)).shelly.transport).to.equal('gen1-http');
    });

    it('Gen1 Basic with a wrong password', async () => {
      const sim = await startSim({ model: 'SHEM-3', username: 'owner', password: 'pw' });
      await load({ host: sim.host }, { username: 'owner', password: 'bad' });
      expect((await nextMessage(err)).error.message).to.equal(`The Shelly at ${sim.host} refused the credentials (401 from ${sim.id}: wrong password for user owner)`);
      const s = await waitForStatus(meter, (st) => st.fill === 'red');
      expect(s.text, 'the Gen1 user named in the status').to.equal('wrong password for user owner');
    });
  });

  describe('connection loss', () => {
    it('reconnects after the device drops the WebSocket and resumes', async () => {
      const sim = await startSim({ model: 'S3PM-001PCEU16' });
      await load({ host: sim.host, transport: 'websocket' });
      await nextMessage(out);
      sim.dropWebSockets();
      await waitForStatus(meter, (s) => s.fill !== 'green');
      sim.setChannel(0, { powerW: -77 });
      await waitForMessage(out, (m) => powerOf(m) === -77);
      await waitForStatus(meter, (s) => s.fill === 'green');
      expect(sim.stats.wsConnections).to.equal(2);
    });

    it('turns red while the device is offline, reports it once, and resumes when it is back', async () => {
      const sim = await startSim({ model: 'SPEM-003CEBEU' });
      await load({ host: sim.host, transport: 'websocket' });
      await nextMessage(out);
      const caught: Msg[] = [];
      err.on('input', (m: Msg) => caught.push(m));
      await sim.setOffline(true);
      const red = await waitForStatus(meter, (s) => s.fill === 'red' && /^unreachable · connection refused/.test(s.text ?? ''));
      expect(red.shape).to.equal('ring');
      await sim.setOffline(false);
      await waitForStatus(meter, (s) => s.fill === 'green');
      await nextMessage(out);
      // one report for the lost socket and one for "refused", however many retries happened
      const reasons = caught.map((m) => m.error.message as string);
      expect(new Set(reasons).size).to.equal(reasons.length);
      expect(reasons.some((r) => /connection refused/.test(r))).to.equal(true);
    });
  });

  describe('bad input at the address', () => {
    for (const kind of ['html', 'json'] as const) {
      it(`reports a non-Shelly HTTP server (${kind})`, async () => {
        const server = await startNonShellyServer(kind);
        stoppers.push(() => server.stop());
        await load({ host: server.host });
        expect((await nextMessage(err)).error.message).to.match(new RegExp(`^The device at ${server.host} is not a Shelly \\(GET /shelly at ${server.host}: not a Shelly`));
        await waitForStatus(meter, (s) => s.fill === 'red' && s.text === `not a Shelly at ${server.host}`);
      });
    }

    const faults = [
      { kind: 'malformed-json', pattern: /malformed JSON/ },
      { kind: 'http-500', pattern: /HTTP 500/ },
      { kind: 'hang', pattern: /timeout after 0\.6 s/ },
    ] as const;
    for (const fault of faults) {
      it(`reports a device fault: ${fault.kind}`, async () => {
        const sim = await startSim({ model: 'SNSW-001P16EU' });
        await load({ host: sim.host, transport: 'http' });
        await nextMessage(out);
        sim.setFault({ kind: fault.kind });
        expect((await nextMessage(err)).error.message).to.match(fault.pattern);
        await waitForStatus(meter, (s) => s.fill === 'red');
        sim.clearFault();
        await waitForStatus(meter, (s) => s.fill === 'green');
      });
    }

    it('reports a device without metering components', async () => {
      const fake = await startFakeRpcDevice({ model: 'SXXX-LAMP', status: { 'light:0': { id: 0, output: true }, sys: {} } });
      stoppers.push(() => fake.stop());
      await load({ host: fake.host, transport: 'http' });
      expect((await nextMessage(err)).error.message).to.match(/^The Shelly at 127\.0\.0\.1:\d+ has no meter \(.*: no metering component in the status \(it has: light:0, sys\)\)$/);
      await waitForStatus(meter, (s) => s.fill === 'red' && s.text === 'SXXX-LAMP has no meter');
    });

    it('reports a bad host in the device config without connecting', async () => {
      await load({ host: 'http://10.0.0.5/status' });
      const s = await waitForStatus(meter, (st) => st.fill === 'red');
      expect(s.text).to.match(/not an address/);
      const failed = nextMessage(err);
      meter.receive({ payload: 1 });
      expect((await failed).error.message).to.match(/not an address/);
    });

    it('reports a missing device config node', async () => {
      await helper.load([deviceRegister, meterRegister], [
        { id: 'tab', type: 'tab' },
        { id: 'meter', type: 'lektrico-shelly-meter', z: 'tab', device: '', wires: [[]] },
      ]);
      const s = await waitForStatus(helper.getNode('meter'), (st) => st.fill === 'red');
      expect(s.text).to.equal('no Shelly device configured');
    });
  });
});
