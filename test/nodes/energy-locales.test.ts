import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../../lib/project-root';

/**
 * The Romanian translation of the three energy nodes against their en-US originals: the same keys,
 * no empty text, the same __placeholders__, comma-below ș/ț; help that Node-RED's registry serves
 * for ro and ro-RO while the English inline help stays the default; the same help sections.
 */
const ROOT = projectRoot();
const NODES = { 'load-balancer': 'lektrico-load-balancer', 'pv-surplus': 'lektrico-pv-surplus', 'power-splitter': 'lektrico-power-splitter' } as const;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const loader = require('@node-red/registry/lib/loader.js') as {
  getNodeHelp(node: { template: string; module: string; help: Record<string, string> }, lang: string): string | null;
};

function catalogue(name: string, lang: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'nodes', name, 'locales', lang, `${name}.json`), 'utf8'));
}

/** key path → text of every leaf. */
function leaves(value: unknown, at = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) for (const [p, leaf] of leaves(v, at ? `${at}.${k}` : k)) out.set(p, leaf);
  } else out.set(at, value);
  return out;
}

const placeholders = (text: string): string[] => [...text.matchAll(/__\w+?__/g)].map((m) => m[0]).sort();

/** The property names a help's message-properties lists name, in order. */
const properties = (help: string): string[] => [...help.matchAll(/<dt[^>]*>\s*([\w.]+)/g)].map((m) => m[1]);

function inlineHelp(name: string): string {
  const html = fs.readFileSync(path.join(ROOT, 'nodes', name, `${name}.html`), 'utf8');
  return /(<script[^>]* data-help-name=[\s\S]*?<\/script>)/i.exec(html)?.[1] ?? '';
}

describe('energy nodes: Romanian catalogues and help', () => {
  for (const [name, type] of Object.entries(NODES)) {
    describe(type, () => {
      const english = leaves(catalogue(name, 'en-US'));
      const romanian = leaves(catalogue(name, 'ro'));

      it('has every en-US key in ro, no other, each a non-empty text with the same placeholders', () => {
        expect([...romanian.keys()].sort()).to.deep.equal([...english.keys()].sort());
        for (const [key, text] of english) {
          const ro = romanian.get(key);
          expect(ro, key).to.be.a('string').and.not.match(/^\s*$/);
          expect(placeholders(ro as string), key).to.deep.equal(placeholders(text as string));
        }
      });

      it('writes ș and ț with the comma below, never the cedilla', () => {
        const help = fs.readFileSync(path.join(ROOT, 'nodes', name, 'locales', 'ro', `${name}.html`), 'utf8');
        const texts = [...romanian.values()].join('\n') + help;
        expect(texts).to.not.match(/[şţŞŢ]/);
        expect(texts).to.match(/[ăâîșț]/);
      });

      it('gives Node-RED Romanian help for ro and ro-RO and the English inline help otherwise', () => {
        const english = inlineHelp(name);
        expect(english, 'inline help is en-US: no data-lang').to.match(/data-help-name="lektrico-/).and.not.match(/data-lang/);
        const node = () => ({ template: path.join(ROOT, 'nodes', name, `${name}.html`), module: '@lektrico-em/node-red-lektrico-em', help: { 'en-US': english } });
        for (const lang of ['ro', 'ro-RO']) {
          const help = loader.getNodeHelp(node(), lang) ?? '';
          expect(help, lang).to.include(`data-help-name="${type}"`).and.include('<h3>Detalii</h3>');
        }
        expect(loader.getNodeHelp(node(), 'de')).to.equal(english);
        expect(loader.getNodeHelp(node(), 'en-US')).to.equal(english);
      });

      it('has the same help sections and lists the same message properties as the English', () => {
        const ro = fs.readFileSync(path.join(ROOT, 'nodes', name, 'locales', 'ro', `${name}.html`), 'utf8');
        const en = inlineHelp(name);
        expect(ro).to.not.include('data-template-name');
        expect([...ro.matchAll(/<h3>/g)].length, 'sections').to.equal([...en.matchAll(/<h3>/g)].length);
        expect(en).to.match(/<h3>Inputs<\/h3>[\s\S]*<h3>Outputs<\/h3>[\s\S]*<h3>Details<\/h3>[\s\S]*<h3>References<\/h3>/);
        expect(ro).to.match(/<h3>Intrări<\/h3>[\s\S]*<h3>Ieșiri<\/h3>[\s\S]*<h3>Detalii<\/h3>[\s\S]*<h3>Referințe<\/h3>/);
        expect(properties(ro)).to.deep.equal(properties(en));
        expect(ro.includes('class="node-ports"')).to.equal(en.includes('class="node-ports"'));
      });
    });
  }
});
