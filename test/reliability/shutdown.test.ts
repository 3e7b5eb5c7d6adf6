import { expect } from 'chai';
import { ControlledHome } from './support/controlled-home';
import { emFlow } from './support/em-flow';
import { EmSite } from './support/em-site';
import { PerTest } from './support/per-test';
import { RuntimeProcess } from './support/runtime-process';
import { until } from './support/wait';

/**
 * Node-RED stopped while a car charges (a shutdown, a crash-free restart, an unload): with nobody
 * balancing any more, the station must not be left at a current only the chain could justify.
 * Real Node-RED in a child process, a real stop, the station simulator as the judge.
 */
describe('reliability: Node-RED stopped while a car charges', function () {
  this.timeout(90_000);
  const held = PerTest.register();

  const cases = [
    { setting: undefined, expectedA: 6, what: 'the default: the fail-safe current, 6 A' },
    { setting: { lektricoStationOnStop: 'pause' }, expectedA: 0, what: 'pause: 0 A' },
    { setting: { lektricoStationOnStop: 'failsafe', lektricoStationStopCurrentA: 10 }, expectedA: 10, what: 'a fail-safe current of 10 A' },
    { setting: { lektricoStationOnStop: 'keep' }, expectedA: 32, what: 'keep: the station is left as it is' },
  ];
  for (const c of cases) {
    it(`the station keeps a safe state: ${c.what}`, async () => {
      const home = new ControlledHome();
      home.setHouseA([1.5, 1.5, 1.5]);
      const rig = (held.rig = await EmSite.start({
        home,
        meter: { model: 'SPEM-003CEBEU' },
        // Booting at 16 A, so the 32 A the car draws is the chain's doing.
        stations: [{ simulator: { type: '3p22k', serial: '700201', bootDynamicCurrentA: 16, car: { maxCurrentA: 32, reactionDelayMs: 100, startLagMs: 100 } }, gridPhases: ['L1', 'L2', 'L3'] }],
        limitA: 40,
      }));
      const station = rig.stations[0];
      const runtime = (held.runtime = await RuntimeProcess.start({ settings: { lektricoShellyDeviceBackoff: { initialMs: 50, maxMs: 400 }, ...c.setting } }));
      const { nodes } = emFlow({
        meter: { host: rig.meter.host, transport: 'websocket', pollInterval: 0.5 },
        balancer: { limitA: 40, increaseHoldS: 0.5 },
        splitter: { increaseIntervalS: 0.2, increaseStepA: 32 },
        stations: [{ key: 'garage', host: station.host, phases: 'L1,L2,L3', pollInterval: 0.2, timeout: 1 }],
      });
      await runtime.deploy(nodes);
      await until(() => station.model.dynamicCurrentA === 32 && (station.model.advance(), station.model.currentsA()[0] === 32), 'the car charging at 32 A', 30_000);
      expect(station.framesOf('dynamic_current.set').length, 'commanded by the chain').to.be.greaterThan(0);

      const stopAt = Date.now();
      const { endedByItself, openAfterStop } = await runtime.stop();
      expect(endedByItself, `Node-RED stopped and the process ended without anything left open (${JSON.stringify(openAfterStop)})`).to.equal(true);
      expect(station.model.dynamicCurrentA, 'the station after the stop').to.equal(c.expectedA);
      const after = station.framesOf('dynamic_current.set').filter((f) => f.at >= stopAt);
      expect(after.map((f) => (f.params as { dynamic_current: number }).dynamic_current)).to.deep.equal(c.expectedA === 32 ? [] : [c.expectedA]);
      await until(() => (station.model.advance(), Math.max(...station.model.currentsA()) <= c.expectedA), `the car follows: at most ${c.expectedA} A`);
      expect(runtime.unhandled).to.deep.equal([]);
    });
  }
});
