import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { declaredNodes, editorDefinitions, editorSource, ROOT, type DeclaredNode } from './support/package-contents';

/**
 * Every node speaks English and Romanian: nodes/<n>/locales/{en-US,ro}/<n>.json with the same keys
 * and the same __placeholders__, no empty text, Romanian help (locales/ro/<n>.html), and every key
 * the editor file or the runtime code asks for present in English (so no one sees a bare key).
 */
const LANGUAGES = ['en-US', 'ro'] as const;
type Catalogue = Record<string, unknown>;

function catalogueFile(node: DeclaredNode, lang: string): string {
  return path.join(ROOT, 'nodes', node.name, 'locales', lang, `${node.name}.json`);
}

function readCatalogue(node: DeclaredNode, lang: string): Catalogue | undefined {
  const file = catalogueFile(node, lang);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Catalogue) : undefined;
}

/** Every text in a catalogue by its dotted key. */
function flatten(catalogue: Catalogue, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(catalogue)) {
    const dotted = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) for (const [k, v] of flatten(value as Catalogue, dotted)) out.set(k, v);
    else out.set(dotted, value);
  }
  return out;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/__([A-Za-z0-9_]+?)__/g)].map((m) => m[1]).sort();
}

/** Keys the editor file asks for: data-i18n="[attr]key;key2", this._('key'), node._('key'). */
function editorKeys(html: string): string[] {
  const keys: string[] = [];
  for (const [, list] of html.matchAll(/data-i18n="([^"]+)"/g)) {
    for (const item of list.split(';')) keys.push(item.replace(/^\[[^\]]*\]/, '').trim());
  }
  for (const [, key] of html.matchAll(/\b(?:this|node|that|self)\._\(\s*['"]([^'"]+)['"]/g)) keys.push(key);
  return keys.filter((k) => k && !k.includes(':')); // `node-red:…` is Node-RED's own catalogue
}

/** Keys the runtime code of a node asks for with a literal: t('key'), RED._('key'). */
function runtimeKeys(node: DeclaredNode): string[] {
  const dir = path.join(ROOT, 'nodes', node.name);
  const keys: string[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const source = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const [, key] of source.matchAll(/(?:\bt|RED\._)\(\s*['"`]([^'"`$]+)['"`]/g)) keys.push(key);
  }
  return keys.filter((k) => !k.includes(':'));
}

function helpScripts(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(/<script[^>]*data-help-name="([^"]+)"[^>]*>([\s\S]*?)<\/script>/g)) out.set(m[1], m[2]);
  return out;
}

describe('packaging: message catalogues and help in every language (en-US, ro)', () => {
  for (const node of declaredNodes()) {
    describe(`${node.name}`, () => {
      const html = editorSource(node);
      const types = editorDefinitions(html).map((d) => d.type);

      for (const lang of LANGUAGES) {
        it(`has its ${lang} catalogue, keyed by its node type, with no empty text`, () => {
          const catalogue = readCatalogue(node, lang);
          expect(catalogue, `${path.relative(ROOT, catalogueFile(node, lang))} is missing${lang === 'ro' ? ': no Romanian catalogue for this node yet' : ''}`).to.not.equal(undefined);
          expect(Object.keys(catalogue!)).to.include.members(types);
          const empty = [...flatten(catalogue!)].filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => k);
          expect(empty, 'keys whose text is empty or not a string').to.deep.equal([]);
        });
      }

      it('has the same keys and the same __placeholders__ in Romanian as in English', function () {
        const english = readCatalogue(node, 'en-US');
        const romanian = readCatalogue(node, 'ro');
        if (!english || !romanian) this.skip(); // reported by the catalogue tests above
        const en = flatten(english!);
        const ro = flatten(romanian!);
        expect([...ro.keys()].filter((k) => !en.has(k)), 'keys only in Romanian').to.deep.equal([]);
        expect([...en.keys()].filter((k) => !ro.has(k)), 'keys missing in Romanian').to.deep.equal([]);
        const differing = [...en].filter(([k, v]) => ro.has(k) && JSON.stringify(placeholders(String(v))) !== JSON.stringify(placeholders(String(ro.get(k)))));
        expect(differing.map(([k]) => k), 'keys whose placeholders differ').to.deep.equal([]);
      });

      it('writes Romanian with comma-below ș and ț (never the cedilla ş, ţ) and with its diacritics', function () {
        const file = catalogueFile(node, 'ro');
        if (!fs.existsSync(file)) this.skip();
        const helpFile = path.join(path.dirname(file), `${node.name}.html`);
        const text = fs.readFileSync(file, 'utf8') + (fs.existsSync(helpFile) ? fs.readFileSync(helpFile, 'utf8') : '');
        expect(text.match(/[şţŞŢ]/g) ?? [], 'cedilla letters').to.deep.equal([]);
        expect(/[ăâîșțĂÂÎȘȚ]/.test(text), 'some Romanian diacritics').to.equal(true);
      });

      it('has help for each of its types in English (inline) and in Romanian (locales/ro), documenting as many properties', () => {
        const english = helpScripts(html);
        const roFile = path.join(ROOT, 'nodes', node.name, 'locales', 'ro', `${node.name}.html`);
        expect(fs.existsSync(roFile), `${path.relative(ROOT, roFile)} is missing: no Romanian help for this node yet`).to.equal(true);
        const romanian = helpScripts(fs.readFileSync(roFile, 'utf8'));
        for (const type of types) {
          expect(english.get(type), `English help for ${type}`).to.match(/<p>[\s\S]+?<\/p>/);
          expect(romanian.get(type), `Romanian help for ${type}`).to.match(/<p>[\s\S]+?<\/p>/);
          const count = (help: string | undefined): number => (help?.match(/<dt[\s>]/g) ?? []).length;
          expect(count(romanian.get(type)), `<dt> entries in the Romanian help of ${type}`).to.equal(count(english.get(type)));
        }
      });

      it('has in English every key its editor file and its runtime code ask for', () => {
        const english = readCatalogue(node, 'en-US');
        expect(english, 'en-US catalogue').to.not.equal(undefined);
        const known = flatten(english!);
        const asked = [...new Set([...editorKeys(html), ...runtimeKeys(node)])];
        expect(asked.length, 'the editor uses its catalogue').to.be.greaterThan(0);
        // A key naming a group of texts (returnObjects) counts too.
        const missing = asked.filter((key) => !known.has(key) && ![...known.keys()].some((k) => k.startsWith(`${key}.`)));
        expect(missing).to.deep.equal([]);
      });
    });
  }
});
