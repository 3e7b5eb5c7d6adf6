import { expect } from 'chai';
import { fillGaps, PowerSeries, powersFromCounter } from '../../../../lib/sim/home/power-series';

describe('PowerSeries', () => {
  const s = PowerSeries.regular(0, 1000, [100, 300, 200]);

  it('step returns the average of the interval that contains t, holding the ends', () => {
    expect(s.at(0)).to.equal(100);
    expect(s.at(999)).to.equal(100);
    expect(s.at(1000)).to.equal(300);
    expect(s.at(2999)).to.equal(200);
    expect(s.at(-5000)).to.equal(100);
    expect(s.at(99_000)).to.equal(200);
  });

  it('linear runs straight between interval midpoints and is flat beyond the outer midpoints', () => {
    expect(s.at(500, 'linear')).to.equal(100);
    expect(s.at(1000, 'linear')).to.equal(200); // halfway between 100 @500 and 300 @1500
    expect(s.at(1500, 'linear')).to.equal(300);
    expect(s.at(2000, 'linear')).to.equal(250);
    expect(s.at(100, 'linear')).to.equal(100);
    expect(s.at(2900, 'linear')).to.equal(200);
  });

  it('integrates energy and slices by time', () => {
    expect(s.energyWh()).to.be.closeTo((600 * 1) / 3600, 1e-12);
    const part = s.slice(1000, 3000);
    expect(part.valuesW).to.deep.equal([300, 200]);
    expect(part.startMs).to.equal(1000);
    expect(part.endMs).to.equal(3000);
  });

  it('rejects times that do not increase and non-finite values', () => {
    expect(() => new PowerSeries([0, 0], [1, 2], 10)).to.throw(/not increasing/);
    expect(() => new PowerSeries([0], [NaN], 10)).to.throw(/finite/);
  });

  it('turns cumulative kWh counters into interval W, NaN where a reading is missing', () => {
    const quarter = 15 * 60_000;
    const p = powersFromCounter([0, quarter, 2 * quarter, 3 * quarter], [10, 10.25, undefined, 10.75]);
    expect(p[0]).to.be.closeTo(1000, 1e-9); // 0.25 kWh in 15 min
    expect(p[1]).to.be.NaN;
    expect(p[2]).to.be.NaN;
  });

  it('bridges gaps linearly and holds at the ends', () => {
    const v = [NaN, 10, NaN, NaN, 40, NaN];
    expect(fillGaps(v)).to.equal(4);
    expect(v).to.deep.equal([10, 10, 20, 30, 40, 40]);
    expect(() => fillGaps([NaN, NaN])).to.throw(/no valid value/);
  });
});
