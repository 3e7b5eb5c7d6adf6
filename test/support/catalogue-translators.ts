import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../../lib/project-root';
import { createTranslator, fillIn, type Translate } from '../../nodes/common/i18n';
import type { NodeAPI } from '../../nodes/common/node-red';

/** Status and error texts of a node as runtimes in English and in Romanian word them. */

const NODES_DIR = path.join(projectRoot(), 'nodes');

/** RED._ as the test helper has it: the key back, so the shipped English answers. */
export function englishTexts(name: string): Translate {
  return createTranslator({ _: (key: string) => key }, path.join(NODES_DIR, name), name);
}

/** RED._ of a runtime in Romanian: the node's ro catalogue. */
export function romanianTexts(name: string): Translate {
  const catalogue = JSON.parse(fs.readFileSync(path.join(NODES_DIR, name, 'locales', 'ro', `${name}.json`), 'utf8')) as unknown;
  const lookup: NodeAPI['_'] = (key, params) => {
    const text = key.split('.').reduce<unknown>((at, part) => (typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[part] : undefined), catalogue);
    return typeof text === 'string' ? fillIn(text, params as Record<string, string | number>) : key;
  };
  return createTranslator({ _: lookup }, path.join(NODES_DIR, name), name);
}
