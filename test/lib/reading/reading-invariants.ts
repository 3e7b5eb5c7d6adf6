import { expect } from 'chai';
import { GRID_PHASES } from '../../../lib/grid-phase';
import type { CanonicalReading } from '../../../lib/reading/canonical-reading';

/**
 * What every canonical reading must satisfy, whatever produced it: 1 to 3 phases in L1..L3
 * order, power = their sum, every number finite, current never negative, and absent fields
 * really absent (no key holding undefined, NaN or null).
 */
export function expectCanonical(reading: CanonicalReading): void {
  expect(reading.timestamp).to.be.a('number').and.satisfy(Number.isFinite);
  expect(reading.phases.length).to.be.within(1, 3);
  const order = reading.phases.map((p) => GRID_PHASES.indexOf(p.phase));
  expect(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1]))).to.equal(true, `phase order ${JSON.stringify(reading.phases.map((p) => p.phase))}`);
  let sum = 0;
  for (const phase of reading.phases) {
    for (const [key, value] of Object.entries(phase)) {
      expect(value, `${phase.phase}.${key}`).to.not.equal(undefined);
      expect(value, `${phase.phase}.${key}`).to.not.equal(null);
      if (typeof value === 'number') expect(Number.isFinite(value), `${phase.phase}.${key} = ${value}`).to.equal(true);
    }
    expect(phase.power).to.be.a('number');
    if (phase.current !== undefined) expect(phase.current).to.be.at.least(0);
    if (phase.voltage !== undefined) expect(phase.voltage).to.be.above(0);
    sum += phase.power as number;
  }
  expect(reading.power).to.be.closeTo(sum, 1e-9);
  expect(Object.is(reading.power, -0)).to.equal(false);
  if (reading.energy) {
    for (const [key, value] of Object.entries(reading.energy)) {
      expect(Number.isFinite(value), `energy.${key}`).to.equal(true);
      expect(value).to.be.at.least(0);
    }
  }
  for (const value of Object.values(reading.device)) expect(value).to.not.equal(undefined);
}
