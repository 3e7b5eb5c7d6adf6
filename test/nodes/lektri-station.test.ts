import * as http from 'node:http';
import { expect } from 'chai';
import { helper, waitForMessage, waitForStatus, type FlowNode, type TestNode } from '../support/node-red-helper';
import { isStationCurrent } from '../../lib/lektrico/station-current';
import type { StationTelemetry } from '../../lib/lektrico/station-telemetry';
import { StationSimulator, type StationSimulatorOptions } from '../../lib/sim/lektrico/station-simulator';
import register = require('../../nodes/lektri-station/lektri-station');

type Msg = Record<string, any>;

/** The station node with helpers behind it: telemetry out, a Complete node (done()) and a Catch node (done(err)). */
function flow(config: Record<string, unknown>): FlowNode[] {
  return [
    { id: 'tab', type: 'tab', label: 'test' },
    { id: 'st', type: 'lektrico-station', z: 'tab', name: 'station', wires: [['out']], ...config },
    { id: 'out', type: 'helper', z: 'tab' },
    { id: 'cmp', type: 'complete', z: 'tab', scope: ['st'], uncaught: false, wires: [['done']] },
    { id: 'done', type: 'helper', z: 'tab' },
    { id: 'ctch', type: 'catch', z: 'tab', scope: ['st'], uncaught: false, wires: [['err']] },
    { id: 'err', type: 'helper', z: 'tab' },
  ];
}

