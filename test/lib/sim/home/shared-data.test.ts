import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadAew } from '../../../../lib/sim/home/aew';
import { loadNrelSerfPv } from '../../../../lib/sim/home/nrel-serf';
import { loadOpenEmsDay } from '../../../../lib/sim/home/openems';
import { loadOpsdResidential4 } from '../../../../lib/sim/home/opsd-residential4';
import { PV_PEAK_W_PER_KWP } from '../../../../lib/sim/home/pv-scale';
import { describeWithShared } from '../../../support/shared-fixtures';

/** The real files in ../shared/data load, and give the totals SOURCES.md states. */
describeWithShared('trace loaders on the real data', ['data'], (dir) => {
  const read = (...p: string[]): string => fs.readFileSync(path.join(dir, ...p), 'utf8');
  const opsd = 'opsd_household_residential4';

  it('OPSD summer 15-min: 5 local days, PV 259.6 kWh, peak 7.5 kW; the EV is removed from the house', () => {
    const t = loadOpsdResidential4(read(opsd, 'household_data_15min_residential4_summer_2016-06-22_to_2016-06-26.csv'));
    expect(t.house.length).to.equal(479);
    expect(t.pv!.energyWh() / 1000).to.be.closeTo(259.6, 0.1);
    expect(t.pv!.maxW()).to.be.within(7400, 7600);
    expect(t.circuits!.heat_pump.energyWh()).to.be.lessThan(100);
    expect(t.house.energyWh() / 1000 / 5).to.be.within(5, 12);
  });

  it('OPSD winter 15-min: PV 66.5 kWh, heat pump 43.5 kWh (within the house)', () => {
    const t = loadOpsdResidential4(read(opsd, 'household_data_15min_residential4_winter_2016-12-26_to_2016-12-28.csv'));
    expect(t.pv!.energyWh() / 1000).to.be.closeTo(66.5, 0.1);
    expect(t.circuits!.heat_pump.energyWh() / 1000).to.be.within(40, 43.6);
    expect(t.house.energyWh()).to.be.greaterThan(t.circuits!.heat_pump.energyWh());
  });

  it('OPSD 60-min: the full file loads with its gaps bridged', () => {
    const t = loadOpsdResidential4(read(opsd, 'household_data_60min_singleindex.csv'));
    expect(t.house.length).to.equal(11866);
    expect(t.notes.some((n) => /bridged/.test(n))).to.equal(true);
  });

  it('AEW A: a year of 15-min data rescaled to 4500 kWh/a and an 8 kWp peak', () => {
    const t = loadAew(read('aew_pv_optimisation', 'A.csv'), 'AEW A');
    expect(t.house.length).to.equal(35040);
    expect(t.house.energyWh() / 1000).to.be.closeTo(4500, 15);
    expect(t.pv!.maxW()).to.be.closeTo(8 * PV_PEAK_W_PER_KWP, 1e-6);
  });

  it('NREL SERF 1-min PV and OpenEMS 1-min day load with plausible totals', () => {
    const serf = loadNrelSerfPv(read('nrel_serf_pv', 'serf_east_1min_ac_power.csv'), { kWp: 8 });
    expect(serf.pv.maxW()).to.be.closeTo(6800, 1e-6);
    const day = Date.UTC(2024, 5, 20) - 2 * 3_600_000;
    const ems = loadOpenEmsDay(read('openems_simulator_1min', 'h0-summer-weekday-pv-production.csv'), read('openems_simulator_1min', 'h0-summer-weekday-non-regulated-consumption.csv'), day);
    expect(ems.pv!.energyWh() / 1000).to.be.closeTo(36.3, 0.2);
    expect(ems.house.energyWh() / 1000).to.be.within(13, 13.3);
  });
});
