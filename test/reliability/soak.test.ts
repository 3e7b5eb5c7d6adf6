import { expect } from 'chai';
import { formatSoak, heapGrowthMB, judgeSoak, runSoak } from './soak/soak-run';

/**
 * The short soak of `npm test`: a simulated day replayed 960 times faster than real time (about
 * 1.5 min) through the whole flow with 10 meters and 4 stations (soak/soak-plan.ts). The full one,
 * a day at 48× (30 min) or any length, is `node dist/test/reliability/soak/soak.js --hours 24`.
 */
describe('reliability: soak (an accelerated day, 10 meters, 4 stations)', function () {
  this.timeout(600_000);

  it('keeps every limit, sends only valid currents, leaks nothing and never fails unhandled', async () => {
    const report = await runSoak({ simulatedHours: 24, speed: 960, heapEveryMs: 5000 });
    console.log(formatSoak(report).replace(/^/gm, '      '));
    expect(judgeSoak(report)).to.deep.equal([]);
    expect(report.meters).to.equal(10);
    expect(report.stations).to.equal(4);
    expect(heapGrowthMB(report.heapMB), 'heap measured').to.not.equal(undefined);
    expect(report.stationFrames.filter((f) => f.peakDrawA > 6).length, 'cars that charged').to.be.at.least(3);
  });
});
