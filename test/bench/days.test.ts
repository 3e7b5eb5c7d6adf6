import { expect } from 'chai';
import { DAYS, DayCatalogue } from '../../bench/control/days';
import { runJob } from '../../bench/control/job';
import { sumPhases } from '../../lib/sim/home/home-sample';
import { describeWithShared } from '../support/shared-fixtures';

describeWithShared('bench days on the real data', ['data'], (dir) => {
  const catalogue = new DayCatalogue(dir);

  it('loads every day as 24 local hours with a plausible house and PV', () => {
    for (const d of DAYS) {
      const day = catalogue.load(d.id, true);
      expect(day.endMs - day.startMs, d.id).to.equal(86_400_000);
      let houseWh = 0;
      let pvWh = 0;
      let nightPvW = 0;
      for (let t = day.startMs; t < day.endMs; t += 60_000) {
        const s = day.home.at(t);
        houseWh += sumPhases(s.houseW) / 60;
        pvWh += sumPhases(s.pvW) / 60;
        if (t < day.startMs + 3 * 3_600_000) nightPvW = Math.max(nightPvW, sumPhases(s.pvW));
      }
      expect(houseWh / 1000, d.id).to.be.within(4, 30);
      expect(pvWh / 1000, d.id).to.be.within(5, 70);
      expect(nightPvW, `${d.id}: PV before 03:00 local`).to.be.lessThan(50);
    }
  });

  it('keeps the recorded energy with the peaks layer on', () => {
    const plain = catalogue.load('opsd-2016-12-27', false);
    const peaks = catalogue.load('opsd-2016-12-27', true);
    let a = 0;
    let b = 0;
    let maxA = 0;
    let maxB = 0;
    for (let t = plain.startMs; t < plain.endMs; t += 1000) {
      const p = plain.home.at(t).houseW;
      const q = peaks.home.at(t).houseW;
      a += sumPhases(p);
      b += sumPhases(q);
      maxA = Math.max(maxA, ...p);
      maxB = Math.max(maxB, ...q);
    }
    expect(b).to.be.closeTo(a, a * 0.005);
    expect(maxB).to.be.greaterThan(maxA + 1000);
  });

  it('runs one job end to end (ours, Green, one hour)', () => {
    const r = runJob({ id: 0, scenario: 'green', day: 'openems-day', peaks: true, hours: [12, 13], row: { policy: 'ours', meter: 'push 1 s' } }, catalogue);
    expect(r.figures.durationS).to.equal(3600);
    expect(r.figures.secondsOverAny).to.equal(0);
    expect(r.figures.energyKWh).to.be.greaterThan(0);
  });
});
