import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { limitReasonName } from '../../lib/lektrico/limit-reasons';
import { LektricoRpcError, RPC_ERROR_MEANINGS } from '../../lib/lektrico/rpc-error';
import { failureCause, failureMessage, notAppliedStatus, telemetryMessage, type StatusMessage } from '../../lib/lektrico/station-status';
import { TELEMETRY_STATES, type StationTelemetry } from '../../lib/lektrico/station-telemetry';
import { LektricoTransportError, type TransportErrorKind } from '../../lib/lektrico/transport-error';
import { projectRoot } from '../../lib/project-root';
import { createTranslator, fillIn } from '../../nodes/common/i18n';
import { wordStatus } from '../../nodes/lektri-station/status-text';

const nodeDir = join(projectRoot(), 'nodes', 'lektri-station');
const catalogue = (lang: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(nodeDir, 'locales', lang, 'lektri-station.json'), 'utf8')) as Record<string, unknown>;

/** Every leaf of a catalogue as [dotted key, text]. */
function leaves(value: unknown, prefix = ''): Array<[string, unknown]> {
  if (typeof value !== 'object' || value === null) return [[prefix, value]];
  return Object.entries(value).flatMap(([key, inner]) => leaves(inner, prefix ? `${prefix}.${key}` : key));
}
const placeholders = (text: string): string[] => [...new Set(text.match(/__[A-Za-z0-9_]+?__/g) ?? [])].sort();

/** The sentences every status of the station may be made of: every state with and without each cap, every failure, every refusal. */
function everyStatusMessage(): StatusMessage[] {
  const messages: StatusMessage[] = [];
  const names = [...Array.from({ length: 13 }, (_, code) => limitReasonName(code)), 'unknown'];
  for (const state of TELEMETRY_STATES) {
    for (const name of names) {
      for (const dynamicCurrentA of [undefined, 0, 16]) {
        const telemetry = {
          state,
          activePhases: 3,
          powerW: 11_040,
          dynamicCurrentA,
          pwmCurrentA: dynamicCurrentA,
          limitReason: { code: 0, name },
          errors: state === 'error' ? ['overtemp'] : [],
        } as unknown as StationTelemetry;
        messages.push(telemetryMessage(telemetry));
      }
    }
  }
  const kinds: TransportErrorKind[] = ['timeout', 'network', 'http', 'auth', 'content-type', 'protocol', 'aborted'];
  for (const kind of kinds) messages.push(failureMessage(failureCause(new LektricoTransportError(kind, `x: ${kind}`, 500)), 3200));
  messages.push(failureMessage(failureCause(new Error('odd')), 30_000));
  messages.push(failureMessage({ key: 'failure.emMeter', params: { deviceId: 'm2w_810172' } }, 1600));
  for (const code of [...Object.keys(RPC_ERROR_MEANINGS).map(Number), -32]) {
    messages.push(notAppliedStatus(16, new LektricoRpcError('dynamic_current.set', code, 'x')).message);
  }
  messages.push(notAppliedStatus(16, new Error('station did not apply dynamic_current 16 A (result false)')).message);
  for (const kind of kinds) messages.push(notAppliedStatus(16, new LektricoTransportError(kind, `x: ${kind}`, 500)).message);
  return messages;
}

