import { expect } from 'chai';
import { seededRandom } from '../../lib/random';
import { EmChain, type ChainSpec } from './support/em-chain';
import { emFlowIds, type EmFlowIds } from './support/em-flow';
import { fuzzNode, fuzzTaps, type FuzzTally } from './support/fuzz-harness';
import { balancerCases, meterCases, normalizerCases, splitterCases, stationCases, surplusCases, type FuzzCase } from './support/fuzz-messages';
import { prototypeClean } from './support/fuzz-values';
import { until } from './support/wait';

/**
 * Bad input, node by node, with the whole chain behind the node under attack (real station node on
 * a simulated 3P22K): thousands of random and malformed messages each. Every message must end
 * exactly once (Complete or Catch), a bad one with exactly one error that says what is wrong (not a
 * TypeError), a good one without; nothing may crash the process; and after every message the
 * chain's far end stays safe: every allocation within its target's limits, every frame the
 * station received 0 or whole within [6, 32], no NaN or ±Infinity on any wire.
 * (The Shelly device is a config node without input; the PV surplus node belongs to the Green tuning
 * work and is fuzzed like the others.)
 */
const SEED = 20_260_801;
const STATION_ID = 'fz-real';
const IDS = emFlowIds('em', ['garage']);

interface Target {
  name: string;
  nodeId: (ids: EmFlowIds) => string;
  count: number;
  cases: (count: number) => FuzzCase[];
  /** A message the node must still take without error after the fuzz. */
  good: () => Record<string, unknown>;
  withMeter?: boolean;
}

const firstGood = (cases: FuzzCase[]): Record<string, unknown> => (cases.find((c) => c.expect === 'ok') as FuzzCase).msg;

const TARGETS: Target[] = [
  { name: 'Shelly meter', nodeId: (ids) => ids.meter, count: 300, cases: (n) => meterCases(seededRandom(SEED), n), good: () => ({}), withMeter: true },
  { name: 'normalizer', nodeId: (ids) => ids.normalizer, count: 2000, cases: (n) => normalizerCases(SEED, n), good: () => ({ payload: { power: [100, 200, 300] } }) },
  { name: 'load balancer', nodeId: (ids) => ids.balancer, count: 3000, cases: (n) => balancerCases(seededRandom(SEED + 1), n), good: () => firstGood(balancerCases(seededRandom(1), 20)) },
  { name: 'PV surplus', nodeId: (ids) => ids.surplus, count: 2000, cases: (n) => surplusCases(seededRandom(SEED + 2), n), good: () => firstGood(surplusCases(seededRandom(1), 20)) },
  { name: 'power splitter', nodeId: (ids) => ids.splitter, count: 2000, cases: (n) => splitterCases(seededRandom(SEED + 3), n, STATION_ID), good: () => firstGood(splitterCases(seededRandom(1), 20, STATION_ID)) },
  { name: 'LEKTRI.CO station', nodeId: (ids) => ids.stations[0], count: 1000, cases: (n) => stationCases(seededRandom(SEED + 4), n, STATION_ID), good: () => ({ payload: 8 }) },
];

const spec = (nodeId: string, withMeter: boolean): ChainSpec => ({
  meter: { model: 'SPEM-003CEBEU' },
  stations: [
    {
      key: 'garage',
      site: { simulator: { type: '3p22k', serial: '700401', car: { maxCurrentA: 32, reactionDelayMs: 100, startLagMs: 100 } }, gridPhases: ['L1', 'L2', 'L3'] },
      node: { station: STATION_ID, allowPhaseSwitching: true },
    },
  ],
  // Readings from the fuzz are fresh; a 30 s stale timeout keeps the fail-safe out of the way.
  flow: { balancer: { staleAfterS: 30 } },
  withoutMeter: !withMeter,
  extraNodes: fuzzTaps(nodeId),
});

describe('reliability: bad input (every node fuzzed, the whole chain behind it)', function () {
  this.timeout(240_000);
  let chain: EmChain | undefined;
  const crashes: string[] = [];
  const onCrash = (err: unknown): void => {
    crashes.push(String(err instanceof Error ? err.stack : err));
  };
  const figures: Array<{ node: string; tally: FuzzTally; allocations: number }> = [];

  before(() => {
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
  });
  after(() => {
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    const total = figures.reduce((sum, f) => sum + f.tally.tried, 0);
    const errors = figures.reduce((sum, f) => sum + f.tally.errors, 0);
    console.log(`      fuzz: ${total} messages, ${errors} refused with an error, ${total - errors} done; ${figures.map((f) => `${f.node} ${f.tally.tried} (${f.tally.errors} errors, ${f.allocations} allocations checked)`).join('; ')}`);
  });
  afterEach(async () => {
    await chain?.stop();
    chain = undefined;
  });

  for (const t of TARGETS) {
    it(`${t.name}: ${t.count} random and malformed messages, each ending once, bad ones with one clear error, the far end always safe`, async () => {
      const nodeId = t.nodeId(IDS);
      chain = await EmChain.start(spec(nodeId, t.withMeter === true));
      const c = chain;
      await until(() => c.monitor.telemetry.some((x) => x.online), 'the station online', 15_000);
      if (t.withMeter) await c.untilStatus(IDS.meter, (s) => s.fill === 'green', 'meter green');

      // Targets sent straight to the splitter are checked against their allocations like the PV surplus node's.
      const noteTarget = (msg: Record<string, unknown> & { _msgid: string }): void => {
        if (nodeId === IDS.splitter) c.monitor.noteTarget(msg._msgid, msg.payload as never);
      };
      const tally = await fuzzNode(nodeId, IDS.taps.errors, t.cases(t.count), noteTarget);
      figures.push({ node: t.name, tally, allocations: c.monitor.allocations });
      expect(tally.badEndings, 'every message ends exactly once').to.deep.equal([]);
      expect(tally.unclear, 'errors say what is wrong').to.deep.equal([]);
      expect(tally.wrong, 'good ones done, bad ones refused').to.deep.equal([]);
      if (t.name !== 'Shelly meter') expect(tally.errors, 'bad messages refused').to.be.greaterThan(t.count / 10);
      expect(tally.ok, 'good messages done').to.be.greaterThan(t.count / 10);
      c.expectSafe();
      expect(prototypeClean(), 'Object.prototype untouched').to.equal(true);
      expect(crashes, 'uncaught exceptions and unhandled rejections').to.deep.equal([]);

      // Still at work: a good message after all that is done without error.
      const again = await fuzzNode(nodeId, IDS.taps.errors, [{ msg: t.good(), expect: 'ok', label: 'good after the fuzz' }]);
      expect(again).to.include({ ok: 1, errors: 0 });
    });
  }
});
