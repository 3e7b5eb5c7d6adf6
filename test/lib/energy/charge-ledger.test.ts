import { expect } from 'chai';
import { ChargeLedger } from '../../../lib/energy/charge-ledger';

const HOUR_MS = 3_600_000;

describe('ChargeLedger', () => {
  it('adds what the cars charged and the part the PV surplus did not cover, from one reading to the next', () => {
    const ledger = new ChargeLedger();
    ledger.add(0, 2000, 2000);
    ledger.add(HOUR_MS / 2, 2000, 2000); // half an hour all from the PV
    ledger.add(HOUR_MS, 2000, 500); // then 1.5 kW of it from the grid
    ledger.add(1.5 * HOUR_MS, 2000, -300); // importing anyway: all of the car's 2 kW from the grid
    expect(ledger.lastDay(1.5 * HOUR_MS)).to.deep.equal({ chargedWh: 3000, gridWh: 750 + 1000 });
  });

  it('counts nothing while no car draws, and nothing for a clock that goes back', () => {
    const ledger = new ChargeLedger();
    ledger.add(0, 0, 3000);
    ledger.add(HOUR_MS, 0, 3000);
    ledger.add(HOUR_MS / 2, 2000, 0);
    expect(ledger.lastDay(HOUR_MS)).to.deep.equal({ chargedWh: 0, gridWh: 0 });
  });

  it('counts nothing for the time it was paused', () => {
    const ledger = new ChargeLedger();
    ledger.add(0, 1000, 1000);
    ledger.pause();
    ledger.add(HOUR_MS, 2000, 0); // the hour in between was not Green's
    ledger.add(1.5 * HOUR_MS, 2000, 0);
    expect(ledger.lastDay(1.5 * HOUR_MS)).to.deep.equal({ chargedWh: 1000, gridWh: 1000 });
  });

  it('forgets each hour 24 hours later', () => {
    const ledger = new ChargeLedger();
    ledger.add(0, 1000, 0);
    ledger.add(HOUR_MS / 2, 1000, 0); // 500 Wh from the grid in hour 0
    ledger.add(10 * HOUR_MS, 0, 0);
    ledger.add(10.5 * HOUR_MS, 1000, 1000); // 500 Wh of PV in hour 10
    expect(ledger.lastDay(23.9 * HOUR_MS)).to.deep.equal({ chargedWh: 1000, gridWh: 500 });
    expect(ledger.lastDay(24 * HOUR_MS)).to.deep.equal({ chargedWh: 500, gridWh: 0 });
    expect(ledger.lastDay(34 * HOUR_MS)).to.deep.equal({ chargedWh: 0, gridWh: 0 });
  });
});
