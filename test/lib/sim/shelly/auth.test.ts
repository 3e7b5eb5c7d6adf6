import { expect } from 'chai';
import {
  digestAuthorizationHeader,
  frameAuth,
  parseDigestChallenge,
  parseFrameChallenge,
  SHELLY_DIGEST_USER,
} from '../../../../lib/shelly/digest-auth';
import { identifyShelly } from '../../../../lib/shelly/identify';
import { getJson, postJson, request, useSimulators } from './sim-client';

const PASSWORD = 'correct horse';

function basic(username: string, password: string): Record<string, string> {
  return { Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
}

describe('Shelly simulators: authentication', () => {
  const { start, connect } = useSimulators();

  describe('Gen2+ digest over HTTP', () => {
    it('leaves /shelly and Shelly.GetDeviceInfo open and says auth is on', async () => {
      const sim = await start({ model: 'SPEM-003CEBEU', password: PASSWORD });
      const identity = identifyShelly(await getJson(sim.host, '/shelly'));
      expect(identity.authRequired).to.equal(true);
      expect(identity.authRealm).to.equal(sim.id);
      expect((await getJson(sim.host, '/rpc/Shelly.GetDeviceInfo')).auth_en).to.equal(true);
    });

    it('challenges, then accepts the right Authorization header and refuses a wrong one', async () => {
      const sim = await start({ model: 'SPEM-003CEBEU', password: PASSWORD });
      const uri = '/rpc/Shelly.GetStatus';
      const first = await request(sim.host, uri);
      expect(first.status).to.equal(401);
      const challenge = parseDigestChallenge(first.headers['www-authenticate'] as string)!;
      expect(challenge).to.include({ realm: sim.id, algorithm: 'SHA-256', qop: 'auth' });
      expect(challenge.nonce).to.match(/^\d+$/);

      const header = digestAuthorizationHeader(challenge, { username: SHELLY_DIGEST_USER, password: PASSWORD }, { method: 'GET', uri, nc: 1 });
      const ok = await request(sim.host, uri, { headers: { Authorization: header } });
      expect(ok.status).to.equal(200);
      expect(JSON.parse(ok.text)).to.have.property('em:0');
      // The nonce stays valid for a while (firmware 2.0 behaviour): reuse with the next nc.
      const again = digestAuthorizationHeader(challenge, { username: SHELLY_DIGEST_USER, password: PASSWORD }, { method: 'POST', uri: '/rpc/EM.GetStatus', nc: 2 });
      expect((await postJson(sim.host, '/rpc/EM.GetStatus', { id: 0 }, { Authorization: again })).status).to.equal(200);

      const wrong = digestAuthorizationHeader(challenge, { username: SHELLY_DIGEST_USER, password: 'wrong' }, { method: 'GET', uri, nc: 3 });
      const refused = await request(sim.host, uri, { headers: { Authorization: wrong } });
      expect(refused.status).to.equal(401);
      expect(refused.headers['www-authenticate']).to.match(/^Digest /);
      expect(sim.stats.authFailures).to.equal(1);
    });

    it('accepts either an in-frame auth object or the header on POST /rpc', async () => {
      const sim = await start({ model: 'S4EM-001PXCEU16', password: PASSWORD });
      const frame = { id: 1, src: 'poster', method: 'EM1.GetStatus', params: { id: 0 } };
      const challenged = await postJson(sim.host, '/rpc', frame);
      expect(challenged.status).to.equal(401);
      const body = JSON.parse(challenged.text);
      expect(body).to.include({ id: 1, src: sim.id, dst: 'poster' });
      expect(body.error.code).to.equal(401);
      const challenge = parseFrameChallenge(body.error.message)!;
      expect(challenge).to.include({ realm: sim.id, algorithm: 'SHA-256', nc: 1 });

      const ok = await postJson(sim.host, '/rpc', { ...frame, auth: frameAuth(challenge, PASSWORD) });
      expect(ok.status).to.equal(200);
      expect(JSON.parse(ok.text).result).to.have.property('act_power');

      const headerChallenge = parseDigestChallenge(challenged.headers['www-authenticate'] as string)!;
      const header = digestAuthorizationHeader(headerChallenge, { username: SHELLY_DIGEST_USER, password: PASSWORD }, { method: 'POST', uri: '/rpc', nc: 1 });
      expect((await postJson(sim.host, '/rpc', frame, { Authorization: header })).status).to.equal(200);

      const wrong = await postJson(sim.host, '/rpc', { ...frame, auth: frameAuth(challenge, 'nope') });
      expect(wrong.status).to.equal(401);
      expect(sim.stats.authFailures).to.equal(1);
    });
  });

  describe('Gen2+ digest inside WebSocket frames', () => {
    it('challenges with a JSON-string message, accepts the right auth and refuses a wrong one', async () => {
      const sim = await start({ model: 'SPEM-002CEBEU50', password: PASSWORD });
      const client = await connect(sim);
      const info = await client.call({ id: 1, src: 'ws-auth', method: 'Shelly.GetDeviceInfo' });
      expect(info.result.auth_domain).to.equal(sim.id); // exempt

      const refused = await client.call({ id: 2, src: 'ws-auth', method: 'Shelly.GetStatus' });
      expect(refused.error.code).to.equal(401);
      const challenge = parseFrameChallenge(refused.error.message)!;
      expect(JSON.parse(refused.error.message)).to.include({ auth_type: 'digest', nc: 1, realm: sim.id, algorithm: 'SHA-256' });
      expect(JSON.parse(refused.error.message).nonce).to.be.a('number');

      // Not yet authenticated: no notifications.
      sim.setChannel(0, { powerW: 900 });
      await client.call({ id: 3, src: 'ws-auth', method: 'Shelly.GetDeviceInfo' });
      expect(client.frames.filter((f) => f.method === 'NotifyStatus')).to.deep.equal([]);

      const wrong = await client.call({ id: 4, src: 'ws-auth', method: 'Shelly.GetStatus', auth: frameAuth(challenge, 'nope') });
      expect(wrong.error.code).to.equal(401);
      expect(sim.stats.authFailures).to.equal(1);

      const ok = await client.call({ id: 5, src: 'ws-auth', method: 'Shelly.GetStatus', auth: frameAuth(challenge, PASSWORD, 2) });
      expect(ok.result['em1:0'].act_power).to.equal(900);
      sim.setChannel(0, { powerW: -900 });
      const note = await client.next((f) => f.method === 'NotifyStatus');
      expect(note.params['em1:0'].act_power).to.equal(-900);
    });
  });

  describe('Gen1 basic', () => {
    it('protects everything but /shelly with the configured user name', async () => {
      const sim = await start({ model: 'SHEM-3', password: PASSWORD, username: 'boss' });
      expect(identifyShelly(await getJson(sim.host, '/shelly')).authRequired).to.equal(true);
      const challenged = await request(sim.host, '/status');
      expect(challenged.status).to.equal(401);
      expect(challenged.headers['www-authenticate']).to.match(/^Basic realm=/);
      expect(sim.stats.authFailures).to.equal(0); // no credentials is not a failure
      expect((await request(sim.host, '/status', { headers: basic('boss', PASSWORD) })).status).to.equal(200);
      expect((await request(sim.host, '/emeter/0', { headers: basic('boss', PASSWORD) })).status).to.equal(200);
      expect((await request(sim.host, '/status', { headers: basic('admin', PASSWORD) })).status).to.equal(401);
      expect((await request(sim.host, '/status', { headers: basic('boss', 'nope') })).status).to.equal(401);
      expect(sim.stats.authFailures).to.equal(2);
      const settings = await getJson(sim.host, '/settings', basic('boss', PASSWORD));
      expect(settings.login).to.include({ enabled: true, username: 'boss' });
    });
  });
});
