import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import {
  digestAuthorizationHeader,
  formatNonceCount,
  parseDigestChallenge,
  verifyDigestAuthorization,
  type DigestChallenge,
} from '../../../lib/shelly/digest-auth';
import { parseShellyHost } from '../../../lib/shelly/host';
import { ShellyHttpClient } from '../../../lib/shelly/http-client';

/** RFC 7616 §3.9.1: one server, the same nonce offered with SHA-256 (preferred, first) and MD5. */
const RFC = {
  realm: 'http-auth@example.org',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS',
  credentials: { username: 'Mufasa', password: 'Circle of Life' },
  request: { method: 'GET', uri: '/dir/index.html', nc: 1, cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ' },
  response: { 'SHA-256': '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1', MD5: '8ca523f5e9506fed4657c9700eebdbec' },
};
const rfcChallenge = (algorithm: string): string =>
  `Digest realm="${RFC.realm}", qop="auth, auth-int", algorithm=${algorithm}, nonce="${RFC.nonce}", opaque="${RFC.opaque}"`;
/** Several WWW-Authenticate headers as Node.js hands them over: one value, joined by ", ". */
const joined = (...headers: string[]): string => headers.join(', ');

const answer = (challenge: DigestChallenge | undefined): string =>
  digestAuthorizationHeader(challenge as DigestChallenge, RFC.credentials, RFC.request);
const paramOf = (header: string, name: string): string | undefined =>
  new RegExp(`(?:^Digest |, )${name}=("(?:[^"\\\\]|\\\\.)*"|[^,]*)`).exec(header)?.[1];

describe('digest auth (RFC 7616)', () => {
  it('answers the RFC 7616 example with SHA-256, and MD5 only when that is all that is offered', () => {
    const header = answer(parseDigestChallenge(joined(rfcChallenge('SHA-256'), rfcChallenge('MD5'))));
    expect(paramOf(header, 'algorithm')).to.equal('SHA-256');
    expect(paramOf(header, 'response')).to.equal(`"${RFC.response['SHA-256']}"`);
    expect(paramOf(header, 'opaque')).to.equal(`"${RFC.opaque}"`);
    expect(paramOf(header, 'nc')).to.equal('00000001');
    expect(paramOf(header, 'cnonce')).to.equal(`"${RFC.request.cnonce}"`);
    // Never downgraded, whatever order the server lists them in.
    expect(parseDigestChallenge(joined(rfcChallenge('MD5'), rfcChallenge('SHA-256')))?.algorithm).to.equal('SHA-256');
    expect(paramOf(answer(parseDigestChallenge(rfcChallenge('MD5'))), 'response')).to.equal(`"${RFC.response.MD5}"`);
  });

  it('answers qop "auth" when "auth-int" is listed first, and passes over a challenge it cannot answer', () => {
    const intFirst = parseDigestChallenge(rfcChallenge('SHA-256').replace('qop="auth, auth-int"', 'qop="auth-int, auth"'));
    expect(intFirst?.qop).to.equal('auth');
    expect(paramOf(answer(intFirst), 'response')).to.equal(`"${RFC.response['SHA-256']}"`);
    expect(parseDigestChallenge(rfcChallenge('SHA-256').replace('qop="auth, auth-int"', 'qop="auth-int"'))).to.equal(undefined);
    expect(parseDigestChallenge(rfcChallenge('SHA-256-sess'))).to.equal(undefined);
    expect(parseDigestChallenge(joined(rfcChallenge('SHA-256-sess'), rfcChallenge('MD5')))?.algorithm).to.equal('MD5');
    expect(parseDigestChallenge(joined(rfcChallenge('SHA-256'), rfcChallenge('SHA-512-256')))?.algorithm).to.equal('SHA-512-256');
  });

  it('takes a challenge without algorithm as MD5 and names none back; without qop, sends no nc or cnonce (RFC 2069)', () => {
    const header = answer(parseDigestChallenge(`Digest realm="${RFC.realm}", qop="auth", nonce="${RFC.nonce}", opaque="${RFC.opaque}"`));
    expect(paramOf(header, 'algorithm')).to.equal(undefined);
    expect(paramOf(header, 'response')).to.equal(`"${RFC.response.MD5}"`);
    const legacy = answer(parseDigestChallenge(`Digest realm="${RFC.realm}", nonce="${RFC.nonce}"`));
    expect([paramOf(legacy, 'qop'), paramOf(legacy, 'nc'), paramOf(legacy, 'cnonce')]).to.deep.equal([undefined, undefined, undefined]);
    expect(formatNonceCount(255)).to.equal('000000ff');
  });

  it('finds the Digest challenge among others, and reads quoted strings with commas and escaped quotes', () => {
    const realm = 'lab, "east" wing';
    const digest = `Digest realm="lab, \\"east\\" wing", nonce="n,1", qop=auth, algorithm=SHA-256`;
    for (const header of [joined('Basic realm="other"', digest), joined(digest, 'Basic realm="other"'), joined('Newauth realm="x", type=1', digest)]) {
      expect(parseDigestChallenge(header), header).to.deep.equal({ realm, nonce: 'n,1', qop: 'auth', algorithm: 'SHA-256' });
    }
    expect(parseDigestChallenge('Basic realm="x"')).to.equal(undefined);
    // The answer quotes them back so that a server reading it gets the same realm and nonce.
    const header = digestAuthorizationHeader(parseDigestChallenge(digest) as DigestChallenge, { username: 'admin', password: 'pw' }, RFC.request);
    expect(paramOf(header, 'realm')).to.equal('"lab, \\"east\\" wing"');
    expect(verifyDigestAuthorization(header, { realm, password: 'pw', method: 'GET', isNonceValid: (n) => n === 'n,1' })).to.equal(true);
  });

  it('the HTTP client answers a server offering SHA-256 and MD5 with SHA-256', async () => {
    const authorizations: string[] = [];
    const server = http.createServer((req, res) => {
      const authorization = req.headers.authorization;
      const valid = verifyDigestAuthorization(authorization, { realm: 'shellypro3em-x', password: 'pw', method: 'GET', isNonceValid: (n) => n === '17' });
      if (authorization) authorizations.push(authorization);
      const challenge = (algorithm: string): [string, string] => ['WWW-Authenticate', `Digest qop="auth", realm="shellypro3em-x", nonce="17", algorithm=${algorithm}`];
      if (valid) res.end('{"ok":true}');
      else res.writeHead(401, [challenge('SHA-256'), challenge('MD5')]).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = new ShellyHttpClient({
      host: parseShellyHost(`127.0.0.1:${(server.address() as AddressInfo).port}`),
      credentials: { password: 'pw' },
      timeoutMs: 2000,
    });
    try {
      expect(await client.getJson('/rpc/Shelly.GetStatus')).to.deep.equal({ ok: true });
      expect(authorizations.map((a) => paramOf(a, 'algorithm'))).to.deep.equal(['SHA-256']);
    } finally {
      client.close();
      server.close();
    }
  });
});
