import { expect } from 'chai';
import { CAR_SETTLE_MS } from '../../../lib/energy/car-timing';
import { carCeilingA, constrainedGridPhases, isWaitingForCar, measuredCurrentA, measuredDrawRatio, notCompetingReason } from '../../../lib/energy/station-view';
import { telemetry } from './builders';

describe('station view', () => {
  it('reads what a car draws per ampere commanded once it has settled, within 0.85–1.15, and nothing before', () => {
    const settled = (measuredA: number, commandA = 16) =>
      telemetry('a', { currentsA: [measuredA, measuredA, measuredA], lastCommand: { currentA: commandA, at: 0, accepted: true } });
    expect(measuredDrawRatio(settled(15.2), CAR_SETTLE_MS)).to.be.closeTo(0.95, 1e-9);
    expect(measuredDrawRatio(settled(17.3), CAR_SETTLE_MS)).to.be.closeTo(17.3 / 16, 1e-9);
    expect(measuredDrawRatio(settled(5, 6), CAR_SETTLE_MS)).to.equal(0.85);
    expect(measuredDrawRatio(settled(15.2), CAR_SETTLE_MS - 1)).to.equal(undefined);
    expect(measuredDrawRatio(telemetry('a', { currentsA: [15, 15, 15], lastCommand: { currentA: 16, at: 0, accepted: false } }), 60_000)).to.equal(undefined);
    expect(measuredDrawRatio(telemetry('a', { currentsA: [15, 15, 15] }), 60_000)).to.equal(undefined);
  });

  it('sees a car that limits itself (2 A or more under a settled command): its ceiling, not a draw ratio', () => {
    const car16OnStation32 = telemetry('a', { activePhases: 1, currentsA: [16, 0, 0], lastCommand: { currentA: 32, at: 0, accepted: true } });
    expect(carCeilingA(car16OnStation32, CAR_SETTLE_MS)).to.equal(16);
    expect(measuredDrawRatio(car16OnStation32, CAR_SETTLE_MS)).to.equal(undefined);
    const following = telemetry('a', { currentsA: [15.2, 15.2, 15.2], lastCommand: { currentA: 16, at: 0, accepted: true } });
    expect(carCeilingA(following, CAR_SETTLE_MS)).to.equal(undefined);
  });

  it('counts a 3-phase station switched to one phase on its first wired phase only', () => {
    const t = telemetry('a', { gridPhases: ['L3', 'L1', 'L2'], activePhases: 1, currentsA: [10, 0, 0], canSwitchPhases: true });
    expect(measuredCurrentA(t)).to.equal(10);
    expect(constrainedGridPhases(t, {})).to.deep.equal(['L3']);
    // Switching to 3 phases: all three count until it is done.
    expect(constrainedGridPhases(t, { a: 3 })).to.deep.equal(['L3', 'L1', 'L2']);
  });

  it('says why a station does not compete', () => {
    expect(notCompetingReason(telemetry('a'))).to.equal(undefined);
    expect(notCompetingReason(telemetry('a', { carConnected: false, state: 'available' }))).to.equal('no car connected');
    expect(notCompetingReason(telemetry('a', { online: false, state: 'offline' }))).to.equal('station is offline');
    expect(notCompetingReason(telemetry('a', { state: 'error' }))).to.equal('station reports an error');
  });

  it('tells a station ready for the next car from one that is offline or in error', () => {
    expect(isWaitingForCar(telemetry('a', { carConnected: false, state: 'available' }))).to.equal(true);
    expect(isWaitingForCar(telemetry('a', { carConnected: false, state: 'error' }))).to.equal(false);
    expect(isWaitingForCar(telemetry('a', { carConnected: false, online: false, state: 'offline' }))).to.equal(false);
    expect(isWaitingForCar(telemetry('a'))).to.equal(false);
  });
});
