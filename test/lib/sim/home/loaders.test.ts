import { expect } from 'chai';
import { loadAew } from '../../../../lib/sim/home/aew';
import { loadNrelSerfPv } from '../../../../lib/sim/home/nrel-serf';
import { loadOpenEmsDay } from '../../../../lib/sim/home/openems';
import { loadOpsdResidential4 } from '../../../../lib/sim/home/opsd-residential4';
import { PV_PEAK_W_PER_KWP } from '../../../../lib/sim/home/pv-scale';
import { loadUserCsv } from '../../../../lib/sim/home/user-csv';

const Q = 15 * 60_000;

describe('trace loaders', () => {
  describe('OPSD residential4', () => {
    const header =
      'utc_timestamp,cet_cest_timestamp,DE_KN_residential4_dishwasher,DE_KN_residential4_ev,DE_KN_residential4_freezer,DE_KN_residential4_grid_export,DE_KN_residential4_grid_import,DE_KN_residential4_heat_pump,DE_KN_residential4_pv,DE_KN_residential4_refrigerator,DE_KN_residential4_washing_machine,interpolated_values';
    // counters (kWh): dishwasher, ev, freezer, export, import, heat_pump, pv, fridge, washer
    const csv = [
      header,
      '2016-06-22T10:00:00Z,2016-06-22T12:00:00+0200,1.000,5.000,2.000,10.000,20.000,3.000,30.000,4.000,6.000,',
      // +0.25 import, +0.5 export, +1.5 pv, +0.5 ev, +0.1 washer → house = 0.25-0.5+1.5-0.5 = 0.75 kWh/15 min = 3000 W
      '2016-06-22T10:15:00Z,2016-06-22T12:15:00+0200,1.000,5.500,2.000,10.500,20.250,3.000,31.500,4.000,6.100,',
      // gap in pv and import on this row
      '2016-06-22T10:30:00Z,2016-06-22T12:30:00+0200,1.000,5.500,2.000,10.500,,3.000,,4.000,6.100,DE_KN_residential4_pv',
      // over two periods: +0.5 import, +1.0 pv, export 0 → each bridged period 0.25 import 0.5 pv
      '2016-06-22T10:45:00Z,2016-06-22T12:45:00+0200,1.000,5.500,2.000,10.500,20.750,3.000,32.500,4.000,6.100,',
    ].join('\r\n');

    it('turns counters into interval power, house = import − export + pv − ev, labels as period starts', () => {
      const t = loadOpsdResidential4(csv);
      expect(t.house.startsMs[0]).to.equal(Date.UTC(2016, 5, 22, 10, 15));
      expect(t.house.endMs).to.equal(Date.UTC(2016, 5, 22, 11, 0));
      expect(t.house.valuesW[0]).to.be.closeTo(3000, 1e-6);
      expect(t.pv!.valuesW[0]).to.be.closeTo(6000, 1e-6);
      expect(t.circuits!.washing_machine.valuesW[0]).to.be.closeTo(400, 1e-6);
      expect(t.house.length).to.equal(3);
    });

    it('bridges missing counter readings and says so', () => {
      const t = loadOpsdResidential4(csv);
      // both periods touching the missing row are NaN, then bridged flat between their neighbours
      expect(t.pv!.valuesW[1]).to.be.closeTo(6000, 1e-6);
      expect(t.notes.join(' ')).to.match(/pv: 2 interval/);
      expect(t.notes.join(' ')).to.match(/grid_import: 2 interval/);
    });

    it('sets a negative house balance (meter timing skew) to 0 and carries the deficit forward', () => {
      // import − export + pv: period 1: 0 − 1 + 0.5 = −0.5 kWh; period 2: 1 − 0 + 0 = +1 kWh
      const neg = [header, '2016-01-01T00:00:00Z,x,0,0,0,0,0,0,0,0,0,', '2016-01-01T00:15:00Z,x,0,0,0,1,0,0,0.5,0,0,', '2016-01-01T00:30:00Z,x,0,0,0,1,1,0,0.5,0,0,'].join('\n');
      const t = loadOpsdResidential4(neg);
      expect(t.house.valuesW[0]).to.equal(0);
      expect(t.house.valuesW[1]).to.be.closeTo(2000, 1e-6); // 4000 W − the 2000 W deficit
      expect(t.house.energyWh()).to.be.closeTo(500, 1e-6); // the two periods' net energy is kept
      expect(t.notes.join(' ')).to.match(/below 0 in 1 interval/);
    });

    it('names a missing column', () => {
      expect(() => loadOpsdResidential4('utc_timestamp,foo\n2016-01-01T00:00:00Z,1\n2016-01-01T00:15:00Z,2')).to.throw(/DE_KN_residential4_grid_import/);
    });
  });

  describe('AEW', () => {
    const header = 'Timestamp,Generation_kW,Grid_Feed-In_kW,Grid_Supply_kW,Overall_Consumption_Calc_kW';
    it('reads end-of-period local labels across the autumn repeat and rescales to a household', () => {
      const rows = ['2019-10-27 02:45:00', '2019-10-27 03:00:00', '2019-10-27 02:15:00', '2019-10-27 02:30:00'].map((ts, i) => `${ts},${10 * (i + 1)},0,1,${2 + i}`);
      const t = loadAew([header, ...rows].join('\n'), 'A', { houseAnnualKWh: 4500, pvKWp: 4 });
      // 02:45 CEST ends at 00:45Z, 03:00 CEST at 01:00Z, then the repeated 02:15 is CET (01:15Z)
      expect(t.house.startsMs).to.deep.equal([Date.UTC(2019, 9, 27, 0, 30), Date.UTC(2019, 9, 27, 0, 45), Date.UTC(2019, 9, 27, 1, 0), Date.UTC(2019, 9, 27, 1, 15)]);
      expect(t.pv!.maxW()).to.be.closeTo(4 * PV_PEAK_W_PER_KWP, 1e-6);
      const hours = 1;
      expect(t.house.energyWh() / 1000).to.be.closeTo((4500 * hours) / (365 * 24), 1e-9);
      expect(t.notes.join(' ')).to.match(/house rescaled ×/);
    });

    it('skips nothing in spring: the missing 02:15–03:00 labels are simply absent', () => {
      const rows = ['2019-03-31 02:00:00', '2019-03-31 03:15:00'].map((ts) => `${ts},0,0,1,1`);
      const t = loadAew([header, ...rows].join('\n'));
      expect(t.house.startsMs[1] - t.house.startsMs[0]).to.equal(Q);
    });
  });

  describe('NREL SERF PV', () => {
    it('clamps standby to 0, fills the night gap with 0 and scales the peak to the kWp', () => {
      const csv = [
        'measured_on,ac_power__752',
        '2022-03-18 06:00:00-07:00,-2.5',
        '2022-03-18 06:01:00-07:00,1000',
        '2022-03-18 06:02:00-07:00,2000',
        '2022-03-18 09:00:00-07:00,500',
      ].join('\n');
      const { pv, notes } = loadNrelSerfPv(csv, { kWp: 2 });
      expect(pv.at(Date.UTC(2022, 2, 18, 13, 0))).to.equal(0);
      expect(pv.at(Date.UTC(2022, 2, 18, 13, 2, 30))).to.be.closeTo(2 * PV_PEAK_W_PER_KWP, 1e-9);
      expect(pv.at(Date.UTC(2022, 2, 18, 15))).to.equal(0); // inside the gap
      expect(notes.join(' ')).to.match(/1 gap/);
    });
  });

  describe('OpenEMS 1-min day', () => {
    it('anchors row i at minute i and reads consumption as −ActivePower, clamping positives', () => {
      const day = Date.UTC(2024, 5, 1);
      const t = loadOpenEmsDay('ActivePower\n0\n1500\n3000', 'ActivePower\n-500\n-700.5\n120', day);
      expect(t.house.valuesW).to.deep.equal([500, 700.5, 0]);
      expect(t.pv!.at(day + 60_000)).to.equal(1500);
      expect(t.house.endMs).to.equal(day + 3 * 60_000);
      expect(t.notes[0]).to.match(/1 positive sample/);
      expect(() => loadOpenEmsDay('ActivePower\n0', 'ActivePower\n0\n1', day)).to.throw(/rows/);
    });
  });

  describe('user CSV', () => {
    it('reads ISO and epoch stamps, house and pv, last interval as long as the previous one', () => {
      const t = loadUserCsv('timestamp,house_w,pv_w\n2024-06-01T10:00:00Z,800,4000\n1717236060,900,\n');
      expect(t.house.startsMs).to.deep.equal([Date.UTC(2024, 5, 1, 10), Date.UTC(2024, 5, 1, 10, 1)]);
      expect(t.house.endMs).to.equal(Date.UTC(2024, 5, 1, 10, 2));
      expect(t.pv!.valuesW).to.deep.equal([4000, 0]);
      expect(t.housePhases).to.equal(undefined);
    });

    it('takes measured phases, and the house total from them when house_w is absent', () => {
      const t = loadUserCsv('Timestamp,L1_W,L2_W,L3_W\n0,100,200,300\n60000,1,2,3');
      expect(t.house.valuesW).to.deep.equal([600, 6]);
      expect(t.housePhases!.map((s) => s.valuesW[0])).to.deep.equal([100, 200, 300]);
    });

    it('explains bad files', () => {
      expect(() => loadUserCsv('time,house_w\n0,1')).to.throw(/timestamp/);
      // A spreadsheet in a German or Romanian locale exports with semicolons: say so, not that a column is missing.
      expect(() => loadUserCsv('timestamp;house_w;pv_w\n2024-06-01T10:00:00Z;850;4200')).to.throw(/separated by ";".*commas/);
      expect(() => loadUserCsv('timestamp,pv_w\n0,1')).to.throw(/house_w/);
      expect(() => loadUserCsv('timestamp,house_w,l1_w\n0,1,1')).to.throw(/all of l1_w/);
      expect(() => loadUserCsv('timestamp,house_w\n60,1\n0,1')).to.throw(/line 3: time does not advance/);
      expect(() => loadUserCsv('timestamp,house_w\n0,abc')).to.throw(/line 2: house_w/);
      // A row without a usable time (a blank cell, a totals row) is named by its line, like every other bad row.
      expect(() => loadUserCsv('timestamp,house_w\n0,1\n,2')).to.throw(/^user CSV: line 3: not a timestamp: ""$/);
      expect(() => loadUserCsv('timestamp,house_w\n0,1\n60,2\nTotal,3')).to.throw(/^user CSV: line 4: not a timestamp: "Total"$/);
      // A typo in pv_w is refused, not replayed as a night; an empty cell is no PV.
      expect(() => loadUserCsv('timestamp,house_w,pv_w\n0,1,4200\n60,1,n/a')).to.throw(/^user CSV: line 3: pv_w is not a number$/);
      expect(loadUserCsv('timestamp,house_w,pv_w\n0,1,\n60,1,4200').pv!.valuesW).to.deep.equal([0, 4200]);
      // Grid power (negative while exporting) given as the house consumption.
      expect(() => loadUserCsv('timestamp,house_w,pv_w\n0,800,0\n60,-350,4200')).to.throw(/^user CSV: line 3: a negative house consumption/);
      expect(() => loadUserCsv('timestamp,l1_w,l2_w,l3_w\n0,100,-5,100')).to.throw(/line 2: a negative house consumption/);
    });
  });
});
