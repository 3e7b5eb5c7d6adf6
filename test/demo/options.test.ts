import { expect } from 'chai';
import * as path from 'node:path';
import { defaultOptions, parseArgs, usage, type DemoOptions } from '../../demo/options';
import { demoLayout } from '../../demo/layout';
import { projectRoot } from '../../lib/project-root';
import { SIMULATED_SHELLY_MODELS } from '../../lib/sim/shelly';

describe('demo options', () => {
  const base = defaultOptions({});

  it('defaults: port 1880, a day in 10 minutes from 09:00, a Pro 3EM, the built-in home, two stations, .demo/', () => {
    expect(base).to.include({ port: 1880, speed: 144, shellyModel: 'SPEM-003CEBEU', trace: 'builtin', startTime: '09:00', stations: 2, mode: 'green' });
    expect(base.userDir).to.equal(path.join(projectRoot(), '.demo'));
    expect(base.shellyHost).to.equal(undefined);
    expect(base.stationHosts).to.deep.equal([]);
  });

  it('takes real devices from the environment, credentials included', () => {
    const o = defaultOptions({ LEKTRICO_SHELLY_HOST: '192.168.1.50', LEKTRICO_STATION_HOST: '192.168.1.60', LEKTRICO_STATION2_HOST: '192.168.1.61', LEKTRICO_SHELLY_PASSWORD: 'pw' });
    expect(o.shellyHost).to.equal('192.168.1.50');
    expect(o.stationHosts).to.deep.equal(['192.168.1.60', '192.168.1.61']);
    expect(o.shellyCredentials).to.deep.equal({ username: undefined, password: 'pw' });
    expect(o.stationCredentials).to.equal(undefined);
  });

  it('parses --name value and --name=value, options over the environment', () => {
    const o = parseArgs(['--port=0', '--speed', '60', '--shelly-model', 'SHEM', '--start-time', '12:30', '--station-host', '10.0.0.9', '--trace', 'opsd-summer'], base) as DemoOptions;
    expect(o).to.include({ port: 0, speed: 60, shellyModel: 'SHEM', startTime: '12:30', trace: 'opsd-summer' });
    expect(o.stationHosts).to.deep.equal(['10.0.0.9']);
    expect(parseArgs(['--help'], base)).to.equal('help');
  });

  it('says what is wrong with a bad option', () => {
    expect(() => parseArgs(['--port', 'x'], base)).to.throw(/--port x: must be a port number/);
    expect(() => parseArgs(['--shelly-model', 'SPEM-XYZ'], base)).to.throw(/not a simulated Shelly; one of SHEM, /);
    expect(() => parseArgs(['--stations', '3'], base)).to.throw(/1 or 2/);
    expect(() => parseArgs(['--mode', 'eco'], base)).to.throw(/off, power, hybrid, green/);
    expect(() => parseArgs(['--colour', 'red'], base)).to.throw(/unknown option --colour/);
    expect(() => parseArgs(['--speed'], base)).to.throw(/needs a value/);
  });

  it('the usage lists every option, model and shared trace', () => {
    const text = usage();
    for (const word of ['--port', '--speed', '--start-time', '--trace', '--shelly-model', '--station-host', 'LEKTRICO_SHELLY_HOST', 'opsd-summer', ...SIMULATED_SHELLY_MODELS]) {
      expect(text).to.include(word);
    }
  });

  it('fits the home to the meter: three-phase meters a three-phase home, one- and two-channel meters a single-phase one', () => {
    for (const model of SIMULATED_SHELLY_MODELS) {
      const layout = demoLayout(model, 2);
      const phases = new Set(layout.stations.flatMap((s) => s.gridPhases));
      if (layout.threePhase) expect([...phases].sort()).to.deep.equal(['L1', 'L2', 'L3']);
      else expect([...phases]).to.deep.equal(['L1']);
      expect(layout.stations).to.have.length(2);
    }
    expect(demoLayout('SNSW-001P16EU', 1).pvKWp, 'a meter without a sign cannot see export').to.equal(0);
    expect(demoLayout('SNSW-001P16EU', 1).warnings.join()).to.match(/cannot tell export from import/);
  });
});
