import { expect } from 'chai';
import { identifyDevice } from '../../../lib/lektrico/device-id';
import { decodeLimitReason, isExternalLimit } from '../../../lib/lektrico/limit-reasons';
import { parseActiveErrors, parseChargerInfo, parseDynamicCurrent } from '../../../lib/lektrico/replies';
import { decodeState, isCarConnected, stateOfReply } from '../../../lib/lektrico/states';

describe('lektrico decoders', () => {
  it('decodes every documented extended_charger_state and tolerates new ones', () => {
    const cases: Record<string, string> = {
      A: 'available',
      B: 'connected',
      B_AUTH: 'need_auth',
      B_PAUSE: 'paused',
      B_SCHEDULER: 'paused_by_scheduler',
      C: 'charging',
      D: 'charging',
      E: 'error',
      F: 'error',
      OTA: 'updating_firmware',
      LOCKED: 'locked',
      'Connected,NeedAuth': 'need_auth',
      X_NEW: 'unknown',
    };
    for (const [raw, name] of Object.entries(cases)) expect(decodeState(raw), raw).to.equal(name);
    expect(decodeState(3)).to.equal('unknown');
    expect(stateOfReply('B_PAUSE', 'B')).to.equal('paused');
    expect(stateOfReply(undefined, 'C')).to.equal('charging');
    expect(isCarConnected('available')).to.equal(false);
    expect(isCarConnected('paused')).to.equal(true);
  });

  it('decodes current_limit_reason codes, texts, absence and garbage', () => {
    expect(decodeLimitReason(6)).to.deep.equal({ code: 6, name: 'em' });
    expect(decodeLimitReason(9)).to.deep.equal({ code: 9, name: 'switching_phases' });
    expect(decodeLimitReason(10)).to.deep.equal({ code: 10, name: 'user_limit' });
    expect(decodeLimitReason(11)).to.deep.equal({ code: 11, name: '1p_charging_disabled' });
    expect(decodeLimitReason(12)).to.deep.equal({ code: 12, name: 'unknown' });
    expect(decodeLimitReason(undefined)).to.deep.equal({ code: 0, name: 'no_limit' });
    expect(decodeLimitReason('EM offline')).to.deep.equal({ code: 5, name: 'em_offline' });
    expect(decodeLimitReason(2.5)).to.deep.equal({ code: -1, name: 'unknown' });
    expect(isExternalLimit({ name: 'dynamic_limit' })).to.equal(false);
    expect(isExternalLimit({ name: 'installation_current' })).to.equal(true);
  });

  it('identifies device types from the device_id prefix and tolerates unknown ones', () => {
    expect(identifyDevice('1p7k_500006')).to.deep.equal({ deviceId: '1p7k_500006', type: '1p7k', serial: '500006' });
    expect(identifyDevice('3p22k_700123').type).to.equal('3p22k');
    expect(identifyDevice('m2w_810172').type).to.equal('em');
    expect(identifyDevice('m2w_830001').type).to.equal('3em');
    expect(identifyDevice('one_900001')).to.deep.equal({ deviceId: 'one_900001', type: 'unknown', serial: '900001' });
  });

  it('never turns malformed values into NaN', () => {
    const info = parseChargerInfo({ instant_power: 'lots', currents: [1, null, 'x'], temperature: NaN, session_energy: Infinity });
    expect(info.instantPowerW).to.equal(undefined);
    expect(info.currentsA).to.deep.equal([1, 0, 0]);
    expect(info.temperatureC).to.equal(undefined);
    expect(info.sessionEnergyWh).to.equal(undefined);
    expect(info.state).to.equal('unknown');
    expect(() => parseChargerInfo('<html>')).to.throw(/not a JSON object/);
    expect(() => parseChargerInfo([1, 2])).to.throw(/not a JSON object/);
  });

  it('reads relay_mode and active errors, mapping old firmware names', () => {
    expect(parseDynamicCurrent({ dynamic_current: 16, relay_mode: 1 })).to.deep.equal({ dynamicCurrentA: 16, relayMode: 1 });
    expect(parseDynamicCurrent({ dynamic_current: 32 })).to.deep.equal({ dynamicCurrentA: 32, relayMode: undefined });
    expect(parseActiveErrors({ overtemp: true, rcd_error: false, state_machine_e_activated: true })).to.deep.equal([
      'overtemp',
      'state_e_activated',
    ]);
  });
});
