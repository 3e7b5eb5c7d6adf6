import { expect } from 'chai';
import { EmChain, FAST_SETTINGS, type ChainSpec, type ChainStationSpec } from './support/em-chain';
import { until } from './support/wait';

/**
 * Faults end to end: the seven node types wired as a user wires them, on real sockets to simulated
 * Shelly meters and LEKTRI.CO stations with cars (127.0.0.1). Every case checks the far end (what
 * the station received, what the car draws), the statuses and Catch messages, and that the
 * safety invariant held on every allocation the whole time. Single-node fault cases live in
 * test/nodes/*; these compose them.
 */
const garage = (over: Partial<ChainSpec> = {}): ChainSpec => ({
  meter: { model: 'SPEM-003CEBEU' },
  stations: [
    {
      key: 'garage',
      site: { simulator: { type: '3p22k', serial: '700101', car: { maxCurrentA: 32, phases: 3, reactionDelayMs: 100, startLagMs: 100 } }, gridPhases: ['L1', 'L2', 'L3'] },
    },
  ],
  ...over,
});

/** What a station must have received by then at the latest after its meter went silent: the stale timeout, the load balancer's 1 s check, a station cycle and slack for a busy machine. */
const failsafeDeadlineMs = (staleAfterS: number): number => staleAfterS * 1000 + 1000 + 2500;

