import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { projectRoot } from '../../lib/project-root';

/** A property's rule as the editor calls it: `this` = the node, `opt` given when it wants the reason. */
export type EditorValidate = (this: Record<string, unknown>, value: unknown, opt?: { label?: string }) => boolean | string;

export interface EditorDefinition {
  defaults: Record<string, { value: unknown; validate?: EditorValidate }>;
  [key: string]: unknown;
}

/**
 * The editor script of nodes/<name>/<name>.html run outside a browser: the definitions it
 * registers, by node type. Only what registering needs is provided (no `$`, no open dialog).
 */
export function editorDefinitions(name: string): Map<string, EditorDefinition> {
  const html = readFileSync(join(projectRoot(), 'nodes', name, `${name}.html`), 'utf8');
  const script = /<script type="text\/javascript">([\s\S]*?)<\/script>/.exec(html)?.[1];
  if (!script) throw new Error(`no editor script in nodes/${name}/${name}.html`);
  const registered = new Map<string, EditorDefinition>();
  runInNewContext(script, { RED: { nodes: { registerType: (type: string, def: EditorDefinition) => registered.set(type, def) } } });
  return registered;
}

/**
 * The editor's verdict on one property value: true, or the reason it shows (here the message key,
 * as a node's `_` would translate it).
 */
export function editorVerdict(def: EditorDefinition, property: string, value: unknown, node: Record<string, unknown> = {}): true | string {
  const validate = def.defaults[property]?.validate;
  if (!validate) throw new Error(`${property} has no validate`);
  const verdict = validate.call({ ...node, _: (key: string) => key }, value, {});
  return verdict === true ? true : typeof verdict === 'string' ? verdict : 'invalid';
}
