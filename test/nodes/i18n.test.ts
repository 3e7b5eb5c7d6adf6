import { expect } from 'chai';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTranslator, fillIn } from '../../nodes/common/i18n';

describe('nodes/common/i18n: runtime texts from the node catalogue', () => {
  const nodeDir = mkdtempSync(join(tmpdir(), 'lektrico-i18n-'));
  mkdirSync(join(nodeDir, 'locales', 'en-US'), { recursive: true });
  writeFileSync(
    join(nodeDir, 'locales', 'en-US', 'demo.json'),
    JSON.stringify({ 'lektrico-demo': { status: { overload: '__phase__ overload → __current__ A' } } }),
  );

  it("uses Node-RED's translation when it has one", () => {
    const t = createTranslator({ _: (key, params) => `tr(${key},${String(params?.phase)})` }, nodeDir, 'demo');
    expect(t('lektrico-demo.status.overload', { phase: 'L2', current: 10 })).to.equal('tr(lektrico-demo.status.overload,L2)');
  });

  it('falls back to the shipped English when RED._ returns the key (test helper) or the namespaced key (missing translation)', () => {
    for (const echo of [(key: string) => key, (key: string) => `@x/y/lektrico-demo:${key}`, () => '']) {
      const t = createTranslator({ _: echo }, nodeDir, 'demo');
      expect(t('lektrico-demo.status.overload', { phase: 'L2', current: 10 })).to.equal('L2 overload → 10 A');
    }
  });

  it('shows the key, never throws, when English lacks it too', () => {
    const t = createTranslator({ _: (key) => key }, nodeDir, 'demo');
    expect(t('lektrico-demo.status.nothing')).to.equal('lektrico-demo.status.nothing');
  });

  it('fills __name__ placeholders and leaves unknown ones', () => {
    expect(fillIn('__a__ and __b__', { a: 1 })).to.equal('1 and __b__');
  });
});
