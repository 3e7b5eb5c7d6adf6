import { expect } from 'chai';
import { InputError } from '../../../lib/input-error';
import { parseShellyHost, rpcWebSocketUrl } from '../../../lib/shelly/host';

describe('shelly/host', () => {
  it('accepts ip, hostname and ip:port', () => {
    expect(parseShellyHost('192.168.1.20')).to.deep.equal({ hostname: '192.168.1.20', port: 80, display: '192.168.1.20' });
    expect(parseShellyHost(' ShellyPro3EM-A0DD6CA0C27C.local ').display).to.equal('shellypro3em-a0dd6ca0c27c.local');
    expect(parseShellyHost('127.0.0.1:8081')).to.deep.equal({ hostname: '127.0.0.1', port: 8081, display: '127.0.0.1:8081' });
  });

  it('takes the host part of a pasted URL', () => {
    expect(parseShellyHost('http://10.0.0.5/').display).to.equal('10.0.0.5');
    expect(rpcWebSocketUrl(parseShellyHost('10.0.0.5:81'))).to.equal('ws://10.0.0.5:81/rpc');
  });

  for (const bad of ['', '   ', 'http://10.0.0.5/status', 'admin:pw@10.0.0.5', '10.0.0.5:0', '10.0.0.5:70000', 'a b', '-x.local']) {
    it(`refuses ${JSON.stringify(bad)} with an InputError`, () => {
      expect(() => parseShellyHost(bad)).to.throw(InputError);
    });
  }

  it('masks user info in what it quotes: a password pasted with the URL stays out of the log', () => {
    expect(() => parseShellyHost('http://admin:s3cr@t@10.0.0.5/')).to.throw(InputError, /^host "http:\/\/\*\*\*@10\.0\.0\.5\/" is not an address/);
    expect(() => parseShellyHost('admin:s3cret@10.0.0.5:0')).to.throw(InputError, /^host "\*\*\*@10\.0\.0\.5:0"/);
  });

  it('refuses a non-string', () => {
    expect(() => parseShellyHost(undefined)).to.throw(InputError, /no host/);
  });
});
