import { expect } from 'chai';
import { ControlledHome } from './support/controlled-home';
import { emFlow } from './support/em-flow';
import { EmSite } from './support/em-site';
import { PerTest } from './support/per-test';
import { countDiff, steadyProbe } from './support/resource-diff';
import { RuntimeProcess } from './support/runtime-process';
import { until } from './support/wait';

/**
 * 50 full deploys of the whole energy manager in a real Node-RED (child process) while the meter
 * pushes over its WebSocket and two stations charge: what the runtime holds open (sockets,
 * timers, listeners), what the simulators see connected, and the heap after forced garbage
 * collection must be the same after as before.
 */
const REDEPLOYS = 50;
/** Bytes the heap may grow over the 50 deploys (Node-RED keeps some per-deploy bookkeeping; a leaked flow is several MB). */
const HEAP_TOLERANCE_BYTES = 4 * 1024 * 1024;
/** Active resources of a type that may differ between two steady probes (a poll in flight at every probe). */
const RESOURCE_TOLERANCE = 2;

describe('reliability: redeploys of the full flow with live connections', function () {
  this.timeout(300_000);
  const held = PerTest.register();

  it(`${REDEPLOYS} full deploys leave no socket, timer or listener behind and the heap flat`, async () => {
    const home = new ControlledHome();
    home.setHouseA([1.5, 1.5, 1.5]);
    const rig = (held.rig = await EmSite.start({
      home,
      meter: { model: 'SPEM-003CEBEU' },
      stations: [
        { simulator: { type: '3p22k', serial: '700301', bootDynamicCurrentA: 16, car: { maxCurrentA: 16, reactionDelayMs: 100, startLagMs: 100 } }, gridPhases: ['L1', 'L2', 'L3'] },
        { simulator: { type: '1p7k', serial: '500301', bootDynamicCurrentA: 16, car: { maxCurrentA: 32, phases: 1, reactionDelayMs: 100, startLagMs: 100 } }, gridPhases: ['L2'] },
      ],
      limitA: 40,
    }));
    const [garage, carport] = rig.stations;
    const meter = rig.meter;
    const rt = (held.runtime = await RuntimeProcess.start({ settings: { lektricoShellyDeviceBackoff: { initialMs: 50, maxMs: 400 } } }));
    // Each deploy changes a setting, so it is a real change; a full deploy restarts every node anyway.
    const flow = (n: number) =>
      emFlow({
        meter: { host: meter.host, transport: 'websocket', pollInterval: 0.5 },
        balancer: { limitA: 40, marginA: n % 2 === 0 ? 1 : 1.5, increaseHoldS: 0.5 },
        splitter: { increaseIntervalS: 0.2, increaseStepA: 32, resumeDelayS: 0.5 },
        stations: [
          { key: 'garage', host: garage.host, phases: 'L1,L2,L3', pollInterval: 0.2, timeout: 1 },
          { key: 'carport', host: carport.host, phases: 'L2', pollInterval: 0.2, timeout: 1 },
        ],
      }).nodes;
    const drawA = (s: typeof garage): number => (s.model.advance(), Math.max(...s.model.currentsA()));
    const charging = (what: string): Promise<void> =>
      until(() => drawA(garage) > 10 && drawA(carport) > 10, what, 30_000, () => `garage ${drawA(garage)} A, carport ${drawA(carport)} A`);
    /** A deploy and the new flow at work: a new WebSocket to the meter and a new read of each station. */
    const deploy = async (n: number): Promise<void> => {
      const sockets = meter.stats.wsConnections;
      const at = Date.now();
      await rt.deploy(flow(n));
      await until(() => meter.stats.wsConnections > sockets && [garage, carport].every((s) => s.calls.some((c) => c.at >= at)), `deploy ${n} at work`);
    };

    await deploy(0);
    await charging('both cars charging');
    for (let n = 1; n <= 3; n++) await deploy(n); // warm-up: code paths loaded, caches filled
    await charging('charging after the warm-up');
    const before = await steadyProbe(() => rt.probe());
    const connectionsBefore = [meter.openConnections, garage.openConnections, carport.openConnections];

    for (let n = 4; n < 4 + REDEPLOYS; n++) await deploy(n);
    await charging('charging after the redeploys');
    const after = await steadyProbe(() => rt.probe());
    const connectionsAfter = [meter.openConnections, garage.openConnections, carport.openConnections];

    expect(before.gcForced && after.gcForced, 'heap measured after forced GC').to.equal(true);
    const resourceGrowth = countDiff(before.resources, after.resources);
    for (const [type, growth] of Object.entries(resourceGrowth)) expect(growth, `${type} after − before (${JSON.stringify(before.resources)} → ${JSON.stringify(after.resources)})`).to.be.at.most(RESOURCE_TOLERANCE);
    expect(countDiff(before.listeners, after.listeners), 'listeners on the process and on Node-RED events').to.deep.equal({});
    expect(connectionsAfter[0], 'meter: one WebSocket (and maybe one request)').to.be.at.most(Math.max(connectionsBefore[0], 1) + 1);
    expect(Math.max(connectionsAfter[1], connectionsAfter[2]), 'stations: no connection kept').to.be.at.most(1);
    expect(after.heapUsedBytes - before.heapUsedBytes, `heap growth (${before.heapUsedBytes} → ${after.heapUsedBytes} bytes)`).to.be.at.most(HEAP_TOLERANCE_BYTES);
    expect(rt.unhandled).to.deep.equal([]);
    expect(rt.logs.filter((l) => l.level === 'error' || l.level === 'fatal').map((l) => l.msg)).to.deep.equal([]);
    console.log(`      ${REDEPLOYS} redeploys: resources ${JSON.stringify(before.resources)} → ${JSON.stringify(after.resources)}, heap ${(before.heapUsedBytes / 1048576).toFixed(1)} → ${(after.heapUsedBytes / 1048576).toFixed(1)} MB, simulator connections ${connectionsBefore.join('/')} → ${connectionsAfter.join('/')}`);
  });
});
