import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createContext, runInContext, runInNewContext } from 'node:vm';
import { nodeRedDir } from '../../demo/node-red-module';
import { projectRoot } from '../../lib/project-root';

/** A property's rule as the editor calls it: `this` = the node, `opt` given when it wants the reason. */
export type EditorValidate = (this: Record<string, unknown>, value: unknown, opt?: { label?: string }) => boolean | string;

export interface EditorDefinition {
  defaults: Record<string, { value: unknown; validate?: EditorValidate }>;
  [key: string]: unknown;
}

/** What a dialog's script may reach besides registerType: jQuery for open fields, the catalogue's wording. */
export interface EditorScriptOptions {
  /** `$` for the script: answers `#node-input-<name>` as an open dialog would. */
  $?: unknown;
  /** Put on each registered definition as `_` (the editor adds the node's catalogue lookup there). */
  translate?: (key: string, params?: Record<string, unknown>) => string;
}

/**
 * The package's shared editor scripts an editor file loads (`<script src="resources/<package>/<file>">`,
 * served by Node-RED from resources/), as paths inside the project, in the order it loads them.
 */
export function editorResources(html: string): string[] {
  const pkg = JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { name: string };
  return [...html.matchAll(/<script src="resources\/([^"]+)"><\/script>/g)].map((m) => {
    const prefix = `${pkg.name}/`;
    if (!m[1].startsWith(prefix)) throw new Error(`resources/${m[1]} is not this package's (resources/${prefix}…)`);
    return join('resources', m[1].slice(prefix.length));
  });
}

/**
 * The editor script of nodes/<name>/<name>.html run outside a browser, after the shared scripts it
 * loads from resources/: the definitions it registers, by node type. Only what registering needs is
 * provided, plus the options.
 */
export function editorDefinitions(name: string, options: EditorScriptOptions = {}): Map<string, EditorDefinition> {
  const html = readFileSync(join(projectRoot(), 'nodes', name, `${name}.html`), 'utf8');
  const script = /<script type="text\/javascript">([\s\S]*?)<\/script>/.exec(html)?.[1];
  if (!script) throw new Error(`no editor script in nodes/${name}/${name}.html`);
  const registered = new Map<string, EditorDefinition>();
  const nodes = {
    registerType: (type: string, def: EditorDefinition) => {
      if (options.translate) def._ = options.translate;
      registered.set(type, def);
    },
    getType: (type: string) => registered.get(type),
  };
  const context = createContext({ RED: { nodes }, ...(options.$ === undefined ? {} : { $: options.$ }) });
  for (const file of editorResources(html)) runInContext(readFileSync(join(projectRoot(), file), 'utf8'), context, { filename: file });
  runInContext(script, context);
  return registered;
}

/** The one definition of `type` that nodes/<name>/<name>.html registers. */
export function editorDefinition(name: string, type: string, options: EditorScriptOptions = {}): EditorDefinition {
  const def = editorDefinitions(name, options).get(type);
  if (!def) throw new Error(`nodes/${name}/${name}.html registers no ${type}`);
  return def;
}

type ValidateNodeProperty = (node: Record<string, unknown>, definition: EditorDefinition['defaults'], property: string, value: unknown) => unknown;
let validateNodeProperty: ValidateNodeProperty | undefined;

/**
 * Node-RED's own validateNodeProperty, cut out of the editor (public/red/red.js of the Node-RED in
 * use: 4.1, or 5 in npm test's second run), so a verdict follows the editor's contract and not only
 * the validator's answer (a returned string is a reason only from a validator of two parameters).
 * It runs with no dialog open: `$` finds no field, `RED._` answers the key.
 */
export function nodeRedValidateNodeProperty(): ValidateNodeProperty {
  if (validateNodeProperty) return validateNodeProperty;
  const editorClient = dirname(require.resolve('@node-red/editor-client/package.json', { paths: [nodeRedDir()] }));
  const source = readFileSync(join(editorClient, 'public', 'red', 'red.js'), 'utf8');
  const start = source.indexOf('function validateNodeProperty(node,definition,property,value)');
  if (start < 0) throw new Error(`no validateNodeProperty in ${editorClient}/public/red/red.js`);
  let end = source.indexOf('{', start);
  for (let depth = 0; end < source.length; end++) {
    if (source[end] === '{') depth++;
    else if (source[end] === '}' && --depth === 0) break;
  }
  const noField = { length: 0, next: () => noField };
  const RED = { _: (key: string) => key, nodes: { getType: () => undefined, node: () => undefined } };
  validateNodeProperty = runInNewContext(`(${source.slice(start, end + 1)})`, { RED, $: () => noField }) as ValidateNodeProperty;
  return validateNodeProperty;
}

/**
 * The editor's verdict on one property value, through Node-RED's validateNodeProperty: true, or
 * the reason it shows (here the message key, as a node's `_` would translate it), or 'invalid'.
 */
export function editorVerdict(def: EditorDefinition, property: string, value: unknown, node: Record<string, unknown> = {}): true | string {
  if (!def.defaults[property]?.validate) throw new Error(`${property} has no validate`);
  const verdict = nodeRedValidateNodeProperty()({ ...node, _: (key: string) => key, _def: def }, def.defaults, property, value);
  return verdict === true ? true : typeof verdict === 'string' ? verdict : 'invalid';
}
