import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NodeAPI } from './node-red';

/** A message from the node's catalogue, `__name__` placeholders filled in. */
export type Translate = (key: string, params?: Record<string, string | number>) => string;

/**
 * Runtime texts (status lines, errors for Catch nodes) come from the node's message catalogue,
 * `locales/<lang>/<catalogue>.json` next to the node, in the runtime's language (settings.js `lang`,
 * else LANG / LC_ALL; en-US when there is no catalogue for it). Node-RED's RED._ does the lookup.
 * Where RED._ cannot (the test helper's RED._ returns the key unchanged, a key missing in a
 * translation), the en-US catalogue shipped with the node answers, so a user never sees a bare key.
 *
 * @param nodeDir the compiled node's folder (`__dirname`), which holds `locales/`
 * @param catalogue the node file's name without extension, e.g. `load-balancer`
 */
export function createTranslator(RED: Pick<NodeAPI, '_'>, nodeDir: string, catalogue: string): Translate {
  let english: unknown;
  const fromEnglish = (key: string): string | undefined => {
    english ??= JSON.parse(readFileSync(join(nodeDir, 'locales', 'en-US', `${catalogue}.json`), 'utf8')) as unknown;
    const text = key.split('.').reduce<unknown>((at, part) => (isRecord(at) ? at[part] : undefined), english);
    return typeof text === 'string' ? text : undefined;
  };
  return (key, params) => {
    const translated = RED._(key, params);
    if (typeof translated === 'string' && translated !== key && !translated.endsWith(`:${key}`) && translated !== '') return translated;
    // A key missing in English too is a defect the catalogue tests catch; never throw from a status timer.
    return fillIn(fromEnglish(key) ?? key, params);
  };
}

/**
 * Decimal numbers in a text built from numbers ("2.4 kW", "0.8 s") written as the runtime language
 * writes them: the catalogue's `<namespace>.format.decimal` ("." in en-US, "," in ro) replaces the
 * point between two digits. Not for names or addresses, which keep their points.
 */
export function localDecimals(t: Translate, namespace: string, text: string): string {
  const separator = t(`${namespace}.format.decimal`);
  return separator.length !== 1 || separator === '.' ? text : text.replace(/(\d)\.(\d)/g, `$1${separator}$2`);
}

/** Node-RED's i18next placeholders: `__name__`. */
export function fillIn(text: string, params: Record<string, string | number> = {}): string {
  return text.replace(/__([A-Za-z0-9_]+?)__/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
