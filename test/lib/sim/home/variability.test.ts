import { expect } from 'chai';
import { eventEnergyWh } from '../../../../lib/sim/home/appliance-event';
import { PowerSeries } from '../../../../lib/sim/home/power-series';
import { SubIntervalVariability } from '../../../../lib/sim/home/variability';

const Q = 15 * 60_000;

describe('sub-interval variability layer', () => {
  const base = PowerSeries.regular(0, Q, [100, 150, 400, 900, 3000, 1200, 600]);

  it('keeps every interval energy exactly: the peaks plus the lowered base equal the recorded average', () => {
    const layer = new SubIntervalVariability(base, { seed: 5 });
    base.valuesW.forEach((avgW, i) => {
      const { events, meanW } = layer.peaksOf(i);
      const peakWh = events.reduce((a, e) => a + eventEnergyWh(e), 0);
      expect(peakWh).to.be.closeTo((meanW * Q) / 3_600_000, 1e-9);
      expect(avgW - meanW).to.be.at.least(Math.min(avgW, 150) - 1e-9); // the base never drops below the floor
      expect(meanW).to.be.at.most(0.7 * Math.max(0, avgW - 150) + 1e-9);
      for (const e of events) {
        expect(e.startMs).to.be.at.least(i * Q);
        expect(e.endMs).to.be.at.most((i + 1) * Q + 1e-6);
        expect(e.endMs - e.startMs).to.be.at.least(30_000);
      }
    });
  });

  it('adds nothing where the load is at or below the floor, and real peaks where it is high', () => {
    const layer = new SubIntervalVariability(base, { seed: 5 });
    expect(layer.peaksOf(0).events).to.deep.equal([]);
    expect(layer.peaksOf(1).events).to.deep.equal([]);
    expect(layer.peaksOf(4).events.length).to.be.greaterThan(0);
    expect(Math.max(...layer.peaksOf(4).events.map((e) => e.powerW))).to.be.at.least(1200);
  });

  it('is seeded per interval: same seed same peaks in any query order, another seed other peaks', () => {
    const a = new SubIntervalVariability(base, { seed: 9 });
    const b = new SubIntervalVariability(base, { seed: 9 });
    const late = b.peaksOf(5);
    expect(b.peaksOf(3)).to.deep.equal(a.peaksOf(3));
    expect(late).to.deep.equal(a.peaksOf(5));
    expect(new SubIntervalVariability(base, { seed: 10 }).peaksOf(4)).to.not.deep.equal(a.peaksOf(4));
  });
});
