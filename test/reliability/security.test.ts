import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../../lib/project-root';
import { StationSimulator } from '../../lib/sim/lektrico/station-simulator';
import { ShellySimulator } from '../../lib/sim/shelly/simulator';
import { emFlow } from './support/em-flow';
import { RuntimeProcess } from './support/runtime-process';
import { until } from './support/wait';

/**
 * Security, in a real Node-RED (child process): passwords live only in Node-RED's encrypted
 * credentials, never in the flow (exported or on disk) nor in anything logged, even while the
 * devices refuse them; the edit dialogs' search endpoints need the admin's permission when
 * adminAuth is on; and no source evaluates input as code.
 */
const METER_PASSWORD = 'Meter-S3cret-9f1c';
const STATION_PASSWORD = 'Station-S3cret-77ab';

/** Every form a secret could leak in: as is, and the HTTP Basic header the station client builds. */
const secretForms = (): string[] => [METER_PASSWORD, STATION_PASSWORD, Buffer.from(`admin:${STATION_PASSWORD}`).toString('base64')];

function leaks(text: string): string[] {
  return secretForms().filter((secret) => text.includes(secret));
}

describe('reliability: security', function () {
  this.timeout(120_000);
  let runtime: RuntimeProcess | undefined;
  const stops: Array<() => Promise<void>> = [];

  afterEach(async () => {
    runtime?.kill();
    runtime?.cleanUp();
    runtime = undefined;
    await Promise.all(stops.splice(0).map((stop) => stop()));
  });

  it('keeps the passwords out of the exported flow, the flow file and every log line, also while the devices refuse them', async () => {
    // The devices want other passwords: every attempt fails and is logged.
    const meter = await ShellySimulator.start({ model: 'SPEM-003CEBEU', password: 'what-the-meter-wants' });
    const station = new StationSimulator({ type: '1p7k', credentials: { username: 'admin', password: 'what-the-station-wants' } });
    await station.start();
    stops.push(() => meter.stop(), () => station.stop());
    runtime = await RuntimeProcess.start({ settings: { lektricoShellyDeviceBackoff: { initialMs: 50, maxMs: 200 } } });
    const rt = runtime;
    const { nodes, ids } = emFlow({
      meter: { host: meter.host, transport: 'websocket', pollInterval: 0.2 },
      stations: [{ key: 'garage', host: station.host, phases: 'L1', pollInterval: 0.1, timeout: 0.5 }],
      inlineCredentials: { 'em-dev': { password: METER_PASSWORD }, 'em-st-garage': { username: 'admin', password: STATION_PASSWORD } },
    });
    await rt.deploy(nodes);
    await until(() => meter.stats.authFailures >= 3 && rt.logs.some((l) => /HTTP 401/.test(l.msg)), 'failed logins at both devices, logged', 20_000);

    const exported = await rt.request('GET', 'flows', { headers: { 'Node-RED-API-Version': 'v2' } });
    expect(exported.status).to.equal(200);
    expect(leaks(exported.body), 'GET /flows').to.deep.equal([]);
    const creds = await rt.request('GET', `credentials/lektrico-shelly-device/${ids.device}`);
    const editorView = JSON.parse(creds.body) as Record<string, unknown>;
    expect(editorView, 'what the editor gets back: that there is a password, not the password').to.include({ has_password: true }).and.not.have.property('password');

    const onDisk = fs.readdirSync(rt.userDir).filter((f) => /^flows.*\.json$/.test(f));
    expect(onDisk).to.include.members(['flows.json', 'flows_cred.json']);
    for (const file of onDisk) expect(leaks(fs.readFileSync(path.join(rt.userDir, file), 'utf8')), file).to.deep.equal([]);

    const logged = [...rt.logs.map((l) => l.msg), ...rt.output].join('\n');
    expect(rt.logs.length, 'log lines looked at (trace level)').to.be.greaterThan(50);
    expect(leaks(logged), 'logs and console output').to.deep.equal([]);
  });

  it('answers the editor\'s device searches and connection tests only with the permission each needs when adminAuth is on', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bcrypt = require('bcryptjs') as { hashSync(password: string, rounds: number): string };
    runtime = await RuntimeProcess.start({
      settings: {
        adminAuth: {
          type: 'credentials',
          users: [
            { username: 'admin', password: bcrypt.hashSync('admin-pw', 8), permissions: '*' },
            { username: 'viewer', password: bcrypt.hashSync('viewer-pw', 8), permissions: 'read' },
          ],
        },
        // The searches listen briefly on a loopback port of their own.
        lektricoEmMdnsInterface: '127.0.0.1',
        lektricoEmMdnsPort: 40_000 + Math.floor(Math.random() * 10_000),
        lektricoEmDiscoveryMs: 200,
      },
    });
    const rt = runtime;
    const endpoints = ['lektrico-em/shelly/discover', 'lektrico-em/stations/discover'];
    for (const endpoint of endpoints) expect((await rt.request('GET', endpoint)).status, `${endpoint} without a token`).to.equal(401);
    const wrong = await rt.request('POST', 'auth/token', { body: { client_id: 'node-red-admin', grant_type: 'password', scope: '*', username: 'admin', password: 'guess' } });
    expect(wrong.status, 'a wrong admin password gets no token').to.equal(403);
    const login = await rt.request('POST', 'auth/token', { body: { client_id: 'node-red-admin', grant_type: 'password', scope: '*', username: 'admin', password: 'admin-pw' } });
    const token = (JSON.parse(login.body) as { access_token: string }).access_token;
    for (const endpoint of endpoints) {
      const reply = await rt.request('GET', endpoint, { token });
      expect(reply.status, `${endpoint} with the admin's token`).to.equal(200);
      expect(JSON.parse(reply.body)).to.have.any.keys('devices', 'stations');
    }
    expect((await rt.request('GET', endpoints[0], { token: `${token}x` })).status, 'a forged token').to.equal(401);

    // Test connection may send a node's stored password to the host typed in, so it needs the write
    // permission (who may deploy flows), not only the read one.
    const tests = ['lektrico-em/shelly/test', 'lektrico-em/stations/test'];
    const viewerLogin = await rt.request('POST', 'auth/token', { body: { client_id: 'node-red-admin', grant_type: 'password', scope: 'read', username: 'viewer', password: 'viewer-pw' } });
    const viewer = (JSON.parse(viewerLogin.body) as { access_token: string }).access_token;
    const nobodyListens = { host: '127.0.0.1:9', timeout: 0.5 };
    for (const endpoint of tests) {
      expect((await rt.request('POST', endpoint, { body: nobodyListens })).status, `${endpoint} without a token`).to.equal(401);
      // Node-RED answers a missing permission with 401 too.
      expect((await rt.request('POST', endpoint, { body: nobodyListens, token: viewer })).status, `${endpoint} for a read-only user`).to.equal(401);
      const reply = await rt.request('POST', endpoint, { body: nobodyListens, token });
      expect(reply.status, `${endpoint} with the admin's token: answered (the failure is in the body)`).to.be.oneOf([200, 400]);
    }
    expect((await rt.request('GET', endpoints[0], { token: viewer })).status, 'a read-only user may search').to.equal(200);
  });

  it('never evaluates input as code: no eval, new Function or vm in lib/ or nodes/', () => {
    const root = projectRoot();
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.(ts|js|html)$/.test(entry.name)) {
          fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
            if (/\beval\s*\(|\bnew\s+Function\s*\(|(?<![.\w])Function\s*\(\s*['"`]|require\(\s*['"](node:)?vm['"]\s*\)|from\s+['"](node:)?vm['"]|\bsetTimeout\s*\(\s*['"`]|\bsetInterval\s*\(\s*['"`]/.test(line)) {
              offenders.push(`${path.relative(root, file)}:${i + 1}: ${line.trim()}`);
            }
          });
        }
      }
    };
    walk(path.join(root, 'lib'));
    walk(path.join(root, 'nodes'));
    expect(offenders).to.deep.equal([]);
  });
});
