import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../../../lib/project-root';

/**
 * The package as npm would publish it and as Node-RED's registry reads it: package.json, the
 * files `npm pack` puts in the tarball, and each node's editor definition (registerType in its .html).
 */
export const ROOT = projectRoot();

export interface PackageJson {
  name: string;
  version: string;
  license?: string;
  main?: string;
  keywords?: string[];
  repository?: { type?: string; url?: string; directory?: string } | string;
  bugs?: { url?: string; email?: string } | string;
  homepage?: string;
  engines?: { node?: string };
  files?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  'node-red'?: { version?: string; nodes?: Record<string, string>; plugins?: Record<string, string> };
}

export function readPackageJson(): PackageJson {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as PackageJson;
}

/**
 * Paths (relative, `/`-separated) in the tarball `npm pack` would make now. --ignore-scripts: the
 * prepack build would rewrite dist/ under other work; `npm test` has just built it anyway.
 */
export function packedFiles(): Set<string> {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [report] = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>;
  return new Set(report.files.map((f) => f.path.split(path.sep).join('/')));
}

/** What the scorecard and the registry read from an editor file: each registerType with its literal fields. */
export interface EditorDefinition {
  type: string;
  /** Whether the definition is an object literal in the call (node-red-dev can only read those). */
  inline: boolean;
  category?: string;
  icon?: string;
}

/**
 * The registerType calls of an editor .html file. Reads literal `category` and `icon` fields the
 * way node-red-dev's checknodes does (it also requires them to be literals).
 */
export function editorDefinitions(html: string): EditorDefinition[] {
  const defs: EditorDefinition[] = [];
  const call = /registerType\(\s*(['"])([^'"]+)\1\s*,\s*(\{)?/g;
  const starts = [...html.matchAll(call)];
  starts.forEach((m, i) => {
    const inline = m[3] !== undefined;
    const body = inline ? html.slice(m.index! + m[0].length, starts[i + 1]?.index ?? html.length) : '';
    const literal = (field: string): string | undefined => new RegExp(`^\\s*${field}:\\s*(['"])([^'"]*)\\1`, 'm').exec(body)?.[2];
    defs.push({ type: m[2], inline, category: literal('category'), icon: literal('icon') });
  });
  return defs;
}

/** Node types registered by a folder of Node-RED node .html files (core nodes, another package). */
export function typesRegisteredUnder(dir: string): string[] {
  const types: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
    const html = fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
    types.push(...editorDefinitions(html).map((d) => d.type));
  }
  return types;
}

/** One of our nodes as package.json declares it: the set name, the runtime file and its folder in nodes/. */
export interface DeclaredNode {
  set: string;
  /** e.g. dist/nodes/shelly-meter/shelly-meter.js */
  file: string;
  /** e.g. shelly-meter (the folder in nodes/ and the catalogue name) */
  name: string;
}

export function declaredNodes(pkg: PackageJson = readPackageJson()): DeclaredNode[] {
  return Object.entries(pkg['node-red']?.nodes ?? {}).map(([set, file]) => ({ set, file, name: path.basename(file, '.js') }));
}

/** The source editor file of a declared node. */
export function editorSource(node: DeclaredNode): string {
  return fs.readFileSync(path.join(ROOT, 'nodes', node.name, `${node.name}.html`), 'utf8');
}
