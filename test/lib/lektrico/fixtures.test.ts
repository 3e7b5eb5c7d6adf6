import * as path from 'node:path';
import { expect } from 'chai';
import { describeWithShared, listJsonFiles, readJson } from '../../support/shared-fixtures';
import type { GridPhase } from '../../../lib/grid-phase';
import { stationFromService } from '../../../lib/lektrico/discovery';
import { identifyDevice } from '../../../lib/lektrico/device-id';
import { LEKTRICO_METHODS } from '../../../lib/lektrico/methods';
import { parseAppConfig, parseChargerConfig, parseChargerInfo, parseDeviceId } from '../../../lib/lektrico/replies';
import { LektricoRpcError } from '../../../lib/lektrico/rpc-error';
import { buildRequestFrame, decodeReplyFrame } from '../../../lib/lektrico/rpc-frame';
import { buildTelemetry } from '../../../lib/lektrico/telemetry';
import { StationModel, RpcFault } from '../../../lib/sim/lektrico/station-model';

type Json = Record<string, any>;

const context = { stationId: 's1', gridPhases: ['L1', 'L2', 'L3'] as GridPhase[], allowPhaseSwitching: false, minCurrentA: 6, maxCurrentA: 32 };

/**
 * One check per fixture, by what the file is (see ../shared/fixtures/lektrico/SOURCES.md):
 * raw replies must give the right telemetry fields; library output and mocks must decode their
 * known keys without throwing. A fixture without a check fails, so none is skipped by accident.
 */
