import { expect } from 'chai';
import { helper, type FlowNode, type NodeModule } from '../support/node-red-helper';
import { ShellySimulator, startNonShellyServer, type ShellySimulatorOptions } from '../../lib/sim/shelly';
import { startFakeRpcDevice } from '../lib/shelly/fake-rpc-device';
import type { NodeAPI } from '../../nodes/common/node-red';
import deviceRegister = require('../../nodes/shelly-device/shelly-device');

/**
 * The device dialog's "Test connection" (POST /lektrico-em/shelly/test) inside Node-RED, against
 * the Shelly simulators on 127.0.0.1: what it reports for each family and profile, the failures it
 * names (wrong password, unreachable, timeout, not a Shelly, no meter, bad settings), the saved
 * password of a deployed config node, and the admin permission in front of it.
 */
type Reply = Record<string, any>;
const ENDPOINT = '/lektrico-em/shelly/test';

describe('lektrico-shelly-device: Test connection', function () {
  this.timeout(20000);
  const stoppers: Array<() => Promise<void>> = [];

  const startSim = async (options: ShellySimulatorOptions): Promise<ShellySimulator> => {
    const sim = await ShellySimulator.start(options);
    stoppers.push(() => sim.stop());
    return sim;
  };

  /** A flow with one config node, so the endpoint is registered (and its saved password known). */
  const loadDevice = (host = '127.0.0.1', credentials?: Record<string, string>, module: NodeModule = deviceRegister): Promise<void> => {
    const flow: FlowNode[] = [{ id: 'dev', type: 'lektrico-shelly-device', host, transport: 'auto', pollInterval: 1, timeout: 2 }];
    return helper.load(module, flow, credentials ? { dev: credentials } : undefined);
  };

  const test = async (body: Record<string, unknown>, expectedStatus = 200): Promise<Reply> => {
    const res = await helper.request().post(ENDPOINT).send({ transport: 'auto', timeout: 2, ...body }).expect('Content-Type', /json/).expect(expectedStatus);
    return res.body as Reply;
  };

  before(() => helper.startServer());
  after(() => helper.stopServer());
  afterEach(async () => {
    await helper.unload();
    await Promise.all(stoppers.splice(0).map((stop) => stop()));
  });

  describe('what it finds', () => {
    it('a Gen1 EM: product, model code, generation, id, firmware id, no auth, polled over /status, channels emeter:0 and emeter:1', async () => {
      const sim = await startSim({ model: 'SHEM', firmware: '1.14.0' });
      await loadDevice();
      const reply = await test({ host: sim.host });
      expect(reply).to.deep.include({ ok: true });
      expect(reply.device).to.deep.include({
        host: sim.host,
        modelName: 'Shelly EM',
        model: 'SHEM',
        generation: 1,
        id: sim.id,
        mac: sim.mac,
        firmware: '20230913-114244/v1.14.0-gsim0001',
        authRequired: false,
        transport: 'gen1-http',
      });
      expect(reply.device.channels).to.deep.equal([
        { id: 'emeter:0', signed: true },
        { id: 'emeter:1', signed: true },
      ]);
    });

    it('a Pro 3EM in the triphase profile over the WebSocket: em:0 phases A, B, C', async () => {
      const sim = await startSim({ model: 'SPEM-003CEBEU', profile: 'triphase', name: 'Grid meter', firmware: '1.4.4' });
      await loadDevice();
      const { device } = await test({ host: sim.host });
      expect(device).to.deep.include({ name: 'Grid meter', modelName: 'Shelly Pro 3EM', generation: 2, firmware: '1.4.4', profile: 'triphase', transport: 'rpc-websocket' });
      expect(device.channels.map((c: Reply) => `${c.id}=${c.phase}`)).to.deep.equal(['em:0:A=A', 'em:0:B=B', 'em:0:C=C']);
    });

    it('a Pro 3EM in the monophase profile: three em1 channels, still on phases A, B, C', async () => {
      const sim = await startSim({ model: 'SPEM-003CEBEU', profile: 'monophase' });
      await loadDevice();
      const { device } = await test({ host: sim.host });
      expect(device).to.deep.include({ profile: 'monophase' });
      expect(device.channels.map((c: Reply) => `${c.id}=${c.phase}`)).to.deep.equal(['em1:0=A', 'em1:1=B', 'em1:2=C']);
    });

    for (const [model, generation] of [['S3EM-003CXCEU63', 3], ['S4EM-001PXCEU16', 4]] as const) {
      it(`a Gen${generation} meter (${model}) over HTTP polling when the dialog says http`, async () => {
        const sim = await startSim({ model });
        await loadDevice();
        const { device } = await test({ host: sim.host, transport: 'http' });
        expect(device).to.deep.include({ model, generation, id: sim.id, transport: 'rpc-http' });
        expect(device.channels.length).to.be.greaterThan(0);
        expect(sim.stats.wsConnections, 'no WebSocket when http is chosen').to.equal(0);
      });
    }

    it('a device whose WebSocket fails: read over HTTP polling, as the node falls back, saying why', async () => {
      const fake = await startFakeRpcDevice({ model: 'SPEM-002CEBEU50', status: { 'em1:0': { id: 0, act_power: 12, voltage: 230, current: 0.1 } } });
      stoppers.push(() => fake.stop());
      await loadDevice();
      const { device } = await test({ host: fake.host });
      expect(device.transport).to.equal('rpc-http');
      expect(device.webSocketError).to.match(/HTTP 404 instead of an upgrade/);
    });

    it('a device with authentication, given the right password: auth on, read as the node would', async () => {
      const sim = await startSim({ model: 'SPEM-003CEBEU', password: 'Pa55' });
      await loadDevice();
      const { device } = await test({ host: sim.host, password: 'Pa55' });
      expect(device).to.deep.include({ authRequired: true, transport: 'rpc-websocket' });
    });
  });

  describe('why it fails', () => {
    it('a wrong password: kind auth, with who answered', async () => {
      const sim = await startSim({ model: 'S3EM-002CXCEU', password: 'Pa55' });
      await loadDevice();
      const reply = await test({ host: sim.host, password: 'nope' });
      expect(reply).to.deep.include({ ok: false, kind: 'auth', message: `401 from ${sim.id}: wrong password for user admin` });
      expect(reply.device).to.deep.equal({ modelName: 'Shelly EM Gen3', model: 'S3EM-002CXCEU', generation: 3, id: sim.id });
    });

    it('a missing password: kind auth, saying to set it', async () => {
      const sim = await startSim({ model: 'SHEM-3', password: 'pw' });
      await loadDevice();
      const reply = await test({ host: sim.host });
      expect(reply).to.deep.include({ ok: false, kind: 'auth' });
      expect(reply.message).to.match(/set the password/);
    });

    it('nothing listening at the port: kind unreachable', async () => {
      const sim = await ShellySimulator.start({ model: 'SHEM' });
      const host = sim.host;
      await sim.stop();
      await loadDevice();
      const reply = await test({ host });
      expect(reply).to.deep.include({ ok: false, kind: 'unreachable' });
      expect(reply.message).to.equal(`GET /shelly at ${host}: connection refused (device off or wrong port?)`);
    });

    it('a device that does not answer within the timeout: kind timeout', async () => {
      const sim = await startSim({ model: 'SPEM-003CEBEU' });
      sim.setFault({ kind: 'hang' });
      await loadDevice();
      const reply = await test({ host: sim.host, timeout: 0.3 });
      expect(reply).to.deep.include({ ok: false, kind: 'timeout', message: `GET /shelly at ${sim.host}: timeout after 0.3 s` });
    });

    for (const kind of ['html', 'json'] as const) {
      it(`an HTTP server that is not a Shelly (${kind}): kind not-shelly`, async () => {
        const server = await startNonShellyServer(kind);
        stoppers.push(() => server.stop());
        await loadDevice();
        const reply = await test({ host: server.host });
        expect(reply).to.deep.include({ ok: false, kind: 'not-shelly' });
        expect(reply.message).to.match(new RegExp(`^GET /shelly at ${server.host}: not a Shelly`));
      });
    }

    it('a Shelly without a meter: kind no-meter, naming what it has', async () => {
      const fake = await startFakeRpcDevice({ model: 'SXXX-LAMP', status: { 'light:0': { id: 0, output: true }, sys: {} } });
      stoppers.push(() => fake.stop());
      await loadDevice();
      const reply = await test({ host: fake.host, transport: 'http' });
      expect(reply).to.deep.include({ ok: false, kind: 'no-meter' });
      expect(reply.message).to.match(/no metering component in the status \(it has: light:0, sys\)$/);
    });

    it('settings that cannot work: 400, kind config, before any traffic', async () => {
      await loadDevice();
      expect(await test({ host: 'http://10.0.0.5/status' }, 400)).to.deep.include({ ok: false, kind: 'config' });
      expect(await test({ host: '' }, 400)).to.deep.include({ kind: 'config', message: 'no host: set the device address (ip, hostname or ip:port)' });
      expect(await test({ host: '127.0.0.1:1', timeout: 0 }, 400)).to.deep.include({ kind: 'config', message: 'Timeout must be 0.1 to 60 s (got 0)' });
      expect(await test({ host: '127.0.0.1:1', transport: 'pigeon' }, 400)).to.deep.include({ kind: 'config' });
    });
  });

  describe('the saved password of a deployed config node', () => {
    it('is used when the dialog sends the placeholder for the same address', async () => {
      const sim = await startSim({ model: 'SPEM-003CEBEU', password: 'Saved1' });
      await loadDevice(sim.host, { password: 'Saved1' });
      const reply = await test({ id: 'dev', host: sim.host, password: '__PWRD__' });
      expect(reply).to.deep.include({ ok: true });
      expect(reply.device.authRequired).to.equal(true);
    });

    it('is never sent to another address: 400, kind stored-password, and the other device sees no request', async () => {
      const saved = await startSim({ model: 'SHEM-3', password: 'Saved1' });
      const other = await startSim({ model: 'SHEM-3', password: 'Saved1' });
      await loadDevice(saved.host, { password: 'Saved1' });
      const reply = await test({ id: 'dev', host: other.host, password: '__PWRD__' }, 400);
      expect(reply).to.deep.include({ ok: false, kind: 'stored-password', savedFor: saved.host });
      expect(reply.message).to.equal(`The saved password belongs to ${saved.host}: type it again to test another address.`);
      expect(other.stats.requests, 'requests at the other address').to.deep.equal({});
    });

    it('a typed password wins over the saved one', async () => {
      const sim = await startSim({ model: 'SPEM-003CEBEU', password: 'Saved1' });
      await loadDevice(sim.host, { password: 'Saved1' });
      expect(await test({ id: 'dev', host: sim.host, password: 'typed-wrong' })).to.deep.include({ ok: false, kind: 'auth' });
    });
  });

  it('sits behind the lektrico-shelly-device.write admin permission (the search needs only .read)', async () => {
    const sim = await startSim({ model: 'SHEM' });
    const asked: string[] = [];
    // Node-RED's needsPermission, reduced to what the test needs: a request passes with the permission's header only.
    const guarded: NodeModule = (RED: NodeAPI) =>
      deviceRegister({
        ...RED,
        auth: {
          needsPermission: (permission: string) => {
            asked.push(permission);
            return (req, res, next) => (req.headers['x-permission'] === permission ? next?.() : res.status(401).json({ error: 'unauthorized' }));
          },
        },
      });
    await loadDevice('127.0.0.1', undefined, guarded);
    expect(asked).to.have.members(['lektrico-shelly-device.read', 'lektrico-shelly-device.write']);
    await helper.request().post(ENDPOINT).send({ host: sim.host }).expect(401);
    expect(sim.stats.requests, 'no request reached the device without the permission').to.deep.equal({});
    await helper.request().post(ENDPOINT).set('x-permission', 'lektrico-shelly-device.read').send({ host: sim.host }).expect(401);
    const res = await helper.request().post(ENDPOINT).set('x-permission', 'lektrico-shelly-device.write').send({ host: sim.host }).expect(200);
    expect(res.body.device.id).to.equal(sim.id);
  });
});
