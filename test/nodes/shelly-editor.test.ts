import { expect } from 'chai';
import { parseChannelMapSettings } from '../../lib/reading/channel-map';
import { parseShellyHost } from '../../lib/shelly/host';
import { roundTimeoutMs } from '../../nodes/normalizer/round-timeout';
import { POLL_INTERVAL, settingMs, TIMEOUT } from '../../nodes/shelly-device/device-settings';
import { editorDefinitions, editorVerdict } from '../support/editor-script';

/**
 * The Shelly device and normalizer dialogs' own validators (run from their .html files) agree with
 * what the runtime accepts, and name the field's rule when they refuse.
 */
const accepts = (parse: () => unknown): boolean => {
  try {
    parse();
    return true;
  } catch {
    return false;
  }
};

describe('shelly device dialog: validation agrees with the runtime', () => {
  const device = editorDefinitions('shelly-device').get('lektrico-shelly-device')!;

  it('host: ip, hostname or ip:port (a pasted URL too), never a path, user or port above 65535', () => {
    const hosts = ['192.168.1.50', 'shellypro3em-a0b1c2.local', '127.0.0.1:8080', 'http://10.0.0.5/', ' 10.0.0.5 ', '', 'http://10.0.0.5/status', 'admin@10.0.0.5', '10.0.0.5:65536', '10.0.0.5:0', '-bad', 'a b'];
    for (const host of hosts) {
      const runtime = accepts(() => parseShellyHost(host));
      // An empty host is marked by the editor's own "required" before the rule runs (no reason of ours).
      const refused = host === '' ? 'invalid' : 'lektrico-shelly-device.validation.host';
      expect(editorVerdict(device, 'host', host), JSON.stringify(host)).to.equal(runtime ? true : refused);
    }
  });

  for (const [property, setting] of [['pollInterval', POLL_INTERVAL], ['timeout', TIMEOUT]] as const) {
    it(`${property}: seconds from ${setting.minS} to ${setting.maxS}, as the runtime bounds them`, () => {
      for (const value of ['0', '-1', '0.01', '0.05', '0.1', '1', '5', '60', '61', '3600', '3601', 'soon', ' ']) {
        const runtime = settingMs(value, setting) !== undefined;
        expect(editorVerdict(device, property, value), `${property} ${JSON.stringify(value)}`).to.equal(runtime ? true : `lektrico-shelly-device.validation.${property}`);
      }
    });
  }
});

describe('normalizer dialog: validation agrees with the runtime', () => {
  const normalizer = editorDefinitions('normalizer').get('lektrico-normalizer')!;
  const runtimeAccepts = (settings: Record<string, unknown>): boolean => accepts(() => parseChannelMapSettings({ mapping: 'auto', ...settings }));

  it('rotation: L1, L2, L3 once each', () => {
    for (const rotation of ['L1,L2,L3', 'L2,L3,L1', 'l3 l1 l2', 'L1,L1,L2', 'L1,L2', 'L1,L2,L3,L1', 'A,B,C']) {
      const verdict = editorVerdict(normalizer, 'rotation', rotation, { mapping: 'auto' });
      expect(verdict, rotation).to.equal(runtimeAccepts({ rotation }) ? true : 'lektrico-normalizer.validation.rotation');
    }
  });

  it('EV sub-meter and reversed CTs: channel ids', () => {
    for (const evChannel of ['', 'em1:1', 'emeter:1', 'pm1:0', 'em:0:B', 'em1', 'L1']) {
      expect(editorVerdict(normalizer, 'evChannel', evChannel, { mapping: 'auto' }), evChannel).to.equal(runtimeAccepts({ evChannel }) ? true : 'lektrico-normalizer.validation.evChannel');
    }
    for (const reverse of ['', 'emeter:0', 'emeter:0, em:0:B', 'em:0:D', 'switch']) {
      expect(editorVerdict(normalizer, 'reverse', reverse, { mapping: 'auto' }), reverse).to.equal(runtimeAccepts({ reverse }) ? true : 'lektrico-normalizer.validation.reverse');
    }
  });

  it('EV on phase: L1, L2 or L3; absent in an older flow means the runtime\'s L1', () => {
    for (const evPhase of ['L1', 'L2', 'L3', undefined, 'L4', 'A']) {
      expect(editorVerdict(normalizer, 'evPhase', evPhase) === true, String(evPhase)).to.equal(runtimeAccepts({ evPhase }));
    }
  });

  it('channel table: each channel and each grid phase once, at least one phase, at most one EV sub-meter', () => {
    const tables = [
      [{ channel: 'em1:0', role: 'L1' }],
      [{ channel: 'em1:0', role: 'L1' }, { channel: 'em1:1', role: 'ev' }],
      [{ channel: 'em1:0', role: 'L1' }, { channel: 'em1:1', role: 'L1' }],
      [{ channel: 'em1:0', role: 'L1' }, { channel: 'em1:0', role: 'L2' }],
      [{ channel: 'em1:1', role: 'ev' }],
      [{ channel: 'em1:0', role: 'L1' }, { channel: 'em1:1', role: 'ev' }, { channel: 'em1:2', role: 'ev' }],
      [],
    ];
    for (const rules of tables) {
      const runtime = runtimeAccepts({ mapping: 'explicit', rules });
      expect(editorVerdict(normalizer, 'rules', rules, { mapping: 'explicit' }), JSON.stringify(rules)).to.equal(runtime ? true : 'lektrico-normalizer.validation.rules');
    }
  });

  it("Gen1 MQTT wait: 10 to 60000 ms, or empty (a flow saved before the setting: the runtime's 500 ms)", () => {
    const values = [['10', true], ['500', true], [' 500 ', true], [500, true], ['60000', true], ['9', false], ['60001', false], ['', true], ['   ', true], [undefined, true], ['soon', false]] as const;
    for (const [value, ok] of values) {
      expect(editorVerdict(normalizer, 'roundTimeout', value), JSON.stringify(value)).to.equal(ok ? true : 'lektrico-normalizer.validation.roundTimeout');
      expect(accepts(() => roundTimeoutMs(value, (key) => key)), `runtime ${JSON.stringify(value)}`).to.equal(ok);
    }
    // Only spaces is empty on both sides: the runtime's default.
    expect(roundTimeoutMs('   ', (key) => key)).to.equal(500);
  });
});
