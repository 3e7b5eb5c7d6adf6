import { expect } from 'chai';
import { discoverStations, lektricoInstanceLabel, stationFromService } from '../../../lib/lektrico/discovery';
import { txtEntries } from '../../../lib/mdns/service-records';
import { StationSimulator } from '../../../lib/sim/lektrico/station-simulator';

/** A port of our own so parallel suites on 5353 never see these packets. */
const MDNS = { interface: '127.0.0.1', port: 42000 + Math.floor(Math.random() * 1000) };

describe('LEKTRI.CO mDNS discovery (loopback)', () => {
  const sims: StationSimulator[] = [];

  afterEach(async () => {
    await Promise.all(sims.splice(0).map((s) => s.stop()));
  });

  it('finds simulated stations announcing Lektrico-<type>-<serial> on 127.0.0.1', async () => {
    sims.push(new StationSimulator({ type: '1p7k', serial: '500006', mdns: MDNS }));
    sims.push(new StationSimulator({ type: '3p22k', serial: '700001', mdns: MDNS }));
    for (const sim of sims) await sim.start();
    const found = await discoverStations({ ...MDNS, timeoutMs: 600 });
    expect(found.map((s) => ({ name: s.name, host: s.host, deviceId: s.deviceId, deviceType: s.deviceType }))).to.deep.equal([
      { name: 'Lektrico-1p7k-500006', host: sims[0].host, deviceId: '1p7k_500006', deviceType: '1p7k' },
      { name: 'Lektrico-3p22k-700001', host: sims[1].host, deviceId: '3p22k_700001', deviceType: '3p22k' },
    ]);
    expect(found[0].firmware).to.match(/^\d{8}-\d{6}\/v1\.51/);
  });

  it('finds nothing (and ends) when no station answers', async () => {
    expect(await discoverStations({ ...MDNS, timeoutMs: 200 })).to.deep.equal([]);
  });

  it('recognises instance names and TXT records', () => {
    expect(lektricoInstanceLabel('Lektrico-1p7k-500006._http._tcp.local')).to.equal('Lektrico-1p7k-500006');
    expect(lektricoInstanceLabel('shellypro3em-a0b1._http._tcp.local')).to.equal(undefined);
    expect(Object.fromEntries(txtEntries([Buffer.from('id=3p22k_1'), Buffer.from('fw_id=x=y'), Buffer.from('junk')]))).to.deep.equal({
      id: '3p22k_1',
      fw_id: 'x=y',
      junk: '',
    });
    expect(stationFromService({ name: 'Lektrico-3p22k-700009', address: '10.0.0.9' })).to.deep.include({
      deviceId: '3p22k_700009',
      deviceType: '3p22k',
      host: '10.0.0.9',
    });
  });
});
