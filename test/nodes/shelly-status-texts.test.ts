import { expect } from 'chai';
import * as path from 'node:path';
import type { CanonicalReading } from '../../lib/reading/canonical-reading';
import type { ShellyIdentity } from '../../lib/shelly/identify';
import type { ConnectionState } from '../../lib/shelly/meter-connection';
import { ShellyError, type ShellyErrorKind } from '../../lib/shelly/shelly-error';
import { createTranslator } from '../../nodes/common/i18n';
import { failureErrorText, meterNodeStatus, type MeterContext } from '../../nodes/shelly-meter/meter-status';
import { formatPowerW, readingStatusText } from '../../nodes/normalizer/normalizer-status';
import { romanianTexts } from '../support/catalogue-translators';

/**
 * The status lines of the shelly meter and normalizer nodes, from their English catalogues (as the
 * test helper's RED._ returns keys): what the node does and why, short enough for the editor.
 */
const echo = { _: (key: string) => key };
const nodesDir = path.join(__dirname, '..', '..', 'nodes');
const meterT = createTranslator(echo, path.join(nodesDir, 'shelly-meter'), 'shelly-meter');
const normalizerT = createTranslator(echo, path.join(nodesDir, 'normalizer'), 'normalizer');

const PRO_3EM = { modelName: 'Shelly Pro 3EM', generation: 2, model: 'SPEM-003CEBEU', id: 'shellypro3em-a0b1c2d3e4f5' } as ShellyIdentity;
const GEN1_3EM = { modelName: 'Shelly 3EM', generation: 1, model: 'SHEM-3', id: 'shellyem3-A0B1C2D3E4F5' } as ShellyIdentity;
const context = (overrides: Partial<MeterContext> = {}): MeterContext => ({ hostLabel: '192.168.1.50', hasPassword: true, username: 'owner', t: meterT, ...overrides });

function failed(kind: ShellyErrorKind, reason: string, identity?: ShellyIdentity): ConnectionState {
  return { state: 'error', error: new ShellyError(kind, 'GET /shelly at 192.168.1.50', reason), retryInMs: 1000, identity };
}

describe('status texts of the shelly meter node', () => {
  it('green: model, generation, transport and the age of the last reading', () => {
    const connected: ConnectionState = { state: 'connected', identity: PRO_3EM, transport: 'rpc-websocket' };
    expect(meterNodeStatus(connected, 1000, 1800, context())).to.deep.equal({ fill: 'green', shape: 'dot', text: 'Pro 3EM · Gen2 · ws · 0.8 s' });
    expect(meterNodeStatus(connected, undefined, 1800, context())).to.deep.equal({ fill: 'yellow', shape: 'ring', text: 'Pro 3EM · Gen2 · ws · no reading yet' });
  });

  it('in Romanian: a decimal comma in the age, the address as it is', () => {
    const ro = context({ t: romanianTexts('shelly-meter') });
    const connected: ConnectionState = { state: 'connected', identity: PRO_3EM, transport: 'rpc-websocket' };
    expect(meterNodeStatus(connected, 1000, 1800, ro).text).to.equal('Pro 3EM · Gen2 · ws · 0,8 s');
    expect(meterNodeStatus({ state: 'connecting', attempt: 1 }, undefined, 1800, ro).text).to.equal('conectare la 192.168.1.50…');
  });

  it('yellow while connecting, saying where; a retry says reconnecting', () => {
    expect(meterNodeStatus({ state: 'connecting', attempt: 1 }, undefined, 0, context()).text).to.equal('connecting to 192.168.1.50…');
    expect(meterNodeStatus({ state: 'connecting', attempt: 3 }, undefined, 0, context()).text).to.equal('reconnecting to 192.168.1.50…');
  });

  const failures: Array<[string, ConnectionState, Partial<MeterContext>, string]> = [
    ['unreachable', failed('unreachable', 'connection refused (device off or wrong port?)'), {}, 'unreachable · connection refused (device off or…'],
    ['timeout', failed('timeout', 'timeout after 5 s'), {}, 'no answer from 192.168.1.50 (timeout)'],
    ['a wrong Gen2+ password (always user admin)', failed('auth', 'wrong password for user admin', PRO_3EM), {}, 'wrong password for user admin'],
    ['a wrong Gen1 password (the configured user)', failed('auth', 'wrong password for user owner', GEN1_3EM), {}, 'wrong password for user owner'],
    ['a missing password', failed('auth', 'the device needs a password', PRO_3EM), { hasPassword: false }, 'auth on: set the password in the device node'],
    ['not a Shelly', failed('not-shelly', 'not a Shelly (HTTP 404)'), {}, 'not a Shelly at 192.168.1.50'],
    ['no meter', failed('no-meter', 'no metering component in the status', PRO_3EM), {}, 'Pro 3EM has no meter'],
    ['any other failure, lib reason in a frame', failed('bad-reply', 'HTTP 500'), {}, 'error · HTTP 500'],
  ];
  for (const [what, state, overrides, text] of failures) {
    it(`red ring for ${what}: "${text}"`, () => {
      expect(meterNodeStatus(state, undefined, 0, context(overrides))).to.deep.equal({ fill: 'red', shape: 'ring', text });
    });
  }

  it('errors for Catch name the failure and keep lib\'s full message', () => {
    const error = new ShellyError('auth', '401 from shellypro3em-a0b1c2d3e4f5', 'wrong password for user admin');
    expect(failureErrorText(error, context())).to.equal('The Shelly at 192.168.1.50 refused the credentials (401 from shellypro3em-a0b1c2d3e4f5: wrong password for user admin)');
  });
});

describe('status texts of the normalizer node', () => {
  const reading = (powers: number[]): CanonicalReading =>
    ({ timestamp: 0, phases: powers.map((power, i) => ({ phase: `L${i + 1}`, power })), power: powers.reduce((a, b) => a + b, 0) }) as unknown as CanonicalReading;

  it('the phases and the grid power with its direction', () => {
    expect(readingStatusText(reading([800, 900, 700]), undefined, normalizerT)).to.equal('3 phases · +2.4 kW import');
    expect(readingStatusText(reading([-1200]), undefined, normalizerT)).to.equal('1 phase · −1.2 kW export');
    expect(readingStatusText(reading([0.2, -0.1]), undefined, normalizerT)).to.equal('2 phases · 0 W');
    expect(readingStatusText(reading([800, 900, 700]), undefined, romanianTexts('normalizer')), 'Romanian: a decimal comma').to.equal('3 faze · +2,4 kW consum din rețea');
  });

  it('the EV sub-meter after the grid, or alone', () => {
    expect(readingStatusText(reading([300]), reading([7000]), normalizerT)).to.equal('1 phase · +300 W import · EV 7.0 kW');
    expect(readingStatusText(undefined, reading([1500]), normalizerT)).to.equal('EV 1.5 kW');
  });

  it('watts below 1 kW, kilowatts with one decimal above', () => {
    expect([formatPowerW(999.4), formatPowerW(-1000), formatPowerW(12345)]).to.deep.equal(['999 W', '1.0 kW', '12.3 kW']);
  });
});
