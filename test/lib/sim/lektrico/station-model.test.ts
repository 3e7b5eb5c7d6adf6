import { expect } from 'chai';
import { ManualClock } from '../../../../lib/clock';
import { RpcFault, StationModel } from '../../../../lib/sim/lektrico/station-model';

function fault(run: () => unknown): RpcFault {
  try {
    run();
  } catch (err) {
    return err as RpcFault;
  }
  throw new Error('expected an RpcFault');
}

describe('station model', () => {
  it('signals min(dynamic, install, user, EM, OCPP) to the car and says which cap binds', () => {
    const clock = new ManualClock(0);
    const m = new StationModel({ clock: clock.now, car: { reactionDelayMs: 0, startLagMs: 0, maxCurrentA: 32 } });
    expect(m.pwmCurrentA()).to.equal(32);
    expect(m.limitReasonCode()).to.equal(0);
    m.call('dynamic_current.set', { dynamic_current: 16 });
    expect([m.pwmCurrentA(), m.limitReasonCode()]).to.deep.equal([16, 3]);
    m.setCaps({ installCurrentA: 10 });
    expect([m.pwmCurrentA(), m.limitReasonCode()]).to.deep.equal([10, 1]);
    m.call('app_config.set', { config_key: 'user_current', config_value: 8 });
    expect([m.pwmCurrentA(), m.limitReasonCode()]).to.deep.equal([8, 2]);
    m.setCaps({ emCurrentA: 6 });
    expect([m.pwmCurrentA(), m.limitReasonCode()]).to.deep.equal([6, 6]);
    const info = m.read('charger_info.get')!;
    expect(info).to.include({ pwm_current: 6, current_limit_reason: 6, dynamic_current: 16, em_current: 6 });
    expect(m.flashWrites).to.equal(1);
  });

  it('pauses at dynamic 0 and the car follows the limit in its own time', () => {
    const clock = new ManualClock(0);
    const m = new StationModel({ clock: clock.now, car: { reactionDelayMs: 3000, startLagMs: 0, phases: 1 } });
    m.call('dynamic_current.set', { dynamic_current: 0 });
    clock.advance(5000);
    expect(m.read('charger_info.get')).to.include({ extended_charger_state: 'B_PAUSE', charger_is_paused: true, pwm_current: 0 });
    m.call('dynamic_current.set', { dynamic_current: 10 });
    clock.advance(2999);
    expect(m.read('charger_info.get')).to.include({ extended_charger_state: 'B', pwm_current: 10 });
    clock.advance(1);
    const info = m.read('charger_info.get')!;
    expect(info).to.include({ extended_charger_state: 'C', charger_state: 'C' });
    expect(info.currents).to.deep.equal([10, 0, 0]);
    expect(info.instant_power).to.be.closeTo(10 * 230.4, 0.01);
    clock.advance(3_600_000);
    expect(m.read('charger_info.get')!.session_energy).to.be.closeTo(2304, 0.1);
  });

  it('3P22K: relay_mode switches phases (with a pause), and a reboot forgets it and the dynamic limit', () => {
    const clock = new ManualClock(0);
    const m = new StationModel({
      type: '3p22k',
      clock: clock.now,
      phaseSwitchPauseMs: 2000,
      car: { reactionDelayMs: 0, startLagMs: 0, phases: 3 },
    });
    m.call('dynamic_current.set', { dynamic_current: 16, relay_mode: 3 });
    expect(m.currentsA()).to.deep.equal([16, 16, 16]);
    m.call('dynamic_current.set', { dynamic_current: 16, relay_mode: 1 });
    expect(m.read('charger_info.get')).to.include({ current_limit_reason: 9, pwm_current: 0 });
    clock.advance(2000);
    expect(m.read('charger_info.get')).to.include({ pwm_current: 16, relay_mode: 1 });
    expect(m.currentsA()).to.deep.equal([16, 0, 0]);
    m.reboot();
    expect(m.read('dynamic_current.get')).to.deep.equal({ dynamic_current: 32, relay_mode: 3 });
  });

  it('3P22K: a phase switch under load stops the draw at once (contactor open), then the car restarts', () => {
    const clock = new ManualClock(0);
    const m = new StationModel({
      type: '3p22k',
      clock: clock.now,
      phaseSwitchPauseMs: 2000,
      car: { reactionDelayMs: 3000, startLagMs: 1000, phases: 3 },
    });
    m.call('dynamic_current.set', { dynamic_current: 16, relay_mode: 3 });
    clock.advance(4000);
    m.advance();
    expect(m.currentsA()).to.deep.equal([16, 16, 16]);
    m.call('dynamic_current.set', { dynamic_current: 16, relay_mode: 1 });
    expect(m.currentsA()).to.deep.equal([0, 0, 0]);
    expect(m.read('charger_info.get')).to.include({ current_limit_reason: 9, pwm_current: 0 });
    clock.advance(2000 + 3000 + 1000); // pause, then reaction + start lag on the new phase count
    m.advance();
    expect(m.currentsA()).to.deep.equal([16, 0, 0]);
  });

  it('answers with the documented error codes', () => {
    const one = new StationModel({ type: '1p7k', clock: () => 0 });
    expect(fault(() => one.call('dynamic_current.set', { dynamic_current: 5 })).code).to.equal(-4);
    expect(fault(() => one.call('dynamic_current.set', { dynamic_current: 33 })).code).to.equal(-4);
    expect(fault(() => one.call('dynamic_current.set', { dynamic_current: 6.5 })).code).to.equal(-5);
    expect(fault(() => one.call('dynamic_current.set', { dynamic_current: 16, relay_mode: 1 })).code).to.equal(-6);
    expect(fault(() => one.call('dynamic_current.set', [16])).code).to.equal(-2);
    expect(fault(() => one.call('app_config.set', { config_key: 'user_current', config_value: 40 })).code).to.equal(-4);
    expect(fault(() => one.call('app_config.set', { config_key: 'headless', config_value: 1 })).code).to.equal(-5);
    expect(fault(() => one.call('charge.start', { tag: '' })).code).to.equal(-3);
    expect(fault(() => one.call('teleport', {})).code).to.equal(-1);
    const three = new StationModel({ type: '3p22k', clock: () => 0 });
    expect(fault(() => three.call('dynamic_current.set', { dynamic_current: 16, relay_mode: 2 })).code).to.equal(-4);
    expect(one.dynamicCurrentA).to.equal(32); // nothing refused was applied
  });

  it('needs authorisation when not headless, and knows no car, locked and faults', () => {
    const m = new StationModel({ clock: () => 0, headless: false });
    expect(m.extendedState()).to.equal('B_AUTH');
    m.call('charge.start', { tag: 'x' });
    expect(m.extendedState()).to.not.equal('B_AUTH');
    m.setActiveError('overtemp', true);
    expect(m.read('charger_info.get')).to.include({ extended_charger_state: 'E', has_active_errors: true });
    expect(m.read('active_errors.get')).to.include({ overtemp: true, rcd_error: false });
    m.setActiveError('overtemp', false);
    m.call('app_config.set', { config_key: 'charger_locked', config_value: true });
    expect(m.extendedState()).to.equal('LOCKED');
    m.call('app_config.set', { config_key: 'charger_locked', config_value: false });
    m.unplugCar();
    expect(m.read('charger_info.get')).to.include({ extended_charger_state: 'A', charger_state: 'A', session_energy: 0 });
  });

  it('matches method names case-insensitively, as the device does', () => {
    const m = new StationModel({ clock: () => 0 });
    expect(m.read('CHARGER_INFO.GET')).to.not.equal(undefined);
    expect(m.call('Dynamic_current.Set', { dynamic_current: 12 })).to.equal(true);
    expect(m.read('Device_id.Get')).to.deep.equal({ device_id: '1p7k_500001' });
  });
});
