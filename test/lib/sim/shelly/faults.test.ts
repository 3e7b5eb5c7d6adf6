import { expect } from 'chai';
import { identifyShelly } from '../../../../lib/shelly/identify';
import { ShellySimulator, startNonShellyServer } from '../../../../lib/sim/shelly';
import { getJson, request, waitUntil, useSimulators } from './sim-client';

async function errorOf(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected a failure');
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('Shelly simulators: fault injection', () => {
  const { start, connect } = useSimulators();

  for (const [model, path] of [['SPEM-003CEBEU', '/rpc/Shelly.GetStatus'], ['SHEM-3', '/status']] as const) {
    describe(`HTTP replies of ${model}`, () => {
      it('http-500, malformed-json, slow, then back to normal', async () => {
        const sim = await start({ model });
        sim.setFault({ kind: 'http-500' });
        expect((await request(sim.host, path)).status).to.equal(500);
        expect((await request(sim.host, '/shelly')).status).to.equal(500);
        sim.setFault({ kind: 'malformed-json' });
        const malformed = await request(sim.host, path);
        expect(malformed.status).to.equal(200);
        expect(malformed.headers['content-type']).to.match(/json/);
        expect(isJson(malformed.text)).to.equal(false);
        sim.setFault({ kind: 'slow', delayMs: 30 });
        expect(isJson((await request(sim.host, path)).text)).to.equal(true);
        sim.clearFault();
        expect((await request(sim.host, path)).status).to.equal(200);
      });

      it('hang: the request is received but never answered', async () => {
        const sim = await start({ model });
        sim.setFault({ kind: 'hang' });
        const err = await errorOf(request(sim.host, path, { timeoutMs: 200 }));
        expect(err.message).to.match(/timeout/);
        expect(sim.stats.requests[`GET ${path}`]).to.equal(1);
        sim.clearFault();
        expect((await request(sim.host, path)).status).to.equal(200);
      });
    });
  }

  describe('WebSocket replies', () => {
    it('http-500 → an RPC error frame, malformed-json → an unparsable frame, slow → the reply later', async () => {
      const sim = await start({ model: 'S3EM-002CXCEU' });
      const client = await connect(sim);
      sim.setFault({ kind: 'http-500' });
      const failed = await client.call({ id: 1, src: 'faults', method: 'Shelly.GetStatus' });
      expect(failed).to.include({ id: 1, src: sim.id, dst: 'faults' });
      expect(failed.error.code).to.equal(-114);
      sim.setFault({ kind: 'malformed-json' });
      client.send({ id: 2, src: 'faults', method: 'Shelly.GetStatus' });
      expect(await client.next((f) => 'unparsable' in f)).to.have.property('unparsable');
      sim.setFault({ kind: 'slow', delayMs: 30 });
      expect((await client.call({ id: 3, src: 'faults', method: 'Shelly.GetStatus' })).result).to.have.property('em1:0');
    });

    it('hang: no reply to that request, later requests are answered', async () => {
      const sim = await start({ model: 'S3EM-002CXCEU' });
      const client = await connect(sim);
      sim.setFault({ kind: 'hang' });
      client.send({ id: 1, src: 'hang', method: 'Shelly.GetStatus' });
      await waitUntil(() => sim.stats.requests['WS Shelly.GetStatus'] === 1);
      sim.clearFault();
      await client.call({ id: 2, src: 'hang', method: 'Shelly.GetDeviceInfo' });
      expect(client.frames.filter((f) => f.id === 1)).to.deep.equal([]);
    });

    it('dropWebSockets closes every connection; new ones are accepted', async () => {
      const sim = await start({ model: 'SPEM-003CEBEU' });
      const first = await connect(sim);
      const second = await connect(sim);
      sim.dropWebSockets();
      await Promise.all([first.closed, second.closed]);
      const third = await connect(sim);
      expect((await third.call({ id: 1, src: 'again', method: 'Shelly.GetDeviceInfo' })).result.id).to.equal(sim.id);
      expect(sim.stats.wsConnections).to.equal(3);
    });

    it('stallWebSockets keeps TCP open but drops requests, notifications and pongs until resumed', async () => {
      const sim = await start({ model: 'SPEM-003CEBEU' });
      const client = await connect(sim);
      await client.call({ id: 1, src: 'stall', method: 'Shelly.GetStatus' });
      let pongs = 0;
      client.socket.on('pong', () => pongs++);
      sim.stallWebSockets(true);
      client.socket.ping();
      client.send({ id: 2, src: 'stall', method: 'Shelly.GetStatus' });
      sim.setPhases([{ powerW: 5000 }]);
      // Frames are read in order: once request 2 is counted, the ping before it was seen (and ignored).
      await waitUntil(() => sim.stats.requests['WS Shelly.GetStatus'] === 2);
      sim.stallWebSockets(false);
      await client.call({ id: 3, src: 'stall', method: 'Shelly.GetDeviceInfo' });
      expect(client.frames.filter((f) => f.id === 2 || f.method === 'NotifyStatus')).to.deep.equal([]);
      expect(pongs).to.equal(0);
      const pong = new Promise((resolve) => client.socket.once('pong', resolve));
      client.socket.ping();
      await pong;
      sim.setPhases([{ powerW: 100 }]);
      expect((await client.next((f) => f.method === 'NotifyStatus')).params['em:0'].a_act_power).to.equal(100);
    });
  });

  describe('offline and stop', () => {
    it('setOffline refuses connections and ends WebSockets, then comes back on the same port', async () => {
      const sim = await start({ model: 'SPEM-002CEBEU50' });
      const port = sim.port;
      const client = await connect(sim);
      await sim.setOffline(true);
      await client.closed;
      expect((await errorOf(request(sim.host, '/shelly'))).code).to.equal('ECONNREFUSED');
      await sim.setOffline(false);
      expect(sim.port).to.equal(port);
      expect((await getJson(sim.host, '/shelly')).id).to.equal(sim.id);
      const again = await connect(sim);
      expect((await again.call({ id: 1, src: 'back', method: 'EM1.GetStatus', params: { id: 0 } })).result).to.have.property('act_power');
    });

    it('stop ends everything, hanging requests included, and is idempotent', async () => {
      const sim = await ShellySimulator.start({ model: 'SHPLG-S' });
      sim.setFault({ kind: 'hang' });
      const hanging = errorOf(request(sim.host, '/status', { timeoutMs: 5000 }));
      await waitUntil(() => sim.stats.requests['GET /status'] === 1);
      await sim.stop();
      await sim.stop();
      expect((await hanging).message).to.not.match(/timeout/);
      expect((await errorOf(request(sim.host, '/shelly'))).code).to.equal('ECONNREFUSED');
    });

    it('rejects unknown fault kinds', async () => {
      const sim = await start({ model: 'SHEM' });
      expect(() => sim.setFault({ kind: 'explode' as 'hang' })).to.throw(RangeError);
    });
  });

  describe('something else at the address', () => {
    it('answers /shelly with an HTML page', async () => {
      const server = await startNonShellyServer('html');
      try {
        const reply = await request(server.host, '/shelly');
        expect(reply.status).to.equal(200);
        expect(reply.headers['content-type']).to.match(/text\/html/);
        expect(isJson(reply.text)).to.equal(false);
      } finally {
        await server.stop();
      }
    });

    it('answers /shelly with JSON that is not a Shelly identity', async () => {
      const server = await startNonShellyServer('json');
      try {
        const body = await getJson(server.host, '/shelly');
        expect(() => identifyShelly(body)).to.throw(/not a Shelly/);
        expect(server.port).to.be.greaterThan(0);
      } finally {
        await server.stop();
      }
    });
  });
});