describe('reliability: faults end to end (seven nodes, real sockets, simulated devices)', function () {
  this.timeout(90_000);
  let chain: EmChain | undefined;

  afterEach(async () => {
    await chain?.stop();
    chain = undefined;
  });

  for (const failsafeCurrentA of [6, 0]) {
    it(`meter offline mid-charge: the station gets ${failsafeCurrentA} A within the stale timeout, full current again when the meter returns`, async () => {
      chain = await EmChain.start(garage({ flow: { balancer: { failsafeCurrentA } } }));
      const c = chain;
      await c.untilDraw('garage', (a) => a === 22, 'charging at 22 A (25 A limit − 1 A margin − 1.5 A house, whole amps)');

      const offlineAt = Date.now();
      await c.rig.meter.setOffline(true);
      await until(() => c.frames('garage').some((f) => f.at >= offlineAt && f.currentA === failsafeCurrentA), `fail-safe ${failsafeCurrentA} A at the station`);
      const failsafeFrame = c.frames('garage').find((f) => f.at >= offlineAt && f.currentA === failsafeCurrentA)!;
      expect(failsafeFrame.at - offlineAt, 'ms from the meter going silent to the fail-safe frame').to.be.at.most(failsafeDeadlineMs(FAST_SETTINGS.balancer.staleAfterS));
      await c.untilDraw('garage', (a) => a <= failsafeCurrentA, `the car follows the fail-safe ${failsafeCurrentA} A`);
      await c.untilStatus(c.ids.balancer, (s) => s.fill === 'yellow' && (s.text ?? '').startsWith(`fail-safe ${failsafeCurrentA} A`), 'fail-safe status');
      await c.untilStatus(c.ids.meter, (s) => s.fill === 'red' && /connection refused/.test(s.text ?? ''), 'meter red');
      expect(c.monitor.errorsOf(c.ids.meter).some((m) => /connection refused|closed the WebSocket/.test(m)), 'the meter reported the loss to Catch').to.equal(true);

      await c.rig.meter.setOffline(false);
      await c.untilDraw('garage', (a) => a === 22, 'back at 22 A');
      await c.untilStatus(c.ids.balancer, (s) => s.fill === 'green', 'balancer green again');
      c.expectSafe();
    });
  }

  it('the WebSocket drops five times: each time a new one, readings resume, the car never leaves its current', async () => {
    // A 3 s stale timeout: a reconnect on 127.0.0.1 takes milliseconds, even on a busy machine.
    chain = await EmChain.start(garage({ flow: { balancer: { staleAfterS: 3 } } }));
    const c = chain;
    await c.untilDraw('garage', (a) => a === 22, 'charging at 22 A');
    const framesBefore = c.frames('garage').length;
    for (let drop = 1; drop <= 5; drop++) {
      const connections = c.rig.meter.stats.wsConnections;
      c.rig.meter.dropWebSockets();
      await until(() => c.rig.meter.stats.wsConnections > connections, `WebSocket #${drop} re-opened`);
      await c.untilStatus(c.ids.meter, (s) => s.fill === 'green' && / · ws · /.test(s.text ?? ''), `readings over the new WebSocket #${drop}`);
    }
    expect(c.drawA('garage')).to.equal(22);
    expect(c.frames('garage').slice(framesBefore), 'nothing re-sent to the station').to.deep.equal([]);
    c.expectSafe();
  });

  it('the WebSocket stalls without closing: detected by the call deadline, the meter falls back to HTTP polling and the car charges on', async () => {
    chain = await EmChain.start(garage({ flow: { meter: { transport: 'auto' } } }));
    const c = chain;
    await c.untilDraw('garage', (a) => a === 22, 'charging at 22 A');
    c.rig.meter.stallWebSockets(true);
    await c.untilStatus(c.ids.meter, (s) => s.fill === 'green' && / · http · /.test(s.text ?? ''), 'readings over HTTP');
    expect(c.monitor.errorsOf(c.ids.meter).some((m) => /stalled WebSocket/.test(m)), 'the stall reported to Catch').to.equal(true);
    // Whatever the fail-safe did while the stall was being detected, the chain is back in charge.
    await c.untilStatus(c.ids.balancer, (s) => s.fill === 'green', 'balancer green');
    await c.untilDraw('garage', (a) => a === 22, 'charging at 22 A on HTTP readings');
    c.expectSafe();
  });

  it('a slow meter (every reply 2 s late): no fail-safe, and an oven is still cut on the next reading', async () => {
    chain = await EmChain.start(garage({ flow: { meter: { transport: 'http', timeout: 3 }, balancer: { staleAfterS: 5 } } }));
    const c = chain;
    await c.untilDraw('garage', (a) => a === 22, 'charging at 22 A');
    c.rig.meter.setFault({ kind: 'slow', delayMs: 2000 });
    const slowFrom = Date.now();
    c.home.setHouseA([14.5, 1.5, 1.5]); // a 3 kW oven on L1
    await c.untilDraw('garage', (a) => a <= 9, 'cut to 25 − 1 − 14.5 → 9 A');
    expect(c.dynamicA('garage')).to.equal(9);
    await c.untilStatus(c.ids.meter, (s) => s.fill === 'green', 'meter still green');
    expect(c.frames('garage').filter((f) => f.at >= slowFrom).map((f) => f.currentA), 'one cut, no fail-safe').to.deep.equal([9]);
    c.rig.meter.clearFault();
    c.expectSafe();
  });

  it('a meter read every 10 s (Gen1 3EM) with a stale timeout above it: never a fail-safe between readings, an overload cut on the next one', async function () {
    this.timeout(120_000);
    chain = await EmChain.start(
      garage({ meter: { model: 'SHEM-3' }, flow: { meter: { transport: 'http', pollInterval: 10, timeout: 2 }, balancer: { staleAfterS: 25, increaseHoldS: 10 } } }),
    );
    const c = chain;
    await c.untilDraw('garage', (a) => a === 22, 'charging at 22 A', 30_000);
    const from = Date.now();
    c.home.setHouseA([14.5, 1.5, 1.5]);
    await c.untilDraw('garage', (a) => a <= 9, 'cut to 9 A on the next 10 s reading', 30_000);
    expect(c.frames('garage').filter((f) => f.at >= from).map((f) => f.currentA)).to.deep.equal([9]);
    expect(c.monitor.lastTarget?.failsafe, 'no fail-safe').to.equal(undefined);
    c.expectSafe();
  });

  it('the station unreachable and rebooted meanwhile: offline once, retries with growing delays, dynamic current and relay mode resynchronised when it answers', async () => {
    chain = await EmChain.start(
      garage({
        stations: [
          {
            key: 'garage',
            site: { simulator: { type: '3p22k', serial: '700102', car: { maxCurrentA: 32, phases: 3, reactionDelayMs: 100, startLagMs: 100 } }, gridPhases: ['L1', 'L2', 'L3'] },
            node: { allowPhaseSwitching: true },
          },
        ],
        // Hybrid on one phase: the station is held at 10 A with relay_mode 1, both volatile on the device.
        flow: { surplus: { mode: 'hybrid', hybridCurrentA: 10, hybridSinglePhase: true } },
      }),
    );
    const c = chain;
    const station = c.station('garage');
    await until(() => station.model.relayMode === 1 && station.model.dynamicCurrentA === 10, 'relay_mode 1 at 10 A', 15_000, c.statusLine.bind(c));
    const offlineTelemetryBefore = c.monitor.telemetry.filter((t) => !t.online).length;

    station.setOffline(true);
    await c.untilStatus(c.ids.stations[0], (s) => /retry in 1\.6 s$/.test(s.text ?? ''), 'retrying at the cap (16 polls)');
    station.reboot(); // volatile settings back to boot values: 32 A, relay_mode 3
    expect([station.model.dynamicCurrentA, station.model.relayMode]).to.deep.equal([32, 3]);
    const delays = c.statusTexts(c.ids.stations[0]).map((t) => /retry in ([\d.]+) s$/.exec(t)?.[1]).filter((d) => d !== undefined).map(Number);
    expect(delays.slice(0, 5), 'backoff doubles from the poll interval').to.deep.equal([0.1, 0.2, 0.4, 0.8, 1.6]);
    expect(station.offlineAttempts, 'one connection per announced attempt').to.be.at.most(delays.length + 1);

    const back = Date.now();
    station.setOffline(false);
    await until(() => station.model.relayMode === 1 && station.model.dynamicCurrentA === 10, 'resynchronised: 10 A, relay_mode 1', 15_000, c.statusLine.bind(c));
    // The splitter paused the station while it could not be read: that pause is what is resent
    // first, then the chain raises it again, relay_mode 1 included.
    const resync = c.frames('garage').filter((f) => f.at >= back);
    expect(resync[0].currentA, 'first frame after the return').to.equal(0);
    expect(resync[resync.length - 1]).to.deep.equal({ at: resync[resync.length - 1].at, currentA: 10, relayMode: 1 });
    expect(c.monitor.telemetry.filter((t) => !t.online).length - offlineTelemetryBefore, 'offline telemetry once').to.equal(1);
    c.expectSafe();
  });

  it('a station that refuses a cut keeps its current: the other car pauses rather than fill the room it was to free', async () => {
    const car = { maxCurrentA: 32, phases: 3 as const, reactionDelayMs: 100, startLagMs: 100 };
    const station = (key: string, serial: string): ChainStationSpec => ({ key, site: { simulator: { type: '3p22k', serial, car }, gridPhases: ['L1', 'L2', 'L3'] } });
    chain = await EmChain.start({ meter: { model: 'SPEM-003CEBEU' }, stations: [station('garage', '700111'), station('carport', '700112')] });
    const c = chain;
    await c.untilDraw('garage', (a) => a === 11, '11 A: 22.5 A of room shared');
    await c.untilDraw('carport', (a) => a === 11, '11 A: 22.5 A of room shared');
    // Old firmware, a fault: the garage's station answers every dynamic_current.set with result false.
    c.station('garage').injectFault({ kind: 'result-false', method: 'dynamic_current.set', count: 1_000_000 });
    c.home.setHouseA([7.5, 1.5, 1.5]); // an oven on L1: 16.5 A of room, 8 A each if both obeyed
    await c.untilDraw('carport', (a) => a === 0, 'paused: the garage still draws 11 A of the 16.5 A');
    await c.untilStatus(c.ids.splitter, (s) => s.fill === 'yellow' && / holds 11 A: a cut was not applied$/.test(s.text ?? ''), 'the splitter says why');
    expect(c.drawA('garage'), 'the garage car keeps what its station still offers').to.equal(11);
    const l1A = 7.5 + c.drawA('garage') + c.drawA('carport');
    expect(l1A, 'L1 within the 25 A limit').to.be.at.most(25);
    c.expectSafe();
  });

  it('meter and station offline together: fail-safe queued, then the full current once both answer', async () => {
    chain = await EmChain.start(garage());
    const c = chain;
    const station = c.station('garage');
    await c.untilDraw('garage', (a) => a === 22, 'charging at 22 A');
    station.setOffline(true);
    await c.rig.meter.setOffline(true);
    await c.untilStatus(c.ids.balancer, (s) => s.fill === 'yellow' && /^fail-safe 6 A/.test(s.text ?? ''), 'fail-safe');
    await c.untilStatus(c.ids.stations[0], (s) => s.fill === 'red' && /^offline · /.test(s.text ?? ''), 'station red');
    station.setOffline(false);
    await until(() => station.model.dynamicCurrentA === 6, 'the station resynchronised to the fail-safe 6 A', 15_000, c.statusLine.bind(c));
    await c.rig.meter.setOffline(false);
    await c.untilDraw('garage', (a) => a === 22, 'back at 22 A');
    c.expectSafe();
  });

  it('another Shelly model appears at the meter\'s address: re-identified, readings resume through the normalizer', async () => {
    chain = await EmChain.start(garage());
    const c = chain;
    await c.untilDraw('garage', (a) => a === 22, 'charging at 22 A');
    await c.untilStatus(c.ids.meter, (s) => /^Pro 3EM · Gen2/.test(s.text ?? ''), 'Pro 3EM');
    await c.rig.replaceMeter({ model: 'S3EM-003CXCEU63' });
    await c.untilStatus(c.ids.meter, (s) => s.fill === 'green' && /^3EM-63 Gen3 · Gen3 · ws/.test(s.text ?? ''), 'the 3EM-63 Gen3 identified');
    c.home.setHouseA([14.5, 1.5, 1.5]);
    await c.untilDraw('garage', (a) => a <= 9, 'cut to 9 A on the new meter\'s readings');
    c.expectSafe();
  });

  it('wrong password: a clear red status, reported once, retried only at the longest back-off, and the stations on the fail-safe', async () => {
    chain = await EmChain.start(garage({ meter: { model: 'SPEM-003CEBEU', password: 'right' }, credentials: { 'em-dev': { password: 'wrong' } } }));
    const c = chain;
    await c.untilStatus(c.ids.meter, (s) => s.fill === 'red' && s.text === 'wrong password for user admin', 'red: wrong password');
    await until(() => c.rig.meter.stats.authFailures >= 4, 'four attempts', 15_000);
    await until(() => c.station('garage').model.dynamicCurrentA === 6, 'fail-safe 6 A at the station', 15_000, c.statusLine.bind(c));
    const reported = c.monitor.errorsOf(c.ids.meter);
    expect(reported.filter((m) => /wrong password for user admin/.test(m)), 'reported once').to.have.length(1);
    const gaps = c.attemptGapsMs(c.ids.meter);
    expect(gaps.length).to.be.at.least(2);
    // The longest back-off step is 400 ms here (±20 % jitter): a tight loop would retry at once.
    for (const gap of gaps) expect(gap, 'ms between attempts').to.be.at.least(0.75 * FAST_SETTINGS.backoff.maxMs);
    c.expectSafe();
  });

  it('a meter that needs a password it was not given and a station that answers 500 forever: red statuses, bounded retries, nothing written; the station gets the fail-safe once it recovers', async () => {
    chain = await EmChain.start(garage({ meter: { model: 'SPEM-003CEBEU', password: 'set-but-not-given' } }));
    const c = chain;
    const station = c.station('garage');
    station.injectFault({ kind: 'http-500', count: Infinity });
    await c.untilStatus(c.ids.meter, (s) => s.fill === 'red' && /set the password/.test(s.text ?? ''), 'meter red: password needed');
    await c.untilStatus(c.ids.stations[0], (s) => s.fill === 'red' && /HTTP 500/.test(s.text ?? '') && /retry in 1\.6 s$/.test(s.text ?? ''), 'station red, retrying at the cap');
    expect(c.monitor.errorsOf(c.ids.meter).filter((m) => /set the password/.test(m)), 'the meter reported once').to.have.length(1);
    for (const gap of c.attemptGapsMs(c.ids.meter)) expect(gap).to.be.at.least(0.75 * FAST_SETTINGS.backoff.maxMs);
    expect(c.frames('garage'), 'nothing written while it fails').to.deep.equal([]);

    station.clearFaults();
    // No meter reading ever: the load balancer's fail-safe (no reading since start) reaches the station.
    await until(() => station.model.dynamicCurrentA === 6, 'the station at the fail-safe 6 A', 15_000, c.statusLine.bind(c));
    await c.untilDraw('garage', (a) => a <= 6, 'the car at 6 A');
    c.expectSafe();
  });

  it('a meter that answers HTTP 500 forever and a station that answers 401 forever: red statuses, reported once, retries slowing to their caps, nothing written', async () => {
    chain = await EmChain.start(
      garage({
        stations: [
          {
            key: 'garage',
            site: { simulator: { type: '1p7k', serial: '500102', credentials: { username: 'admin', password: 'right' } }, gridPhases: ['L1'] },
          },
        ],
        flow: { meter: { transport: 'http' } },
        credentials: { 'em-st-garage': { username: 'admin', password: 'wrong' } },
      }),
    );
    const c = chain;
    c.rig.meter.setFault({ kind: 'http-500' }); // from its first request on
    await c.untilStatus(c.ids.stations[0], (s) => s.fill === 'red' && /^auth failed/.test(s.text ?? '') && /retry in 1\.6 s$/.test(s.text ?? ''), 'station red, retrying at the cap (16 polls)');
    await until(() => c.attemptGapsMs(c.ids.meter).length >= 6, 'six attempts at the meter', 15_000);
    await c.untilStatus(c.ids.meter, (s) => s.fill === 'red' && /HTTP 500/.test(s.text ?? ''), 'meter red: HTTP 500');
    const gaps = c.attemptGapsMs(c.ids.meter);
    // Back-off 50 ms doubling to 400 ms (±20 %): the later attempts are spaced at the cap.
    for (const gap of gaps.slice(4)) expect(gap, `ms between late attempts (${gaps.join(', ')})`).to.be.at.least(0.75 * FAST_SETTINGS.backoff.maxMs);
    expect(c.monitor.errorsOf(c.ids.meter).filter((m) => /HTTP 500/.test(m)), 'the meter reported once').to.have.length(1);
    expect(c.frames('garage'), 'nothing written').to.deep.equal([]);
    expect(c.monitor.telemetry, 'a station never read sends no telemetry').to.deep.equal([]);

    c.rig.meter.clearFault();
    await c.untilStatus(c.ids.meter, (s) => s.fill === 'green', 'meter green once it answers');
    await c.untilStatus(c.ids.balancer, (s) => s.fill === 'green', 'balancer green');
    c.expectSafe();
  });

  it('a meter pushing every change while it is also polled 20 times a second: no reading refused as out of order', async () => {
    chain = await EmChain.start(garage({ flow: { meter: { pollInterval: 0.05 } } }));
    const c = chain;
    await c.untilDraw('garage', (a) => a === 22, 'charging at 22 A');
    // A restless house: the meter pushes a change every few ms, between polls.
    let step = 0;
    const restless = setInterval(() => {
      step += 1;
      c.home.setHouseA([1.5 + (step % 7) * 0.1, 1.5 + (step % 5) * 0.1, 1.5]);
      c.rig.site.update();
    }, 3);
    try {
      const from = c.monitor.allocations;
      await until(() => c.monitor.allocations - from >= 300, '300 allocations', 30_000);
    } finally {
      clearInterval(restless);
    }
    expect(c.monitor.errors.map((e) => e.message)).to.deep.equal([]);
    c.expectSafe();
  });
});
