import { expect } from 'chai';
import { toWholeAmps, waterFill, type FillLimit, type FillStation } from '../../../lib/energy/water-fill';

const station = (over: Partial<FillStation> & { uses: FillStation['uses'] }): FillStation => ({ floorA: 6, capA: 32, group: 0, ...over });

describe('waterFill', () => {
  it('raises everyone together and gives what a capped station cannot take to the others', () => {
    const limits: FillLimit[] = [{ limit: 40, label: 'L1' }];
    const r = waterFill([station({ capA: 8, uses: [{ limit: 0, perA: 1 }] }), station({ uses: [{ limit: 0, perA: 1 }] }), station({ uses: [{ limit: 0, perA: 1 }] })], limits);
    expect(r.currentsA).to.deep.equal([8, 16, 16]);
    expect(r.boundBy).to.deep.equal(['max', 'L1', 'L1']);
  });

  it('is max-min fair across coupled limits: a station on a free phase keeps rising', () => {
    // a: L1 only; b: L1+L2; c: L2 only. L1 20 A, L2 40 A.
    const limits: FillLimit[] = [{ limit: 20, label: 'L1' }, { limit: 40, label: 'L2' }];
    const r = waterFill(
      [station({ uses: [{ limit: 0, perA: 1 }] }), station({ uses: [{ limit: 0, perA: 1 }, { limit: 1, perA: 1 }] }), station({ uses: [{ limit: 1, perA: 1 }] })],
      limits,
    );
    expect(r.currentsA.map((a) => Math.round(a * 1e6) / 1e6)).to.deep.equal([10, 10, 30]);
    expect(r.boundBy).to.deep.equal(['L1', 'L1', 'L2']);
  });

  it('starts from each station\'s floor (a higher guaranteed floor is kept)', () => {
    const r = waterFill([station({ floorA: 16, uses: [{ limit: 0, perA: 1 }] }), station({ uses: [{ limit: 0, perA: 1 }] })], [{ limit: 24, label: 'L1' }]);
    expect(r.currentsA).to.deep.equal([16, 8]);
  });

  it('fills groups one after the other (strict priority)', () => {
    const r = waterFill([station({ group: 1, uses: [{ limit: 0, perA: 1 }] }), station({ group: 0, capA: 16, uses: [{ limit: 0, perA: 1 }] })], [{ limit: 24, label: 'L1' }]);
    expect(r.currentsA).to.deep.equal([8, 16]);
  });

  it('respects a power limit in W with different weights (3-phase vs 1-phase)', () => {
    const r = waterFill([station({ uses: [{ limit: 0, perA: 690 }] }), station({ uses: [{ limit: 0, perA: 230 }] })], [{ limit: 9200, label: 'the power cap' }]);
    expect(r.currentsA[0]).to.be.closeTo(10, 1e-9);
    expect(r.currentsA[1]).to.be.closeTo(10, 1e-9);
  });
});

describe('toWholeAmps', () => {
  it('rounds down and hands out the amps left over without breaking a limit', () => {
    const stations = [0, 1, 2].map(() => station({ uses: [{ limit: 0, perA: 1 }] }));
    const limits: FillLimit[] = [{ limit: 20.5, label: 'L1' }];
    const whole = toWholeAmps(stations, limits, [20.5 / 3, 20.5 / 3, 20.5 / 3], (w) => [0, 1, 2].sort((a, b) => w[a] - w[b] || a - b));
    expect(whole).to.deep.equal([7, 7, 6]);
  });

  it('never rounds shares up past a limit when they sit a rounding error below whole amps', () => {
    const stations = [0, 1].map(() => station({ uses: [{ limit: 0, perA: 1 }] }));
    const limits: FillLimit[] = [{ limit: 13.9999999985, label: 'L1' }];
    const fill = waterFill(stations, limits);
    expect(toWholeAmps(stations, limits, fill.currentsA, () => [0, 1])).to.deep.equal([7, 6]);
  });
});