describe('lektrico-station catalogues (en-US, ro)', () => {
  const english = new Map(leaves(catalogue('en-US')));
  const romanian = new Map(leaves(catalogue('ro')));

  it('has a Romanian text for every English key, with the same placeholders, and nothing else', () => {
    expect([...romanian.keys()].sort()).to.deep.equal([...english.keys()].sort());
    for (const [key, text] of english) {
      const ro = romanian.get(key);
      expect(ro, key).to.be.a('string').and.not.equal('');
      expect(placeholders(ro as string), key).to.deep.equal(placeholders(text as string));
    }
  });

  it('writes Romanian with comma-below ș and ț, never the cedilla forms', () => {
    for (const file of ['lektri-station.json', 'lektri-station.html']) {
      const text = readFileSync(join(nodeDir, 'locales', 'ro', file), 'utf8');
      expect(/[şţŞŢ]/.test(text), file).to.equal(false);
      expect(/[ăâîșț]/.test(text), file).to.equal(true);
    }
  });

  for (const lang of ['en-US', 'ro']) {
    it(`words every status the station can have in ${lang}, every sentence found and filled in`, () => {
      const texts = new Map(leaves(catalogue(lang)));
      const t = createTranslator({ _: (key, params) => fillIn(String(texts.get(key) ?? key), params as Record<string, string>) }, nodeDir, 'lektri-station');
      for (const message of everyStatusMessage()) {
        const text = wordStatus(t, message);
        expect(text, JSON.stringify(message)).to.not.match(/lektrico-station\.|__\w+__/);
      }
      const charging = wordStatus(t, telemetryMessage({ state: 'charging', activePhases: 3, powerW: 11_040, pwmCurrentA: 16, limitReason: { code: 3, name: 'dynamic_limit' }, errors: [] } as unknown as StationTelemetry));
      expect(charging).to.equal(lang === 'ro' ? 'încarcă 16 A · 3P · 11.0 kW' : 'charging 16 A · 3P · 11.0 kW');
      const limited = wordStatus(t, telemetryMessage({ state: 'charging', activePhases: 3, powerW: 6900, pwmCurrentA: 10, limitReason: { code: 8, name: 'overtemperature' }, errors: [] } as unknown as StationTelemetry));
      expect(limited).to.equal(lang === 'ro' ? 'limitat de temperatură → 10 A · 3P' : 'limited by temperature → 10 A · 3P');
      const offline = wordStatus(t, failureMessage(failureCause(new LektricoTransportError('network', 'charger_info.get: ECONNREFUSED')), 3200));
      expect(offline).to.equal(lang === 'ro' ? 'deconectată · ECONNREFUSED · reîncerc în 3.2 s' : 'offline · ECONNREFUSED · retry in 3.2 s');
    });
  }

  it('has a Romanian help page that Node-RED serves for ro and ro-RO, while English (and any other language) gets the inline help', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loader = require('@node-red/registry/lib/loader') as { getNodeHelp(node: object, lang: string): string | null };
    const inline = /<script type="text\/html" data-help-name="lektrico-station">[\s\S]*?<\/script>/.exec(readFileSync(join(nodeDir, 'lektri-station.html'), 'utf8'))?.[0];
    const roHelp = readFileSync(join(nodeDir, 'locales', 'ro', 'lektri-station.html'), 'utf8');
    const node = () => ({ module: '@lektrico-em/node-red-lektrico-em', template: join(nodeDir, 'lektri-station.html'), help: { 'en-US': inline } });
    expect(loader.getNodeHelp(node(), 'ro')).to.equal(roHelp);
    expect(loader.getNodeHelp(node(), 'ro-RO')).to.equal(roHelp);
    expect(loader.getNodeHelp(node(), 'en-US')).to.equal(inline);
    expect(loader.getNodeHelp(node(), 'de')).to.equal(inline);
  });

  it('gives the Romanian help the same shape as the English: summary first, the same sections and the same names', () => {
    const shape = (html: string) => ({
      first: /data-help-name="lektrico-station">\s*<(\w+)/.exec(html)?.[1],
      sections: (html.match(/<h3>/g) ?? []).length,
      lists: (html.match(/<dl class="message-properties">/g) ?? []).length,
      codes: [...new Set(html.match(/<code>[^<]*<\/code>/g) ?? [])].sort(),
      links: (html.match(/href="[^"]+"/g) ?? []).sort(),
    });
    const inline = /<script type="text\/html" data-help-name="lektrico-station">[\s\S]*?<\/script>/.exec(readFileSync(join(nodeDir, 'lektri-station.html'), 'utf8'))?.[0] ?? '';
    const en = shape(inline);
    expect(en).to.include({ first: 'p', sections: 4, lists: 2 });
    expect(shape(readFileSync(join(nodeDir, 'locales', 'ro', 'lektri-station.html'), 'utf8'))).to.deep.equal(en);
  });
});