const CHECKS: Record<string, (data: Json) => void> = {
  // raw, charging, the station's own EM limiting: dynamic 16 but pwm 6, reason 6
  'victron.charger_info.get.1p7k-fw1.47.json': (data) => {
    const info = parseChargerInfo(data);
    const t = buildTelemetry(
      { identity: identifyDevice('1p7k_500006'), info, errors: [] },
      { ...context, gridPhases: ['L2'] },
      1000,
    );
    expect(t.state).to.equal('charging');
    expect(t.charging).to.equal(true);
    expect(t.carConnected).to.equal(true);
    expect(t.gridPhases).to.deep.equal(['L2']);
    expect(t.activePhases).to.equal(1);
    expect(t.currentsA).to.deep.equal([5.468]);
    expect(t.voltagesV).to.deep.equal([221.43]);
    expect(t.powerW).to.equal(1179.57);
    expect(t.sessionEnergyWh).to.equal(3514.12);
    expect(t.totalEnergyKWh).to.equal(1861.119);
    expect(t.pwmCurrentA).to.equal(6);
    expect(t.dynamicCurrentA).to.equal(16);
    expect(t.installCurrentA).to.equal(32);
    expect(t.limitReason).to.deep.equal({ code: 6, name: 'em' });
    expect(t.temperatureC).to.equal(23.7);
    expect(t.firmware).to.equal('1.47');
    expect(t.maxCurrentA).to.equal(32);
  },
  // raw (abridged), car waiting for authorisation, user limit, relay_mode 0 on a 1P7K
  'evcc.charger_info.get.1p7k-fw1.51.json': (data) => {
    const info = parseChargerInfo(data);
    expect(info.state).to.equal('need_auth');
    expect(info.chargerState).to.equal('B');
    expect(info.limitReason).to.deep.equal({ code: 2, name: 'user_limit' });
    expect(info.relayMode).to.equal(0);
    expect(info.voltagesV).to.deep.equal([237.65, 0, 0]);
    expect(info.sessionEnergyWh).to.equal(38.48);
    expect(info.totalEnergyKWh).to.equal(9683.844);
    expect(info.paused).to.equal(false);
    const t = buildTelemetry({ identity: identifyDevice('1p7k_1'), info, errors: [] }, context, 0);
    expect(t.carConnected).to.equal(true);
    expect(t.charging).to.equal(false);
    expect(t.activePhases).to.equal(1);
    expect(t.currentsA).to.deep.equal([0]);
  },
  // raw but merged from several GETs, firmware 1.23: no extended state, no limit reason
  'lektricowifi.charger_info.merged.fw1.23.json': (data) => {
    const info = parseChargerInfo(data);
    expect(info.state).to.equal('available');
    expect(info.limitReason).to.deep.equal({ code: 0, name: 'no_limit' });
    expect(info.currentsA).to.deep.equal([0]);
    expect(info.sessionId).to.equal(13);
    expect(info.dynamicCurrentA).to.equal(32);
    expect(info.firmware).to.equal('1.23');
    expect(parseAppConfig(data)).to.include({ installCurrentA: 32, headless: false, ledMaxBrightness: 20 });
  },
  'lektricowifi.charger_config.get.1p7k.json': (data) => {
    expect(parseChargerConfig(data)).to.deep.equal({ serialNumber: '500006', boardRevision: 'B' });
  },
  'victron.em.app_config.get.json': (data) => {
    // An EM's app_config: nothing a station needs, but it decodes without inventing values.
    expect(parseAppConfig(data)).to.deep.equal({
      installCurrentA: undefined,
      userCurrentA: undefined,
      headless: undefined,
      chargerLocked: undefined,
      ledMaxBrightness: undefined,
    });
  },
  'lektricowifi.rpc_result.charge_start.json': (data) => {
    expect(decodeReplyFrame('charge.start', data, data.id)).to.equal(true);
  },
  'lektricowifi.rpc_result.em_set_load_balancing_mode.json': (data) => {
    expect(decodeReplyFrame('app_config.set', data, data.id)).to.equal(true);
    expect(identifyDevice(data.src).type).to.equal('em');
  },
  'lektricowifi.rpc_result.false.json': (data) => {
    expect(decodeReplyFrame('dynamic_current.set', data, data.id)).to.equal(false);
  },
  'lektricowifi.rpc_error.unknown_key.json': (data) => {
    let error: unknown;
    try {
      decodeReplyFrame('app_config.set', data, data.id);
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(LektricoRpcError);
    expect((error as LektricoRpcError).code).to.equal(-6);
    expect((error as LektricoRpcError).meaning).to.equal('unknown key');
    expect((error as LektricoRpcError).deviceMessage).to.equal('Error uknown key.');
  },
  // library output (processed): title-case / snake-case names instead of raw letters and codes
  'lektricowifi.device_info.1p7k.processed.json': (data) => {
    const info = parseChargerInfo(data);
    expect(info.state).to.equal('available');
    expect(info.limitReason).to.deep.equal({ code: 1, name: 'installation_current' });
    expect(info.currentsA).to.deep.equal([0, 0, 0]);
    expect(info.userCurrentA).to.equal(32);
  },
  'lektricowifi.device_info.em.processed.json': (data) => {
    const info = parseChargerInfo(data);
    expect(info.state).to.equal('unknown');
    expect(info.voltagesV).to.deep.equal([230.968, 230.968, 0.1]);
  },
  'lektricowifi.device_config.1p7k.processed.json': (data) => {
    expect(parseChargerConfig(data)).to.deep.equal({ serialNumber: '500006', boardRevision: 'E' });
  },
  'lektricowifi.device_config.em.processed.json': (data) => {
    expect(parseChargerConfig(data)).to.deep.equal({ serialNumber: '810172', boardRevision: 'A' });
  },
  'lektricowifi.mock.1p7k_merged.json': (data) => {
    const info = parseChargerInfo(data);
    expect(info.state).to.equal('available');
    expect(info.currentsA).to.deep.equal([0.015, 0.006, 0.011]);
    expect(info.limitReason.name).to.equal('installation_current');
    expect(info.installCurrentA).to.equal(6);
  },
  'lektricowifi.mock.em_merged.json': (data) => {
    expect(() => parseChargerInfo(data)).not.to.throw();
    expect(parseChargerInfo(data).voltagesV).to.deep.equal([238.53, 238.521, 236.852]);
  },
  'ha-core.get_info.json': (data) => {
    const info = parseChargerInfo(data);
    expect(info.state).to.equal('available');
    expect(info.limitReason).to.deep.equal({ code: 1, name: 'installation_current' });
    expect(info.voltagesV).to.deep.equal([220, 0, 0]);
    const t = buildTelemetry({ identity: identifyDevice('1p7k_500006'), info, errors: [] }, context, 0);
    expect(t.maxCurrentA).to.equal(6); // install_current 6 caps what the chain may give
  },
  'ha-core.get_info.older.json': (data) => {
    const info = parseChargerInfo(data);
    expect(info.hasActiveErrors).to.equal(true);
    expect(info.installCurrentA).to.equal(6);
  },
  'ha-core.current_measures.json': (data) => {
    const info = parseChargerInfo(data);
    expect(info.state).to.equal('available');
    expect(info.limitReason.name).to.equal('installation_current');
    expect(info.firmware).to.equal('1.44');
  },
  'ha-core.get_config.json': (data) => {
    expect(parseChargerConfig(data)).to.deep.equal({ serialNumber: '500006', boardRevision: 'B' });
    expect(() => parseDeviceId(data)).to.throw(/device_id/);
  },
  'ha-core.zeroconf_discovery.mock.json': (data) => {
    const station = stationFromService({
      name: data.name,
      address: data.ip_address,
      port: data.port,
      txt: data.properties,
    });
    expect(station).to.deep.include({
      name: 'Lektrico-1p7k-500006',
      host: '192.168.100.10',
      deviceId: '1p7k_500006',
      deviceType: '1p7k',
      serial: '500006',
      firmware: '20230109-124642/v1.22-36-g56a3edd-develop-dirty',
    });
  },
  // Request frames as real clients build them: ours must be the same, and the simulator must accept them.
  'requests.derived.json': (data) => {
    const frames = (data.frames as Json[]).filter((f) => f.body);
    const byMethod = (method: string, params?: Json): Json | undefined =>
      frames.find((f) => f.body.method === method && JSON.stringify(f.body.params) === JSON.stringify(params));
    for (const [method, params] of [
      [LEKTRICO_METHODS.setDynamicCurrent, { dynamic_current: 16 }],
      [LEKTRICO_METHODS.setDynamicCurrentAndRelay, { dynamic_current: 16, relay_mode: 1 }],
      [LEKTRICO_METHODS.setDynamicCurrentAndRelay, { dynamic_current: 16, relay_mode: 3 }],
      [LEKTRICO_METHODS.chargeStart, { tag: 'HASS' }],
      [LEKTRICO_METHODS.chargeStop, undefined],
    ] as Array<[string, Json | undefined]>) {
      const theirs = byMethod(method, params);
      expect(theirs, `${method} ${JSON.stringify(params)}`).to.not.equal(undefined);
      expect(buildRequestFrame('HASS', theirs!.body.id, method, params)).to.deep.equal(theirs!.body);
    }
    // Every frame for a station (the EM's load_balancing_mode goes to the EM device).
    for (const frame of frames.filter((f) => !/EM device/.test(f.http))) {
      const model = new StationModel({ type: '3p22k', clock: () => 0 });
      try {
        model.call(frame.body.method, frame.body.params);
      } catch (err) {
        expect.fail(`simulator refused ${frame.body.method}: ${(err as RpcFault).message}`);
      }
    }
  },
};

describeWithShared('LEKTRI.CO fixtures (conformance)', ['fixtures', 'lektrico'], (dir) => {
  it('has a check for every fixture', () => {
    const missing = listJsonFiles(dir).filter((file) => !(file in CHECKS));
    expect(missing).to.deep.equal([]);
  });
  for (const file of Object.keys(CHECKS).sort()) {
    it(file, function () {
      const full = path.join(dir, file);
      let data: Json;
      try {
        data = readJson(full) as Json;
      } catch {
        return this.skip();
      }
      CHECKS[file](data);
    });
  }
});
