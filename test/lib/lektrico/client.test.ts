import { expect } from 'chai';
import { LektricoClient } from '../../../lib/lektrico/client';
import { LektricoRpcError } from '../../../lib/lektrico/rpc-error';
import { LektricoTransportError } from '../../../lib/lektrico/transport-error';
import { StationSimulator } from '../../../lib/sim/lektrico/station-simulator';

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('LektricoClient against the simulator', () => {
  let sim: StationSimulator;
  let client: LektricoClient;

  const open = async (sim_: StationSimulator, options: Partial<ConstructorParameters<typeof LektricoClient>[0]> = {}) => {
    sim = sim_;
    await sim.start();
    client = new LektricoClient({ host: sim.host, timeoutMs: 2000, ...options });
  };

  afterEach(async () => {
    client?.close();
    await sim?.stop();
  });

  it('reads every method a station node uses', async () => {
    await open(new StationSimulator({ type: '3p22k', serial: '700042' }));
    expect(await client.getDeviceId()).to.equal('3p22k_700042');
    const info = await client.getChargerInfo();
    expect(info.state).to.be.oneOf(['connected', 'charging']);
    expect(info.currentsA).to.have.length(3);
    expect(info.firmware).to.equal('1.51');
    expect(await client.getDynamicCurrent()).to.deep.equal({ dynamicCurrentA: 32, relayMode: 3 });
    expect(await client.getAppConfig()).to.include({ installCurrentA: 32, userCurrentA: 32, headless: true });
    expect(await client.getActiveErrors()).to.deep.equal([]);
    expect(await client.getChargerConfig()).to.deep.equal({ serialNumber: '700042', boardRevision: 'E' });
    expect(sim.calls.map((c) => `${c.http} ${c.method}`)).to.deep.equal([
      'GET Device_id.Get',
      'GET charger_info.get',
      'GET dynamic_current.get',
      'GET app_config.get',
      'GET active_errors.get',
      'GET charger_config.get',
    ]);
  });

  it('writes dynamic_current (with relay_mode) in lektricowifi frames and the station applies it', async () => {
    await open(new StationSimulator({ type: '3p22k' }), { callerName: 'test' });
    expect(await client.setDynamicCurrent(10)).to.equal(true);
    expect(await client.setDynamicCurrent(16, 1)).to.equal(true);
    const frames = sim.framesOf('dynamic_current.set').map((c) => c.frame);
    expect(frames[0]).to.include({ src: 'test', method: 'dynamic_current.set' });
    expect(frames[0]?.params).to.deep.equal({ dynamic_current: 10 });
    expect(frames[1]).to.include({ method: 'dynamic_current.Set' });
    expect(frames[1]?.params).to.deep.equal({ dynamic_current: 16, relay_mode: 1 });
    expect(frames[0]?.id).to.be.a('number');
    expect(frames[1]?.id).to.not.equal(frames[0]?.id);
    expect(await client.getDynamicCurrent()).to.deep.equal({ dynamicCurrentA: 16, relayMode: 1 });
  });

  it('starts and stops sessions; result false means not applied', async () => {
    await open(new StationSimulator({ headless: false }));
    expect((await client.getChargerInfo()).state).to.equal('need_auth');
    expect(await client.startCharging('node-red')).to.equal(true);
    expect(sim.framesOf('charge.start')[0].params).to.deep.equal({ tag: 'node-red' });
    expect(await client.stopCharging()).to.equal(true);
    expect(await client.stopCharging()).to.equal(false); // no session left to stop
  });

  it('refuses to send anything outside {0} ∪ [6, 32] or a non-integer', async () => {
    await open(new StationSimulator());
    for (const bad of [1, 5, 33, 6.5, -1, NaN, Infinity]) {
      expect(await failure(client.setDynamicCurrent(bad))).to.be.instanceOf(RangeError);
    }
    expect(await failure(client.setDynamicCurrent(16, 2 as 1))).to.be.instanceOf(RangeError);
    expect(sim.calls).to.deep.equal([]);
  });

  it('turns every documented error frame into a typed error with its meaning', async () => {
    await open(new StationSimulator({ type: '1p7k' }));
    const cases: Array<[Promise<unknown>, number, string]> = [
      [client.call('dynamic_current.set', { dynamic_current: 40 }), -4, 'integer out of range'],
      [client.call('dynamic_current.set', { dynamic_current: 3 }), -4, 'integer out of range'],
      [client.call('dynamic_current.set', { dynamic_current: '16' }), -5, 'wrong value type'],
      [client.call('dynamic_current.set', {}), -2, 'bad JSON or missing keys'],
      [client.call('dynamic_current.set', { dynamic_current: 16, relay_mode: 1 }), -6, 'unknown key'],
      [client.call('app_config.set', { config_key: 'colour', config_value: 1 }), -6, 'unknown key'],
      [client.call('charge.start', { tag: 'x'.repeat(40) }), -3, 'string length wrong'],
      [client.call('no_such.method'), -1, 'general failure'],
    ];
    for (const [promise, code, meaning] of cases) {
      const err = await failure(promise);
      expect(err, meaning).to.be.instanceOf(LektricoRpcError);
      expect((err as LektricoRpcError).code).to.equal(code);
      expect((err as LektricoRpcError).meaning).to.equal(meaning);
    }
    sim.model.unplugCar();
    const prohibited = await failure(client.startCharging('t'));
    expect((prohibited as LektricoRpcError).code).to.equal(-7);
    expect(prohibited.message).to.equal('charge.start: -7 action prohibited');
  });

  it('reports HTTP 500, a non-JSON content type, bad JSON and a dropped connection', async () => {
    await open(new StationSimulator());
    sim.injectFault({ kind: 'http-500' });
    let err = await failure(client.getChargerInfo());
    expect(err).to.be.instanceOf(LektricoTransportError).and.to.include({ kind: 'http', httpStatus: 500 });
    sim.injectFault({ kind: 'html' });
    err = await failure(client.getChargerInfo());
    expect(err).to.include({ kind: 'content-type' });
    expect(err.message).to.match(/text\/html/);
    sim.injectFault({ kind: 'bad-json' });
    expect(await failure(client.getChargerInfo())).to.include({ kind: 'protocol' });
    sim.injectFault({ kind: 'drop' });
    expect(await failure(client.getChargerInfo())).to.include({ kind: 'network' });
    expect((await client.getChargerInfo()).state).to.not.equal('unknown'); // and then it works again
  });

  it('times out on a station that never answers, and the next request still works', async () => {
    await open(new StationSimulator(), { timeoutMs: 150 });
    sim.injectFault({ kind: 'hang' });
    expect(await failure(client.getChargerInfo())).to.include({ kind: 'timeout' });
    expect(await client.getDeviceId()).to.equal(sim.deviceId);
  });

  it('times out on a station that sends the headers and then trickles the body, and the queue moves on', async () => {
    await open(new StationSimulator(), { timeoutMs: 300 });
    sim.injectFault({ kind: 'trickle', method: 'charger_info.get' });
    const startedAt = Date.now();
    const trickled = failure(client.getChargerInfo());
    const queued = client.getDeviceId();
    const settled = await Promise.race([trickled, new Promise<string>((resolve) => setTimeout(() => resolve('still waiting after 3 s'), 3000))]);
    expect(settled).to.include({ kind: 'timeout' });
    expect(Date.now() - startedAt).to.be.below(1500);
    expect(await queued).to.equal(sim.deviceId);
  });

  it('refuses a reply larger than 1 MB as not a station', async () => {
    await open(new StationSimulator());
    sim.injectFault({ kind: 'oversized' });
    const err = await failure(client.getChargerInfo());
    expect(err).to.include({ kind: 'protocol' });
    expect(err.message).to.equal("charger_info.get: reply larger than 1048576 bytes, not a station's");
    expect((await client.getChargerInfo()).state).to.not.equal('unknown');
  });

  it('keeps one request in flight at a time', async () => {
    await open(new StationSimulator());
    await Promise.all([client.getChargerInfo(), client.getDeviceId(), client.setDynamicCurrent(8), client.getAppConfig()]);
    expect(sim.peakConcurrentRequests).to.equal(1);
    expect(sim.calls.map((c) => c.method)).to.deep.equal(['charger_info.get', 'Device_id.Get', 'dynamic_current.set', 'app_config.get']);
  });

  it('sends HTTP Basic credentials when configured and reports wrong ones', async () => {
    await open(new StationSimulator({ credentials: { username: 'admin', password: 's3cret' } }), {
      username: 'admin',
      password: 's3cret',
    });
    expect(await client.getDeviceId()).to.equal(sim.deviceId);
    const wrong = new LektricoClient({ host: sim.host, username: 'admin', password: 'nope' });
    const anonymous = new LektricoClient({ host: sim.host });
    try {
      expect(await failure(wrong.getDeviceId())).to.include({ kind: 'auth', httpStatus: 401 });
      expect(await failure(anonymous.getDeviceId())).to.include({ kind: 'auth' });
    } finally {
      wrong.close();
      anonymous.close();
    }
  });

  it('aborts the request in flight and everything queued on close', async () => {
    await open(new StationSimulator(), { timeoutMs: 5000 });
    sim.injectFault({ kind: 'hang' });
    const hanging = failure(client.getChargerInfo());
    const queued = failure(client.getDeviceId());
    client.close();
    expect(await hanging).to.include({ kind: 'aborted' });
    expect(await queued).to.include({ kind: 'aborted' });
  });

  it('reports a switched-off station as a network error', async () => {
    await open(new StationSimulator());
    sim.setOffline(true);
    expect(await failure(client.getChargerInfo())).to.include({ kind: 'network' });
    expect(sim.offlineAttempts).to.equal(1);
    sim.setOffline(false);
    expect(await client.getDeviceId()).to.equal(sim.deviceId);
  });
});
