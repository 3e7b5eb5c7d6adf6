import { expect } from 'chai';
import { retryCapMs, stationBackoff } from '../../../lib/lektrico/backoff';
import { parseHost, parseStationSettings } from '../../../lib/lektrico/station-settings';

describe('station settings', () => {
  it('reads the editor config with defaults', () => {
    expect(parseStationSettings({ host: '192.168.1.20' })).to.deep.equal({
      host: '192.168.1.20',
      stationId: undefined,
      gridPhases: ['L1', 'L2', 'L3'],
      allowPhaseSwitching: false,
      singlePhaseCar: false,
      minCurrentA: 6,
      maxCurrentA: 32,
      pollIntervalMs: 2000,
      timeoutMs: 8000,
      chargeTag: 'node-red',
    });
    const s = parseStationSettings({
      host: 'http://127.0.0.1:8080/',
      station: ' garage ',
      phases: 'L2,L3,L1',
      allowPhaseSwitching: true,
      singlePhaseCar: true,
      minCurrent: '8',
      maxCurrent: '16',
      pollInterval: '0.5',
      timeout: '1',
    });
    expect(s).to.include({ host: '127.0.0.1:8080', stationId: 'garage', singlePhaseCar: true, minCurrentA: 8, maxCurrentA: 16, pollIntervalMs: 500, timeoutMs: 1000 });
    expect(s.gridPhases).to.deep.equal(['L2', 'L3', 'L1']);
  });

  it('names the bad setting', () => {
    expect(() => parseStationSettings({ host: '' })).to.throw(/host/);
    expect(() => parseStationSettings({ host: 'a b' })).to.throw(/host/);
    expect(() => parseStationSettings({ host: 'x', phases: 'L1,L2' })).to.throw(/phases/);
    expect(() => parseStationSettings({ host: 'x', minCurrent: 11 })).to.throw(/minimum/);
    expect(() => parseStationSettings({ host: 'x', minCurrent: 10, maxCurrent: 8 })).to.throw(/maximum/);
    expect(() => parseStationSettings({ host: 'x', maxCurrent: 'lots' })).to.throw(/maximum/);
    expect(() => parseStationSettings({ host: 'x', pollInterval: 0 })).to.throw(/poll interval/);
  });

  it('masks user info in the host it quotes: a password pasted with the URL stays out of the log', () => {
    expect(() => parseStationSettings({ host: 'http://admin:s3cret@10.0.0.5/' })).to.throw(
      'host "http://***@10.0.0.5/" is not a host name or IP address (optionally :port)',
    );
  });

  it('accepts host names, IPv4/IPv6 with ports, and nothing else', () => {
    expect(parseHost('lektrico-1p7k-500006.local')).to.equal('lektrico-1p7k-500006.local');
    expect(parseHost('[fe80::1]:80')).to.equal('[fe80::1]:80');
    expect(parseHost('10.0.0.5:99999')).to.equal(undefined);
    expect(parseHost('10.0.0.5/rpc')).to.equal(undefined);
    expect(parseHost('https://10.0.0.5')).to.equal(undefined);
  });

  it('backs off exponentially from the poll interval to a cap', () => {
    const cap = retryCapMs(2000);
    expect(cap).to.equal(30_000);
    const backoff = stationBackoff(2000);
    expect([1, 2, 3, 4, 5, 6, 7].map(() => backoff.next())).to.deep.equal([2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
    backoff.reset();
    expect(backoff.next(), 'after a success, the poll interval again').to.equal(2000);
    expect(retryCapMs(50)).to.equal(800);
    const fast = stationBackoff(50);
    for (let i = 0; i < 1000; i++) fast.next();
    expect(fast.next()).to.equal(800);
  });
});
