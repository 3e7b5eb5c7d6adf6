import { expect } from 'chai';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HomeModel } from '../../../../lib/sim/home/home-model';
import { availableSharedTraces, chooseHome, LoopedHome, parseTimeOfDay, SHARED_TRACES } from '../../../../lib/sim/site';
import { describeWithShared } from '../../../support/shared-fixtures';

const HOUR = 3_600_000;

describe('home sources', () => {
  it('defaults to the built-in home on a summer day, local midnight in CEST', () => {
    const home = chooseHome({ sharedDataDir: '/nonexistent' });
    expect(home.dayStartMs).to.equal(Date.UTC(2025, 5, 20, 22));
    const noon = home.source.at(home.dayStartMs + 13 * HOUR);
    const night = home.source.at(home.dayStartMs + 1 * HOUR);
    expect(noon.pvW.reduce((a, b) => a + b)).to.be.greaterThan(2000);
    expect(night.pvW.reduce((a, b) => a + b)).to.equal(0);
  });

  it('says where the shared traces should be when they are missing', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'lektrico-no-shared-'));
    try {
      expect(() => chooseHome({ trace: 'opsd-summer', sharedDataDir: empty })).to.throw(/needs .*opsd_household_residential4.*not there.*--trace builtin/);
      expect(availableSharedTraces(empty)).to.deep.equal([]);
    } finally {
      fs.rmSync(empty, { recursive: true });
    }
  });

  it('rejects an unknown name, listing the known ones', () => {
    expect(() => chooseHome({ trace: 'sunny', sharedDataDir: '/x' })).to.throw(/not "builtin", not a shared trace \(opsd-summer, .*\)/);
    expect(() => chooseHome({ trace: 'builtin', date: '2025-02-30', sharedDataDir: '/x' })).to.throw(/does not exist/);
  });

  it('replays a user CSV in a loop from local midnight of its first row', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lektrico-csv-'));
    const file = path.join(dir, 'mine.csv');
    fs.writeFileSync(file, 'timestamp,house_w,pv_w\n2024-06-01T10:00:00Z,800,4000\n2024-06-01T10:15:00Z,1200,3000\n');
    try {
      const home = chooseHome({ trace: file, sharedDataDir: '/x' });
      const first = Date.UTC(2024, 5, 1, 10);
      expect(home.source.at(first).houseW.reduce((a, b) => a + b)).to.be.closeTo(800, 1e-6);
      expect(home.source.at(first + 30 * 60_000).houseW.reduce((a, b) => a + b)).to.be.closeTo(800, 1e-6); // wrapped
      const local = new Date(first);
      expect(home.dayStartMs).to.equal(new Date(local.getFullYear(), local.getMonth(), local.getDate()).getTime());
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('replays the day --date names from a user CSV of several days, and refuses a day the CSV does not have', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lektrico-csv-'));
    const file = path.join(dir, 'two-days.csv');
    const localMidnight = (y: number, m: number, d: number): number => new Date(y, m, d).getTime();
    const rows = [0, 1].flatMap((day) => [0, 12].map((h) => `${new Date(localMidnight(2024, 5, 1 + day) + h * HOUR).toISOString()},${(day + 1) * 1000 + h},0`));
    fs.writeFileSync(file, `timestamp,house_w,pv_w\n${rows.join('\n')}\n`);
    try {
      const home = chooseHome({ trace: file, date: '2024-06-02', sharedDataDir: '/x' });
      expect(home.dayStartMs).to.equal(localMidnight(2024, 5, 2));
      expect(home.source.at(home.dayStartMs + 13 * HOUR).houseW.reduce((a, b) => a + b)).to.be.closeTo(2012, 1e-6);
      expect(() => chooseHome({ trace: file, date: '2024-06-05', sharedDataDir: '/x' })).to.throw(/--date 2024-06-05 is not in .*two-days\.csv/);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('LoopedHome wraps time into the recorded span, before and after it', () => {
    const model = new HomeModel({ seed: 4 });
    const looped = new LoopedHome(model, 1000 * HOUR, 1024 * HOUR);
    expect(looped.at(1030 * HOUR)).to.deep.equal(model.at(1006 * HOUR));
    expect(looped.at(990 * HOUR)).to.deep.equal(model.at(1014 * HOUR));
  });

  it('parses a time of day', () => {
    expect(parseTimeOfDay('09:00')).to.equal(9 * HOUR);
    expect(parseTimeOfDay('23:59:30')).to.equal(23 * HOUR + 59 * 60_000 + 30_000);
    expect(() => parseTimeOfDay('24:00')).to.throw(/HH:MM/);
    expect(() => parseTimeOfDay('noon')).to.throw(/HH:MM/);
  });

  describeWithShared('every shared trace', ['data'], (dataDir) => {
    for (const trace of SHARED_TRACES) {
      it(`${trace.name}: loads in place and gives a day of finite, plausible power`, function () {
        if (!availableSharedTraces(dataDir).includes(trace)) this.skip();
        const home = chooseHome({ trace: trace.name, sharedDataDir: dataDir });
        let pvWh = 0;
        for (let t = home.dayStartMs; t < home.dayStartMs + 24 * HOUR; t += 5 * 60_000) {
          const s = home.source.at(t);
          for (const w of [...s.houseW, ...s.pvW]) {
            expect(Number.isFinite(w)).to.equal(true);
            expect(w).to.be.at.least(0);
          }
          pvWh += (s.pvW.reduce((a, b) => a + b) * 5) / 60;
        }
        expect(pvWh, 'a sunny default day has PV').to.be.greaterThan(1000);
        // Looping: the replay goes on after the recording ends.
        const later = home.source.at(home.dayStartMs + 400 * 24 * HOUR);
        expect(Number.isFinite(later.houseW[0])).to.equal(true);
      });
    }
  });
});
