import { expect } from 'chai';
import { ManualClock } from '../../../../lib/clock';
import { WsClient, deepMerge, getJson, postJson, request, useSimulators } from './sim-client';

type Json = Record<string, any>;
const T0_MS = Date.UTC(2025, 5, 1, 12, 0, 0);

/** The metering part of a status (what notifications keep up to date). */
function metering(status: Json): Json {
  return Object.fromEntries(Object.entries(status).filter(([key]) => /^(em|emdata|em1|em1data|pm1|switch):\d+$/.test(key)));
}

function withoutTs(params: Json): Json {
  const { ts: _ts, ...rest } = params;
  return rest;
}

describe('Shelly simulators: RPC over HTTP and WebSocket', () => {
  const { start, connect } = useSimulators();

  describe('HTTP', () => {
    it('answers GET and POST per-method calls with the bare result', async () => {
      const sim = await start({ model: 'SPEM-002CEBEU50' });
      sim.setChannel(1, { powerW: -250 });
      const viaGet = await getJson(sim.host, '/rpc/EM1.GetStatus?id=1');
      const viaPost = JSON.parse((await postJson(sim.host, '/rpc/EM1.GetStatus', { id: 1 })).text);
      expect(viaGet).to.deep.equal(sim.status()['em1:1']);
      expect(viaPost).to.deep.equal(viaGet);
      expect(viaGet.act_power).to.equal(-250);
      expect(await getJson(sim.host, '/rpc/Shelly.GetDeviceInfo')).to.deep.equal(await getJson(sim.host, '/shelly'));
      expect(await getJson(sim.host, '/rpc/EM1Data.GetStatus?id=0')).to.deep.equal(sim.status()['em1data:0']);
      expect(await getJson(sim.host, '/rpc/Switch.GetStatus?id=0')).to.not.have.property('apower');
      const { methods } = await getJson(sim.host, '/rpc/Shelly.ListMethods');
      expect(methods).to.include.members(['Shelly.GetStatus', 'EM1.GetStatus', 'EM1Data.GetStatus', 'Switch.GetStatus']);
      expect(methods).to.not.include('EM.GetStatus');
      expect(sim.stats.requests['GET /rpc/EM1.GetStatus']).to.equal(1);
      expect(sim.stats.requests['POST /rpc/EM1.GetStatus']).to.equal(1);
      expect(sim.stats.requests['RPC EM1.GetStatus']).to.equal(2);
    });

    it('answers errors like a real device: 404 no handler, -103 missing id, -105 unknown id', async () => {
      const sim = await start({ model: 'SPEM-003CEBEU', profile: 'monophase' });
      const noHandler = await request(sim.host, '/rpc/EM.GetStatus?id=0'); // no em:0 in the monophase profile
      expect(noHandler.status).to.equal(404);
      expect(JSON.parse(noHandler.text)).to.deep.equal({ code: 404, message: 'No handler for EM.GetStatus' });
      const missing = await request(sim.host, '/rpc/EM1.GetStatus');
      expect(JSON.parse(missing.text).code).to.equal(-103);
      const unknown = await request(sim.host, '/rpc/EM1.GetStatus?id=7');
      expect(JSON.parse(unknown.text).code).to.equal(-105);
      expect((await request(sim.host, '/status')).status).to.equal(404); // Gen1 path on a Gen2+ device
    });

    it('answers a full frame on POST /rpc with {id, src, dst, result|error}', async () => {
      const sim = await start({ model: 'SPEM-003CEBEU' });
      const ok = await postJson(sim.host, '/rpc', { id: 7, src: 'tester', method: 'Shelly.GetConfig' });
      const frame = JSON.parse(ok.text);
      expect(ok.status).to.equal(200);
      expect(frame).to.include({ id: 7, src: sim.id, dst: 'tester' });
      expect(frame.result['em:0']).to.include({ ct_type: '120A' });
      expect(frame.result['em:0'].reverse).to.deep.equal({});
      expect(frame.result.sys.device.profile).to.equal('triphase');
      const bad = JSON.parse((await postJson(sim.host, '/rpc', { id: 8, src: 'tester', method: 'Nope.Get' })).text);
      expect(bad).to.deep.equal({ id: 8, src: sim.id, dst: 'tester', error: { code: 404, message: 'No handler for Nope.Get' } });
    });

    it('gives em1 reverse flags and the profile in Shelly.GetConfig of a monophase meter', async () => {
      const sim = await start({ model: 'S3EM-003CXCEU63', profile: 'monophase' });
      const config = await getJson(sim.host, '/rpc/Shelly.GetConfig');
      for (const id of [0, 1, 2]) expect(config[`em1:${id}`]).to.include({ reverse: false, ct_type: '3EMG3' });
      expect(config.sys.device.profile).to.equal('monophase');
    });

    it('serves the Gen1 REST paths and 404s the RPC ones on a Gen1 device', async () => {
      const sim = await start({ model: 'SHEM-3' });
      sim.setPhases([{ powerW: 100 }, { powerW: 200 }, { powerW: -50 }]);
      const status = await getJson(sim.host, '/status');
      expect(status.total_power).to.equal(250);
      expect(status.emeter_n).to.include({ mismatch: false });
      expect(await getJson(sim.host, '/emeter/1')).to.deep.equal(status.emeters[1]);
      expect((await getJson(sim.host, '/settings')).device).to.include({ type: 'SHEM-3', hostname: sim.id, num_emeters: 3 });
      expect((await request(sim.host, '/emeter/3')).status).to.equal(404);
      expect((await request(sim.host, '/meter/0')).status).to.equal(404);
      expect((await request(sim.host, '/rpc/Shelly.GetStatus')).status).to.equal(404);
      const plug = await start({ model: 'SHPLG-S' });
      expect(await getJson(plug.host, '/meter/0')).to.have.property('counters');
    });
  });

  describe('WebSocket', () => {
    it('answers request frames and notifies only clients that sent a src', async () => {
      const clock = new ManualClock(T0_MS);
      const sim = await start({ model: 'SPEM-003CEBEU', clock: clock.now });
      const listener = await connect(sim);
      const silent = await connect(sim);
      const reply = await listener.call({ id: 1, src: 'listener', method: 'Shelly.GetStatus' });
      expect(reply).to.include({ id: 1, src: sim.id, dst: 'listener' });
      expect(metering(reply.result)).to.deep.equal(metering(sim.status()));
      // A request without src gets its answer but does not subscribe.
      expect((await silent.call({ id: 1, method: 'Shelly.GetDeviceInfo' })).result.id).to.equal(sim.id);

      sim.setPhases([{ powerW: 2000 }, { powerW: -700 }, { powerW: 0 }]);
      const note = await listener.next((f) => f.method === 'NotifyStatus');
      expect(note).to.include({ src: sim.id, dst: 'listener' });
      expect(note.params.ts).to.equal(T0_MS / 1000);
      // Frames on one socket arrive in order: once this reply is in, a notification would have been too.
      await silent.call({ id: 2, method: 'Shelly.GetDeviceInfo' });
      expect(silent.frames.filter((f) => f.method)).to.deep.equal([]);
      expect(sim.stats.wsConnections).to.equal(2);
      expect(sim.stats.requests['WS Shelly.GetStatus']).to.equal(1);
    });

    it('sends partial NotifyStatus frames that a deep merge turns into the full status', async () => {
      const clock = new ManualClock(T0_MS);
      const sim = await start({ model: 'SPEM-003CEBEU', clock: clock.now });
      sim.setPhases([{ powerW: 1000 }, { powerW: 500 }, { powerW: 100 }]);
      const client = await connect(sim);
      let view: Json = (await client.call({ id: 1, src: 'merge', method: 'Shelly.GetStatus' })).result;

      sim.setChannel(1, { powerW: -800, pf: 0.8 });
      const note = await client.next((f) => f.method === 'NotifyStatus');
      const partial = note.params['em:0'];
      expect(partial).to.include({ b_act_power: -800, b_pf: 0.8 });
      expect(partial).to.not.have.any.keys('id', 'a_act_power', 'a_voltage', 'c_act_power');
      expect(note.params).to.not.have.property('emdata:0'); // energy goes out once a minute
      view = deepMerge(view, withoutTs(note.params));
      expect(metering(view)).to.deep.equal(metering(sim.status()));
    });

    it('stays quiet below the threshold (10 W or 5 %) and notifies above it', async () => {
      const clock = new ManualClock(T0_MS);
      const sim = await start({ model: 'S3EM-002CXCEU', clock: clock.now });
      sim.setChannel(0, { powerW: 1000 });
      const client = await connect(sim);
      await client.call({ id: 1, src: 'threshold', method: 'Shelly.GetStatus' });
      sim.setChannel(0, { powerW: 1004 });
      await client.call({ id: 2, src: 'threshold', method: 'Shelly.GetDeviceInfo' });
      expect(client.frames.filter((f) => f.method === 'NotifyStatus')).to.deep.equal([]);
      sim.setChannel(0, { powerW: 1015 });
      const note = await client.next((f) => f.method === 'NotifyStatus');
      expect(note.params['em1:0'].act_power).to.equal(1015);
    });

    it('reports a Plus 1PM change with only the changed switch fields (no id/output)', async () => {
      const clock = new ManualClock(T0_MS);
      const sim = await start({ model: 'SNSW-001P16EU', clock: clock.now });
      const client = await connect(sim);
      await client.call({ id: 1, src: 'plus', method: 'Shelly.GetStatus' });
      sim.setChannel(0, { powerW: -300 });
      const note = await client.next((f) => f.method === 'NotifyStatus');
      expect(note.params['switch:0']).to.include({ apower: 300 });
      expect(note.params['switch:0']).to.not.have.any.keys('id', 'output', 'source');
    });

    it('pushes the energy counters once per clock minute', async () => {
      const clock = new ManualClock(T0_MS);
      const sim = await start({ model: 'SPEM-003CEBEU', clock: clock.now });
      sim.setPhases([{ powerW: 6000 }, { powerW: -3000 }, { powerW: 0 }]);
      const client = await connect(sim);
      let view: Json = (await client.call({ id: 1, src: 'energy', method: 'Shelly.GetStatus' })).result;
      clock.advance(60_000);
      sim.tick();
      sim.tick(); // same minute: nothing more
      const note = await client.next((f) => f.method === 'NotifyStatus');
      expect(note.params['emdata:0']).to.include({ a_total_act_energy: 100, b_total_act_ret_energy: 50, total_act: 100, total_act_ret: 50 });
      expect(note.params['emdata:0']).to.not.have.property('c_total_act_energy');
      view = deepMerge(view, withoutTs(note.params));
      expect(metering(view)).to.deep.equal(metering(sim.status()));
      await client.call({ id: 2, src: 'energy', method: 'Shelly.GetDeviceInfo' });
      expect(client.frames.filter((f) => f.method === 'NotifyStatus')).to.deep.equal([]);
    });

    it('sends NotifyFullStatus on request', async () => {
      const sim = await start({ model: 'S3PM-001PCEU16' });
      const client = await connect(sim);
      await client.call({ id: 1, src: 'full', method: 'Shelly.GetStatus' });
      sim.sendFullStatus();
      const note = await client.next((f) => f.method === 'NotifyFullStatus');
      expect(note.params).to.include.keys('ts', 'pm1:0', 'sys', 'wifi');
      expect(note.dst).to.equal('full');
    });

    it('pushes every metering component on a fixed cadence when asked to', async () => {
      const sim = await start({ model: 'SPEM-002CEBEU50', notifyIntervalMs: 20 });
      sim.setChannel(0, { powerW: 123.4 });
      const client = await connect(sim);
      await client.call({ id: 1, src: 'cadence', method: 'Shelly.GetStatus' });
      for (let i = 0; i < 2; i++) {
        const note = await client.next((f) => f.method === 'NotifyStatus' && 'em1:1' in f.params);
        expect(note.params).to.include.keys('em1:0', 'em1:1', 'em1data:0', 'em1data:1');
        expect(note.params['em1:0']).to.include({ id: 0, act_power: 123.4 });
      }
    });

    it('refuses the WebSocket upgrade on a Gen1 device', async () => {
      const gen1 = await start({ model: 'SHEM' });
      let failed = false;
      await WsClient.open(gen1.host).then((c) => c.close(), () => (failed = true));
      expect(failed).to.equal(true);
    });
  });
});