describe('lektrico-station node', () => {
  let sim: StationSimulator;
  let station: TestNode;
  let out: TestNode;
  let messageCount = 0;

  async function start(simOptions: StationSimulatorOptions, config: Record<string, unknown> = {}, credentials?: Record<string, string>): Promise<void> {
    sim = new StationSimulator({ car: { reactionDelayMs: 0, startLagMs: 0 }, ...simOptions });
    await sim.start();
    await helper.load(register, flow({ host: sim.host, pollInterval: 0.05, timeout: 0.5, ...config }), credentials ? { st: credentials } : undefined);
    station = helper.getNode('st');
    out = helper.getNode('out');
  }

  /** Sends a message and resolves when the node has finished with it: done() → ok, done(err) → the error text. */
  function settle(msg: Msg): Promise<{ ok: true } | { error: string }> {
    const id = `m${++messageCount}`;
    const done = helper.getNode('done');
    const err = helper.getNode('err');
    return new Promise((resolve) => {
      const onDone = (m: Msg): void => {
        if (m._msgid !== id) return;
        cleanup();
        resolve({ ok: true });
      };
      const onError = (m: Msg): void => {
        if (m._msgid !== id) return;
        cleanup();
        resolve({ error: String(m.error?.message) });
      };
      const cleanup = (): void => {
        done.removeListener('input', onDone);
        err.removeListener('input', onError);
      };
      done.on('input', onDone);
      err.on('input', onError);
      station.receive({ ...msg, _msgid: id });
    });
  }

  const telemetryWhere = (predicate: (t: StationTelemetry) => boolean, timeoutMs = 5000): Promise<StationTelemetry> =>
    waitForMessage(out, (m) => predicate(m.payload as StationTelemetry), timeoutMs).then((m) => m.payload as StationTelemetry);

  afterEach(async () => {
    await helper.unload();
    await sim?.stop();
    helper.settings({});
  });

  it('sets the current and reports it read back as telemetry, keyed by station id', async () => {
    await start({ type: '1p7k', serial: '500006' }, { phases: 'L2' });
    const first = await waitForMessage(out, () => true);
    expect(first.topic).to.equal('1p7k_500006');
    expect(first.payload).to.include({ kind: 'station-telemetry', station: '1p7k_500006', online: true, deviceType: '1p7k' });
    expect(await settle({ payload: { kind: 'station-command', station: '1p7k_500006', currentA: 16, reason: 'test', timestamp: 0 } })).to.deep.equal({ ok: true });
    const t = await telemetryWhere((x) => x.lastCommand?.currentA === 16);
    expect(t).to.include({ dynamicCurrentA: 16, pwmCurrentA: 16, state: 'charging', activePhases: 1 });
    expect(t.gridPhases).to.deep.equal(['L2']);
    expect(t.currentsA).to.deep.equal([16]);
    expect(t.lastCommand).to.include({ accepted: true });
    await waitForStatus(station, (s) => s.fill === 'green' && s.text === 'charging 16 A · 1P · 3.7 kW');
  });

  it('says why it is not charging at the current asked: paused by the chain, a cap the chain does not control', async () => {
    await start({ type: '3p22k', installCurrentA: 10 }, { phases: 'L1,L2,L3' });
    expect(await settle({ payload: 0 })).to.deep.equal({ ok: true });
    await waitForStatus(station, (s) => s.fill === 'grey' && s.text === 'paused · waiting for the chain');
    expect(await settle({ payload: 16 })).to.deep.equal({ ok: true });
    await waitForStatus(station, (s) => s.fill === 'green' && s.text === 'limited by install current → 10 A · 3P');
  });

  it('refuses to drive an EM meter, saying so in its status', async () => {
    await start({ type: '1p7k', deviceId: 'm2w_810172' });
    await waitForStatus(station, (s) => s.fill === 'red' && /^m2w_810172: EM meter, not a station · retry in/.test(s.text ?? ''));
  });

  it('sends only what changed', async () => {
    await start({ type: '1p7k' });
    for (const currentA of [16, 16, 16, 10, 10, 32, 32]) expect(await settle({ payload: currentA })).to.deep.equal({ ok: true });
    expect(sim.framesOf('dynamic_current.set').map((c) => c.params)).to.deep.equal([
      { dynamic_current: 16 },
      { dynamic_current: 10 },
      { dynamic_current: 32 },
    ]);
    expect(sim.model.flashWrites).to.equal(0); // app_config is never written
  });

  it('resends relay_mode with each current on a 3P22K and re-applies it after a reboot', async () => {
    await start({ type: '3p22k' }, { phases: 'L2,L3,L1', allowPhaseSwitching: true });
    await settle({ payload: { currentA: 16, phases: 1 } });
    await settle({ payload: { currentA: 10 } });
    let t = await telemetryWhere((x) => x.dynamicCurrentA === 10);
    expect(t).to.include({ activePhases: 1, canSwitchPhases: true });
    expect(t.gridPhases).to.deep.equal(['L2', 'L3', 'L1']);
    sim.reboot();
    t = await telemetryWhere(() => sim.framesOf('dynamic_current.set').length === 3 && sim.model.relayMode === 1);
    expect(sim.framesOf('dynamic_current.set').map((c) => c.params)).to.deep.equal([
      { dynamic_current: 16, relay_mode: 1 },
      { dynamic_current: 10, relay_mode: 1 },
      { dynamic_current: 10, relay_mode: 1 },
    ]);
    t = await telemetryWhere((x) => x.dynamicCurrentA === 10 && x.activePhases === 1);
    expect(sim.model.dynamicCurrentA).to.equal(10);
  });

  it('switched off: red status, offline telemetry once, capped backoff, resync when back', async () => {
    await start({ type: '1p7k' }, { pollInterval: 0.1 });
    await settle({ payload: 12 });
    await telemetryWhere((x) => x.dynamicCurrentA === 12);
    const seen: StationTelemetry[] = [];
    out.on('input', (m: Msg) => seen.push(m.payload));
    const statusesBefore = station.status.args?.length ?? 0;
    sim.setOffline(true);
    const offline = await telemetryWhere((x) => !x.online);
    expect(offline).to.include({ state: 'offline', powerW: 0, carConnected: false, charging: false, station: '1p7k_500001' });
    // Wait for the backoff to reach its cap (16 polls = 1.6 s), reading the retry delay off the status.
    await waitForStatus(station, (s) => /retry in 1\.6 s$/.test(s.text ?? ''), 10_000);
    const texts = (station.status.args ?? []).slice(statusesBefore).map((a) => String((a[0] as { text?: string }).text));
    const delays = texts.map((text) => /retry in ([\d.]+) s$/.exec(text)?.[1]).filter((d) => d !== undefined).map(Number);
    expect(delays).to.deep.equal([0.1, 0.2, 0.4, 0.8, 1.6]);
    expect(texts[0]).to.match(/^offline · ECONNRE(FUSED|SET) · retry in 0\.1 s$/);
    expect(sim.offlineAttempts).to.be.within(delays.length - 1, delays.length); // one connection per attempt
    expect(await settle({ payload: 20 })).to.deep.equal({ ok: true }); // accepted and kept for the resync

    sim.setOffline(false);
    const back = await telemetryWhere((x) => x.online, 10_000);
    expect(back.dynamicCurrentA).to.equal(20);
    expect(seen.filter((x) => !x.online)).to.have.length(1);
    expect(sim.framesOf('dynamic_current.set').map((c) => c.params)).to.deep.equal([{ dynamic_current: 12 }, { dynamic_current: 20 }]);
    await waitForStatus(station, (s) => s.fill === 'green');
  });

  it('reports error replies through Catch with the documented meaning', async () => {
    await start({ type: '1p7k' });
    sim.injectFault({ kind: 'rpc-error', code: -4, method: 'dynamic_current.set' });
    expect(await settle({ payload: 16 })).to.deep.equal({ error: 'LektricoRpcError: dynamic_current.set: -4 integer out of range' });
    expect(station.status.lastCall?.args[0]).to.deep.include({ fill: 'red' });
    sim.injectFault({ kind: 'rpc-error', code: -6, method: 'dynamic_current.set' });
    expect(await settle({ payload: 10 })).to.deep.equal({ error: 'LektricoRpcError: dynamic_current.set: -6 unknown key' });
    const t = await telemetryWhere((x) => x.lastCommand?.currentA === 10);
    expect(t.lastCommand?.accepted).to.equal(false);
    expect(t.dynamicCurrentA).to.equal(32); // the chain sees that the set did not take effect
  });

  it('survives HTTP 500, a non-JSON reply and a timeout, with a red status, then recovers', async () => {
    await start({ type: '1p7k' }, { timeout: 0.2 });
    await waitForStatus(station, (s) => s.fill === 'green' || s.fill === 'yellow' || s.fill === 'grey');
    sim.injectFault({ kind: 'http-500', method: 'charger_info.get' });
    await waitForStatus(station, (s) => s.fill === 'red' && /^HTTP 500/.test(s.text ?? ''));
    await waitForStatus(station, (s) => s.fill !== 'red');
    sim.injectFault({ kind: 'html', method: 'charger_info.get' });
    await waitForStatus(station, (s) => s.fill === 'red' && /^not JSON: not the station API · retry in/.test(s.text ?? ''));
    await waitForStatus(station, (s) => s.fill !== 'red');
    sim.injectFault({ kind: 'hang', method: 'charger_info.get' });
    await waitForStatus(station, (s) => s.fill === 'red' && /^offline · timeout · retry in/.test(s.text ?? ''));
    await telemetryWhere((x) => x.online);
  });

  it('starts and stops sessions on topic start/stop', async () => {
    await start({ type: '1p7k', headless: false }, { tag: 'garage' });
    await telemetryWhere((x) => x.state === 'need_auth');
    expect(await settle({ topic: 'start' })).to.deep.equal({ ok: true });
    expect(sim.framesOf('charge.start').map((c) => c.params)).to.deep.equal([{ tag: 'garage' }]);
    await telemetryWhere((x) => x.state === 'charging');
    expect(await settle({ topic: 'stop' })).to.deep.equal({ ok: true });
    expect(await settle({ topic: 'stop' })).to.deep.equal({ error: 'Error: station did not apply charge.stop (result false)' });
  });

  it('ignores commands for other stations, without output or error', async () => {
    await start({ type: '1p7k' }, { station: 'garage' });
    await telemetryWhere((x) => x.station === 'garage');
    const other = { kind: 'station-command', station: 'carport', currentA: 33, reason: '', timestamp: 0 };
    expect(await settle({ payload: other })).to.deep.equal({ ok: true });
    expect(sim.framesOf('dynamic_current.set')).to.deep.equal([]);
  });

  it('before it has read its id, never checks or applies other stations\' commands, and applies its own once it knows it', async () => {
    sim = new StationSimulator({ type: '1p7k', serial: '500006', car: { reactionDelayMs: 0, startLagMs: 0 } });
    await sim.start();
    sim.setOffline(true); // switched off when the flow starts: the node cannot read its device id yet
    await helper.load(register, flow({ host: sim.host, pollInterval: 0.05, timeout: 0.5, maxCurrent: 16 }));
    station = helper.getNode('st');
    out = helper.getNode('out');
    const command = (id: string, currentA: number): Msg => ({ payload: { kind: 'station-command', station: id, currentA, reason: '', timestamp: 0 } });
    // One splitter output feeds every station node: ours, then another station's (above this node's 16 A).
    expect(await settle(command('1p7k_500006', 10))).to.deep.equal({ ok: true });
    expect(await settle(command('carport', 32))).to.deep.equal({ ok: true });
    expect(await settle(command('carport', 8))).to.deep.equal({ ok: true });
    sim.setOffline(false);
    await telemetryWhere((x) => x.dynamicCurrentA === 10);
    expect(sim.framesOf('dynamic_current.set').map((c) => c.params)).to.deep.equal([{ dynamic_current: 10 }]);
  });

  it('reports a bad configuration instead of starting', async () => {
    sim = new StationSimulator();
    await helper.load(register, flow({ host: 'not a host' }));
    station = helper.getNode('st');
    expect(station.status.lastCall?.args[0]).to.deep.include({ fill: 'red' });
    expect(await settle({ payload: 16 })).to.deep.equal({ error: 'InputError: not configured: host "not a host" is not a host name or IP address (optionally :port)' });
  });

  it('uses the credentials from Node-RED credentials for HTTP Basic', async () => {
    await start({ type: '1p7k', credentials: { username: 'admin', password: 'pw' } }, {}, { username: 'admin', password: 'pw' });
    await telemetryWhere((x) => x.online);
  });

  it('never sends a current outside {0} ∪ [6, 32] or a non-integer, whatever comes in (fuzz)', async function () {
    this.timeout(60_000);
    await start({ type: '3p22k' }, { station: 'garage', maxCurrent: 20, allowPhaseSwitching: true });
    await telemetryWhere((x) => x.online);
    let seed = 42;
    const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
    const numbers = (): unknown =>
      pick<() => unknown>([
        () => pick([NaN, Infinity, -Infinity, -0, 0, 1, 5, 5.999, 6, 6.5, 16, 20, 21, 32, 32.0001, 33, 1e9, -1, -6, Number.MAX_VALUE, Number.MIN_VALUE]),
        () => random() * 40,
        () => Math.floor(random() * 60) - 10,
        () => pick<unknown>(['16', '', 'abc', true, false, null, undefined, [16], {}, { valueOf: () => 16 }]),
      ])();
    const phases = (): unknown => pick([undefined, 1, 3, 2, 0, '3', null]);
    const expectedOk = (current: unknown, ph?: unknown): boolean =>
      isStationCurrent(current) && (current === 0 || (current as number) <= 20) && [undefined, null, 1, 3].includes(ph as number);
    let errors = 0;
    let expectedErrors = 0;
    for (let batch = 0; batch < 30; batch++) {
      const pending: Array<Promise<{ ok: true } | { error: string }>> = [];
      for (let i = 0; i < 100; i++) {
        const kind = pick(['bare', 'object', 'command', 'other-station', 'junk']);
        const current = numbers();
        const ph = phases();
        let payload: unknown;
        let ok: boolean;
        if (kind === 'bare') [payload, ok] = [current, expectedOk(current)];
        else if (kind === 'object') [payload, ok] = [{ currentA: current, phases: ph }, expectedOk(current, ph)];
        else if (kind === 'command') [payload, ok] = [{ kind: 'station-command', station: 'garage', currentA: current, phases: ph, reason: '', timestamp: 0 }, expectedOk(current, ph)];
        else if (kind === 'other-station') [payload, ok] = [{ kind: 'station-command', station: 'carport', currentA: current, reason: '', timestamp: 0 }, true];
        else [payload, ok] = [pick(['16', 'stop', [], null, true, { kind: 'station-command', currentA: 16 }]), false];
        if (!ok) expectedErrors += 1;
        pending.push(settle({ payload }));
      }
      errors += (await Promise.all(pending)).filter((r) => 'error' in r).length;
    }
    expect(errors).to.equal(expectedErrors); // every bad input was refused with an error, every good one accepted
    const frames = sim.framesOf('dynamic_current.set');
    expect(frames.length).to.be.greaterThan(0);
    for (const frame of frames) {
      const params = frame.params as { dynamic_current: unknown; relay_mode?: unknown };
      expect(isStationCurrent(params.dynamic_current) && (params.dynamic_current as number) <= 20, JSON.stringify(params)).to.equal(true);
      expect(params.relay_mode).to.be.oneOf([1, 3]);
    }
    expect(await settle({ payload: 8 })).to.deep.equal({ ok: true }); // still alive and obeying
    await telemetryWhere((x) => x.dynamicCurrentA === 8);
  });

  it('lists stations found over mDNS for the edit dialog', async () => {
    const port = 43000 + Math.floor(Math.random() * 1000);
    helper.settings({ lektricoEmMdnsPort: port, lektricoEmMdnsInterface: '127.0.0.1', lektricoEmDiscoveryMs: 500 });
    await start({ type: '1p7k', serial: '500077', mdns: { interface: '127.0.0.1', port } });
    const admin = http.createServer((helper as unknown as { _httpAdmin: http.RequestListener })._httpAdmin);
    await new Promise<void>((resolve) => admin.listen(0, '127.0.0.1', resolve));
    try {
      const { port: adminPort } = admin.address() as { port: number };
      const body = await new Promise<string>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port: adminPort, path: '/lektrico-em/stations/discover' }, (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString()));
            res.on('end', () => resolve(text));
          })
          .on('error', reject);
      });
      const { stations } = JSON.parse(body) as { stations: Array<Record<string, unknown>> };
      expect(stations).to.have.length(1);
      expect(stations[0]).to.include({ name: 'Lektrico-1p7k-500077', host: sim.host, deviceId: '1p7k_500077', deviceType: '1p7k' });
    } finally {
      await new Promise((resolve) => admin.close(resolve));
    }
  });
});
