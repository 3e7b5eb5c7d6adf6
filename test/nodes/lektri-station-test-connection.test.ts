import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { helper, waitForMessage, type FlowNode } from '../support/node-red-helper';
import type { NodeAPI } from '../../nodes/common/node-red';
import { StationSimulator, type StationSimulatorOptions } from '../../lib/sim/lektrico/station-simulator';
import register = require('../../nodes/lektri-station/lektri-station');

const ENDPOINT = '/lektrico-em/stations/test';

interface Answer {
  status: number;
  body: { ok: boolean; station?: Record<string, unknown>; failure?: { reason: string; detail: string } };
}

/** A plain HTTP server on 127.0.0.1 that is not a station. */
async function webServer(reply: (res: http.ServerResponse) => void): Promise<{ host: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => reply(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port nobody listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('lektrico-station edit dialog: Test connection', () => {
  const sims: StationSimulator[] = [];
  const servers: Array<{ close(): Promise<void> }> = [];

  async function station(options: StationSimulatorOptions): Promise<StationSimulator> {
    const sim = new StationSimulator({ car: { reactionDelayMs: 0, startLagMs: 0 }, ...options });
    await sim.start();
    sims.push(sim);
    return sim;
  }

  /** The runtime with the station node registered; `flow` may hold a deployed station node with stored credentials. */
  async function runtime(flow: FlowNode[] = [], credentials?: Record<string, Record<string, string>>, RED?: (red: NodeAPI) => NodeAPI): Promise<void> {
    const load = RED ? (red: NodeAPI) => register(RED(red)) : register;
    await helper.load(load, [{ id: 'tab', type: 'tab', label: 'test' }, ...flow], credentials);
  }

  async function test(body: Record<string, unknown>): Promise<Answer> {
    const res = (await helper.request().post(ENDPOINT).send(body)) as { status: number; body: Answer['body'] };
    return { status: res.status, body: res.body };
  }

  afterEach(async () => {
    await helper.unload();
    for (const sim of sims.splice(0)) await sim.stop();
    for (const server of servers.splice(0)) await server.close();
  });

  it('shows a 1P7K: type, serial, firmware, state, currents, one phase, dynamic current', async () => {
    const sim = await station({ type: '1p7k', serial: '500006', firmware: '1.49' });
    await runtime();
    const answer = await test({ host: sim.host, timeout: '2' });
    expect(answer.status).to.equal(200);
    expect(answer.body.ok).to.equal(true);
    expect(answer.body.station).to.deep.include({
      deviceId: '1p7k_500006',
      deviceType: '1p7k',
      prefix: '1p7k',
      serial: '500006',
      firmware: '1.49',
      state: 'charging',
      installCurrentA: 32,
      maxCurrentA: 32,
      phases: 1,
      dynamicCurrentA: 32,
    });
    expect(answer.body.station).to.not.have.property('relayMode');
    expect(sim.calls.filter((c) => c.http === 'POST')).to.deep.equal([]); // a test only reads
  });

  it('shows a 3P22K: three phases with its relay mode, the maximum capped by the installation current', async () => {
    const sim = await station({ type: '3p22k', serial: '700042', installCurrentA: 20, bootDynamicCurrentA: 16 });
    await runtime();
    const answer = await test({ host: sim.host });
    expect(answer.body).to.deep.include({ ok: true });
    expect(answer.body.station).to.deep.include({
      deviceId: '3p22k_700042',
      deviceType: '3p22k',
      serial: '700042',
      installCurrentA: 20,
      maxCurrentA: 20,
      phases: 3,
      relayMode: 3,
      dynamicCurrentA: 16,
    });
  });

  it('reads a station with an unknown device id prefix as a station, naming the prefix', async () => {
    const sim = await station({ type: '1p7k', deviceId: 'one_900001' });
    await runtime();
    const answer = await test({ host: sim.host });
    expect(answer.body.station).to.deep.include({ deviceType: 'unknown', prefix: 'one', serial: '900001' });
    expect(answer.body.station).to.not.have.property('phases');
  });

  it('says the credentials are wrong, and uses the typed ones', async () => {
    const sim = await station({ type: '1p7k', credentials: { username: 'admin', password: 'right' } });
    await runtime();
    expect((await test({ host: sim.host, username: 'admin', password: 'wrong' })).body).to.deep.equal({ ok: false, failure: { reason: 'auth', detail: 'HTTP 401' } });
    expect((await test({ host: sim.host })).body.failure?.reason, 'no credentials at all').to.equal('auth');
    expect((await test({ host: sim.host, username: 'admin', password: 'right' })).body.ok).to.equal(true);
  });

  it("uses the node's stored password when it was not re-typed, and only that node's", async () => {
    const sim = await station({ type: '1p7k', credentials: { username: 'admin', password: 'stored-pw' } });
    await runtime(
      [{ id: 'st', type: 'lektrico-station', z: 'tab', host: sim.host, pollInterval: 1, wires: [['out']] }, { id: 'out', type: 'helper', z: 'tab' }],
      { st: { username: 'admin', password: 'stored-pw' } },
    );
    await waitForMessage(helper.getNode('out'), (m) => (m.payload as { online?: boolean }).online === true);
    expect((await test({ id: 'st', host: sim.host, username: 'admin', password: '__PWRD__' })).body.ok, 'placeholder').to.equal(true);
    expect((await test({ id: 'st', host: sim.host, username: 'admin' })).body.ok, 'no password field').to.equal(true);
    expect((await test({ id: 'st', host: sim.host, username: 'admin', password: 'retyped-wrong' })).body.failure?.reason, 're-typed').to.equal('auth');
    expect((await test({ id: 'other', host: sim.host, username: 'admin', password: '__PWRD__' })).body.failure?.reason, 'another id').to.equal('auth');
  });

  it('resolves a host given as an environment variable, as the deployed node has it (the examples use ${LEKTRICO_STATION_HOST})', async () => {
    const sim = await station({ type: '1p7k', serial: '500007', credentials: { username: 'admin', password: 'stored-pw' } });
    const name = 'LEKTRICO_EM_TEST_STATION_HOST';
    process.env[name] = sim.host;
    try {
      await runtime(
        [{ id: 'st', type: 'lektrico-station', z: 'tab', host: `\${${name}}`, pollInterval: 1, wires: [['out']] }, { id: 'out', type: 'helper', z: 'tab' }],
        { st: { username: 'admin', password: 'stored-pw' } },
      );
      await waitForMessage(helper.getNode('out'), (m) => (m.payload as { online?: boolean }).online === true);
      // The stored password goes with it: the deployed node's host is the variable's value too.
      const answer = await test({ id: 'st', host: `\${${name}}`, username: 'admin', password: '__PWRD__' });
      expect(answer.status).to.equal(200);
      expect(answer.body.station).to.deep.include({ deviceId: '1p7k_500007' });
      expect((await test({ host: `$(${name})`, username: 'admin', password: 'stored-pw' })).body.ok, 'the older $(NAME)').to.equal(true);
      delete process.env[name];
      // Not set in the runtime's environment: the address is none.
      expect(await test({ host: `\${${name}}` })).to.deep.equal({ status: 400, body: { ok: false, failure: { reason: 'bad-host', detail: `\${${name}}` } } });
    } finally {
      delete process.env[name];
    }
  });

  it('never sends the stored password to another host: 400 naming the host it belongs to, nothing sent', async () => {
    const saved = await station({ type: '1p7k', credentials: { username: 'admin', password: 'stored-pw' } });
    const other = await station({ type: '1p7k', credentials: { username: 'admin', password: 'other-pw' } });
    await runtime([{ id: 'st', type: 'lektrico-station', z: 'tab', host: saved.host, pollInterval: 60 }], { st: { username: 'admin', password: 'stored-pw' } });
    for (const password of ['__PWRD__', undefined]) {
      const answer = await test({ id: 'st', host: other.host, username: 'admin', password });
      expect(answer.status, String(password)).to.equal(400);
      expect(answer.body).to.deep.equal({ ok: false, failure: { reason: 'stored-password', detail: saved.host } });
    }
    expect(other.calls, 'the other host saw nothing').to.deep.equal([]);
    expect((await test({ id: 'st', host: `HTTP://${saved.host}/`, username: 'admin', password: '__PWRD__' })).body.ok, 'the same host, spelt otherwise').to.equal(true);
    expect((await test({ id: 'st', host: other.host, username: 'admin', password: 'other-pw' })).body.ok, 're-typed').to.equal(true);
  });

  it('says when nothing listens at the address', async () => {
    await runtime();
    const port = await closedPort();
    expect((await test({ host: `127.0.0.1:${port}` })).body).to.deep.equal({ ok: false, failure: { reason: 'unreachable', detail: 'ECONNREFUSED' } });
  });

  it('says when the station does not answer in time', async () => {
    const sim = await station({ type: '1p7k' });
    sim.injectFault({ kind: 'hang', method: 'Device_id.Get' });
    await runtime();
    expect((await test({ host: sim.host, timeout: '0.2' })).body.failure?.reason).to.equal('timeout');
  });

  it('says when an HTTP server is not a LEKTRI.CO station (a web page, a 404, JSON without a device id)', async () => {
    const page = await webServer((res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>router</html>'));
    const missing = await webServer((res) => res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'));
    const json = await webServer((res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"name":"thermostat"}'));
    servers.push(page, missing, json);
    await runtime();
    expect((await test({ host: page.host })).body.failure).to.deep.equal({ reason: 'not-lektrico', detail: 'reply is text/html, not application/json' });
    expect((await test({ host: missing.host })).body.failure).to.deep.equal({ reason: 'not-lektrico', detail: 'HTTP 404' });
    expect((await test({ host: json.host })).body.failure).to.deep.equal({ reason: 'not-lektrico', detail: 'reply has no device_id' });
  });

  it('says an EM or 3EM meter is not a charging station', async () => {
    const em = await station({ type: '1p7k', deviceId: 'm2w_810172' });
    const em3 = await station({ type: '3p22k', deviceId: 'm2w_830055' });
    await runtime();
    expect((await test({ host: em.host })).body).to.deep.equal({ ok: false, failure: { reason: 'em-meter', detail: 'm2w_810172' } });
    expect((await test({ host: em3.host })).body.failure).to.deep.equal({ reason: 'em-meter', detail: 'm2w_830055' });
    expect(em.calls.map((c) => c.method), 'nothing after the device id').to.deep.equal(['Device_id.Get']);
  });

  it('answers 400 for a host that is not a host, without sending anything', async () => {
    await runtime();
    for (const host of ['not a host', '', 'ftp://x', undefined]) {
      const answer = await test({ host });
      expect(answer.status, String(host)).to.equal(400);
      expect(answer.body.failure?.reason).to.equal('bad-host');
    }
  });

  it('is behind the lektrico-station.write permission (it may send a stored password)', async () => {
    const sim = await station({ type: '1p7k' });
    const asked: string[] = [];
    // An admin API that grants only what the request's x-permission header names.
    const guarded = (red: NodeAPI): NodeAPI => {
      const auth: NodeAPI['auth'] = {
        needsPermission: (permission) => {
          asked.push(permission);
          return (req, res, next) => (req.headers['x-permission'] === permission ? next?.() : res.status(401).json({ error: 'unauthorized' }));
        },
      };
      return Object.assign(Object.create(red) as NodeAPI, { auth });
    };
    await runtime([], undefined, guarded);
    expect(asked).to.include('lektrico-station.write');
    const denied = (await helper.request().post(ENDPOINT).send({ host: sim.host }).set('x-permission', 'lektrico-station.read')) as { status: number };
    expect(denied.status).to.equal(401);
    expect(sim.calls).to.deep.equal([]);
    const allowed = (await helper.request().post(ENDPOINT).send({ host: sim.host }).set('x-permission', 'lektrico-station.write')) as Answer;
    expect(allowed.status).to.equal(200);
    expect(allowed.body.ok).to.equal(true);
  });
});
