import { expect } from 'chai';
import { checkChargingTarget, checkReading, checkTelemetry } from '../../../lib/energy/message-check';
import { InputError } from '../../../lib/input-error';
import { reading, target, telemetry } from './builders';

/** Holes in arrays and values that String() would show as "[object Object]": refused, and said clearly. */
describe('energy message checks: arrays with holes and unreadable values', () => {
  // eslint-disable-next-line no-sparse-arrays
  const holed = <T>(...items: T[]): T[] => { const a = [...items]; delete a[0]; return a; };

  it('refuses a station list with a hole instead of passing it on as undefined', () => {
    const t = target({ stations: holed(telemetry('a'), telemetry('b')) });
    expect(() => checkChargingTarget(t)).to.throw(InputError, /station telemetry must have kind "station-telemetry"/);
  });

  it('refuses telemetry whose currents or wiring have holes (they would become NaN)', () => {
    expect(() => checkTelemetry(telemetry('a', { currentsA: holed(1, 2, 3) }))).to.throw(InputError, /currentsA must be up to 3 finite currents/);
    expect(() => checkTelemetry(telemetry('a', { gridPhases: holed<'L1' | 'L2'>('L1', 'L2'), currentsA: [0, 0] }))).to.throw(InputError, /gridPhases must list/);
  });

  it('describes a bad value by what it is, not as [object Object] or null', () => {
    const r = reading(1000, { L1: 1 });
    expect(() => checkReading({ ...r, power: { w: 1 } })).to.throw(InputError, /power must be a finite number of W \(got a nested object\)$/);
    expect(() => checkReading({ ...r, timestamp: Number.NaN })).to.throw(InputError, /timestamp must be a number of ms \(got NaN\)$/);
    expect(() => checkReading({ ...r, phases: [{ phase: { big: new Array(100_000).fill(1) } }] })).to.throw(InputError, /must name L1, L2 or L3 \(got a nested object\)$/);
  });

  it('refuses a power or current no house connection carries (a unit mistake that would become an infinite current)', () => {
    const r = reading(1000, { L1: 1 });
    expect(() => checkReading({ ...r, power: 1e308 })).to.throw(InputError, /power 1e\+308 W is beyond any house connection/);
    expect(() => checkReading({ ...r, phases: [{ phase: 'L1', power: 1e308, voltage: 0.5 }] })).to.throw(InputError, /L1 power 1e\+308 W is beyond/);
    expect(() => checkReading({ ...r, phases: [{ phase: 'L1', current: 5e4 }] })).to.throw(InputError, /L1 current 50000 A is beyond/);
    expect(checkReading({ ...r, phases: [{ phase: 'L1', power: 110_000, current: 400 }], power: 110_000 })).to.have.property('power', 110_000);
  });

  it('refuses NaN or Infinity anywhere in what is passed on, and a state the contract does not know', () => {
    expect(() => checkTelemetry({ ...telemetry('a'), temperatureC: Number.NaN })).to.throw(InputError, /station a: telemetry temperatureC must be a finite number/);
    expect(() => checkTelemetry({ ...telemetry('a'), singlePhaseCar: 'yes' as never })).to.throw(InputError, /^station a: singlePhaseCar must be true or false when given$/);
    expect(checkTelemetry({ ...telemetry('a'), singlePhaseCar: true }).singlePhaseCar).to.equal(true);
    expect(() => checkTelemetry({ ...telemetry('a'), voltagesV: [230, Number.POSITIVE_INFINITY, 230] })).to.throw(InputError, /voltagesV\.1 must be a finite number/);
    expect(() => checkTelemetry({ ...telemetry('a'), state: Number.NaN })).to.throw(InputError, /state must be one of available, .* \(got NaN\)/);
    expect(() => checkChargingTarget({ ...target(), surplusW: Number.NaN })).to.throw(InputError, /charging target: surplusW must be a finite number/);
    expect(() => checkChargingTarget({ ...target(), readingAgeMs: Number.NaN })).to.throw(InputError, /readingAgeMs must be a number of ms/);
  });
});
