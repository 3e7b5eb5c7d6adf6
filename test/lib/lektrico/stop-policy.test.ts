import { expect } from 'chai';
import { DEFAULT_STOP_POLICY, parseStopPolicy, stopCurrentA } from '../../../lib/lektrico/stop-policy';

describe('stop policy (what a station is left at when Node-RED stops)', () => {
  const range = { minCurrentA: 6, maxCurrentA: 32 };

  it('defaults to the fail-safe 6 A and reads the runtime settings', () => {
    expect(parseStopPolicy({})).to.deep.equal(DEFAULT_STOP_POLICY);
    expect(parseStopPolicy({ lektricoStationOnStop: 'pause' })).to.deep.equal({ action: 'pause', failsafeCurrentA: 6 });
    expect(parseStopPolicy({ lektricoStationOnStop: 'failsafe', lektricoStationStopCurrentA: 0 })).to.deep.equal({ action: 'failsafe', failsafeCurrentA: 0 });
  });

  it('refuses settings that cannot work, naming them', () => {
    expect(() => parseStopPolicy({ lektricoStationOnStop: 'off' })).to.throw(/lektricoStationOnStop "off" must be one of failsafe, pause, keep/);
    for (const bad of [3, 6.5, 33, '6', -1, NaN]) {
      expect(() => parseStopPolicy({ lektricoStationStopCurrentA: bad }), String(bad)).to.throw(/lektricoStationStopCurrentA .* must be 0 or a whole number of amperes from 6 to 32/);
    }
  });

  it('lowers a station to the fail-safe current, never raises it, and leaves one it never commanded alone', () => {
    expect(stopCurrentA(DEFAULT_STOP_POLICY, range, 32)).to.equal(6);
    expect(stopCurrentA(DEFAULT_STOP_POLICY, range, Infinity)).to.equal(6);
    expect(stopCurrentA(DEFAULT_STOP_POLICY, range, 6)).to.equal(undefined);
    expect(stopCurrentA(DEFAULT_STOP_POLICY, range, 0)).to.equal(undefined);
    expect(stopCurrentA(DEFAULT_STOP_POLICY, range, undefined)).to.equal(undefined);
  });

  it('pauses below the car minimum, caps at the station maximum; pause and keep do what they say', () => {
    expect(stopCurrentA(DEFAULT_STOP_POLICY, { minCurrentA: 8, maxCurrentA: 32 }, 20)).to.equal(0);
    expect(stopCurrentA({ action: 'failsafe', failsafeCurrentA: 16 }, { minCurrentA: 6, maxCurrentA: 10 }, 10)).to.equal(undefined);
    expect(stopCurrentA({ action: 'failsafe', failsafeCurrentA: 16 }, { minCurrentA: 6, maxCurrentA: 10 }, Infinity)).to.equal(10);
    expect(stopCurrentA({ action: 'pause', failsafeCurrentA: 6 }, range, 6)).to.equal(0);
    expect(stopCurrentA({ action: 'keep', failsafeCurrentA: 6 }, range, 32)).to.equal(undefined);
  });
});
