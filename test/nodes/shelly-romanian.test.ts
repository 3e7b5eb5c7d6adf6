import { expect } from 'chai';
import { ShellySimulator } from '../../lib/sim/shelly';
import { RuntimeProcess, stopRuntimeAndSimulators } from '../reliability/support/runtime-process';

/**
 * The Shelly nodes in Romanian, in a real Node-RED (a child process loading the package as a user's
 * install does) whose runtime language is `ro`: the editor gets the Romanian help for ro and the
 * inline English for en-US (@node-red/registry reads locales/<lang>/<node>.html), the Romanian
 * catalogue, and the runtime writes the meter's and normalizer's errors in Romanian.
 */
const MODULE = '@lektrico-em/node-red-lektrico-em';

describe('Shelly device, meter and normalizer in Romanian (Node-RED with lang: ro)', function () {
  this.timeout(90_000);
  let runtime: RuntimeProcess;
  let sim: ShellySimulator;

  before(async () => {
    sim = await ShellySimulator.start({ model: 'SPEM-003CEBEU', password: 'Pa55' });
    runtime = await RuntimeProcess.start({ settings: { lang: 'ro', lektricoShellyDeviceBackoff: { initialMs: 200, maxMs: 2000 } } });
  });

  after(() => stopRuntimeAndSimulators(runtime, sim));

  const nodeHelp = async (language: string): Promise<string> => {
    const reply = await runtime.request('GET', 'nodes', { headers: { Accept: 'text/html', 'Accept-Language': language } });
    expect(reply.status).to.equal(200);
    return reply.body;
  };

  it('serves the Romanian help to a Romanian editor and the inline English help to an English one', async () => {
    const romanian = await nodeHelp('ro');
    expect(romanian).to.contain('data-help-name="lektrico-shelly-device"');
    expect(romanian).to.contain('Un contor de energie Shelly (orice generație)');
    expect(romanian).to.contain('Citește un contor de energie Shelly');
    expect(romanian).to.contain('Transformă orice citire a unui contor Shelly');
    expect(romanian).to.not.contain('One Shelly energy meter (any generation)');

    const english = await nodeHelp('en-US');
    expect(english).to.contain('One Shelly energy meter (any generation)');
    expect(english).to.not.contain('Un contor de energie Shelly');
  });

  it('serves the Romanian catalogue of each node to the editor', async () => {
    const catalogue = async (set: string): Promise<Record<string, any>> => {
      const reply = await runtime.request('GET', `locales/${MODULE}/${set}?lng=ro`);
      expect(reply.status, set).to.equal(200);
      return JSON.parse(reply.body) as Record<string, any>;
    };
    expect((await catalogue('lektrico-shelly-device'))['lektrico-shelly-device'].label.test).to.equal('Testează conexiunea');
    expect((await catalogue('lektrico-shelly-meter'))['lektrico-shelly-meter'].paletteLabel).to.equal('contor shelly');
    expect((await catalogue('lektrico-normalizer'))['lektrico-normalizer'].status.ev).to.equal('EV __power__');
  });

  it('writes the runtime errors in Romanian, lib details kept in English inside them', async () => {
    const errorLine = (pattern: RegExp) => runtime.next((r) => r.type === 'log' && r.level === 'error' && pattern.test(r.msg), 30_000);
    const wrongPassword = errorLine(/a refuzat datele de autentificare/);
    const badRotation = errorLine(/^configurație: /);
    const badPoll = errorLine(/Citire la fiecare trebuie să fie între 0.05 și 3600 s/);
    await runtime.deploy([
      { id: 'tab', type: 'tab', label: 'ro' },
      { id: 'dev', type: 'lektrico-shelly-device', host: sim.host, transport: 'http', pollInterval: 1, timeout: 2, credentials: { password: 'greșită' } },
      { id: 'meter', type: 'lektrico-shelly-meter', z: 'tab', device: 'dev', wires: [[]] },
      { id: 'bad', type: 'lektrico-shelly-device', host: '127.0.0.1', pollInterval: 0 },
      { id: 'norm', type: 'lektrico-normalizer', z: 'tab', mapping: 'auto', rotation: 'L1,L1,L2', wires: [[]] },
    ]);
    const reply = (await wrongPassword) as { msg: string };
    expect(reply.msg).to.equal(`Shelly de la ${sim.host} a refuzat datele de autentificare (401 from ${sim.id}: wrong password for user admin)`);
    await badRotation;
    await badPoll;
  });
});
