import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { editorResources } from '../support/editor-script';
import { declaredNodes, editorDefinitions, editorSource, packedFiles, readPackageJson, ROOT, typesRegisteredUnder, type PackageJson } from './support/package-contents';

/**
 * The Flow Library scorecard (`node-red-dev validate`, node-red/node-red-dev-cli: docs/index.md,
 * src/libs/check{package,nodes,deps}.js) as a test of our own, offline, plus what Node-RED's
 * registry needs from the tarball. The rules that need the registry or the Flow Library catalogue
 * are checked as far as the machine can: P02 (the repository's package.json: the URL's form and
 * name), P08 (similar names: not checked), N01 (against the types Node-RED and the installed node
 * packages register), D02 (the installed production tree), D03 (out-of-date deps: not checked).
 */
interface Semver {
  satisfies(version: string, range: string): boolean;
  minVersion(range: string): { version: string } | null;
  validRange(range: string): string | null;
}
// The semver Node-RED's registry checks `node-red.version` with (a dependency of node-red, not ours).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const semver = require(require.resolve('semver', { paths: [path.dirname(require.resolve('@node-red/registry/package.json'))] })) as Semver;

const NODE_RED_DIR = path.dirname(require.resolve('node-red/package.json'));
const INSTALLED_NODE_RED = JSON.parse(fs.readFileSync(path.join(NODE_RED_DIR, 'package.json'), 'utf8')) as { version: string; engines: { node: string } };
/**
 * The release lines the Flow Library tags `maintenance` and `latest`: the 4.1 we test with
 * (installed) and Node-RED 5.0 (June 2026: Node ≥ 22.9), which the README declares compatible.
 */
const NODE_RED_LINES = [
  { tag: 'maintenance', version: INSTALLED_NODE_RED.version, node: INSTALLED_NODE_RED.engines.node },
  { tag: 'latest', version: '5.0.0', node: '>=22.9' },
];
/** node-red-dev-cli badpackages.json: packages that break Node-RED when in a node's dependency tree. */
const BAD_PACKAGES: Record<string, string> = { 'agent-base': '<6.0.0' };

const pkg = readPackageJson();
const nodes = declaredNodes(pkg);
const definitions = nodes.flatMap((node) => editorDefinitions(editorSource(node)).map((def) => ({ ...def, node })));

function repositoryUrl(p: PackageJson): string | undefined {
  return typeof p.repository === 'string' ? p.repository : p.repository?.url;
}

describe('packaging: the Flow Library scorecard (node-red-dev validate)', () => {
  describe('package.json', () => {
    it('P01 declares a licence, and the LICENSE file is that licence', () => {
      expect(pkg.license).to.equal('Apache-2.0');
      expect(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).to.match(/Apache License\s+Version 2\.0/);
    });

    it('P02 names a git repository whose name is the package name without its scope', () => {
      const url = repositoryUrl(pkg);
      expect(url, 'repository.url').to.be.a('string');
      // node-red-dev's isGitUrl, then it clones the repository to compare package names.
      expect(url).to.match(/^(?:git\+)?https:\/\/github\.com\/[\w.-]+\/[\w.-]+?(?:\.git)?$/);
      expect(path.basename(url!).replace(/\.git$/, '')).to.equal(pkg.name.split('/').pop());
    });

    it('P03 gives a repository or a bugs link (both, and a homepage)', () => {
      const bugs = typeof pkg.bugs === 'string' ? pkg.bugs : pkg.bugs?.url;
      expect(bugs, 'bugs').to.match(/^https:\/\/github\.com\/.+\/issues$/);
      expect(pkg.homepage, 'homepage').to.match(/^https:\/\/github\.com\/.+#readme$/);
      const repo = repositoryUrl(pkg)!.replace(/^git\+/, '').replace(/\.git$/, '');
      expect(bugs!.startsWith(repo) && pkg.homepage!.startsWith(repo), 'bugs and homepage point into the repository').to.equal(true);
    });

    it('P04 uses a scoped name (new packages since December 2021)', () => {
      expect(pkg.name).to.match(/^@[a-z\d][\w.-]+\/[a-z\d][\w.-]*$/);
    });

    it('P05 has the node-red keyword', () => {
      expect(pkg.keywords).to.include('node-red');
    });

    it('P06 declares a Node-RED version that the maintenance and latest releases satisfy', () => {
      const range = pkg['node-red']?.version;
      expect(range, 'node-red.version').to.be.a('string');
      expect(semver.validRange(range!), `${range} is a semver range`).to.not.equal(null);
      for (const line of NODE_RED_LINES) expect(semver.satisfies(line.version, range!), `Node-RED ${line.version} (${line.tag})`).to.equal(true);
    });

    it("P07 declares engines.node, which takes the latest Node-RED's minimum Node.js and this one", () => {
      const range = pkg.engines?.node;
      expect(range, 'engines.node').to.be.a('string');
      const latest = NODE_RED_LINES.find((l) => l.tag === 'latest')!;
      expect(semver.satisfies(semver.minVersion(latest.node)!.version, range!), `Node.js ${latest.node} (Node-RED ${latest.version})`).to.equal(true);
      expect(semver.satisfies(process.versions.node, range!), `this Node.js ${process.versions.node}`).to.equal(true);
    });
  });

  describe('nodes', () => {
    it('N01 registers unique types, all prefixed lektrico-, none clashing with Node-RED or the installed node packages', () => {
      const types = definitions.map((d) => d.type);
      expect(types.length, 'one registerType per node file at least').to.be.at.least(nodes.length);
      expect(new Set(types).size, 'no type registered twice').to.equal(types.length);
      for (const type of types) expect(type).to.match(/^lektrico-[a-z][a-z-]*$/);
      const core = typesRegisteredUnder(path.join(path.dirname(require.resolve('@node-red/nodes/package.json')), 'core'));
      expect(core.length, 'core node types found').to.be.greaterThan(30);
      const dashboard = typesRegisteredUnder(path.join(path.dirname(require.resolve('@flowfuse/node-red-dashboard/package.json')), 'nodes'));
      for (const type of types) expect([...core, ...dashboard], type).to.not.include(type);
    });

    it('N02 uses every non-config node in at least one example', () => {
      const used = new Set<string>();
      for (const file of fs.readdirSync(path.join(ROOT, 'examples'), { recursive: true }) as string[]) {
        if (!file.endsWith('.json')) continue;
        for (const n of JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8')) as Array<{ type: string }>) used.add(n.type);
      }
      const missing = definitions.filter((d) => d.category !== 'config' && !used.has(d.type)).map((d) => d.type);
      expect(missing, 'nodes without an example').to.deep.equal([]);
    });

    it('registers each type with its definition inline, registerType(type, {…}), the only form node-red-dev can read', () => {
      expect(definitions.filter((d) => !d.inline).map((d) => `${d.node.name}.html: ${d.type}`), 'definitions passed as a variable').to.deep.equal([]);
    });

    it('gives every node the literal category and icon node-red-dev reads, the palette category LEKTRI.CO EM', () => {
      for (const def of definitions.filter((d) => d.inline)) {
        expect(def.category, `${def.type} category`).to.be.oneOf(['LEKTRI.CO EM', 'config']);
        if (def.category !== 'config') expect(def.icon, `${def.type} icon`).to.match(/^[\w.-]+\.(svg|png)$/);
      }
    });
  });

  describe('dependencies', () => {
    it('D01 has at most 6 runtime dependencies', () => {
      expect(Object.keys(pkg.dependencies ?? {}).length).to.be.at.most(6);
    });

    it('D02 has no known-bad package in the installed production dependency tree', () => {
      const tree = npmLs();
      const found: string[] = [];
      const visit = (deps: NpmLsTree['dependencies']): void => {
        for (const [name, dep] of Object.entries(deps ?? {})) {
          if (BAD_PACKAGES[name] && dep.version && semver.satisfies(dep.version, BAD_PACKAGES[name])) found.push(`${name}@${dep.version}`);
          visit(dep.dependencies);
        }
      };
      expect(Object.keys(tree.dependencies ?? {}), 'npm ls lists the dependencies').to.include.members(Object.keys(pkg.dependencies ?? {}));
      visit(tree.dependencies);
      expect(found).to.deep.equal([]);
    });

    it('lists no package both as a dependency and a devDependency, and node-red only as a devDependency', () => {
      const both = Object.keys(pkg.dependencies ?? {}).filter((name) => name in (pkg.devDependencies ?? {}));
      expect(both).to.deep.equal([]);
      expect(Object.keys(pkg.dependencies ?? {})).to.not.include('node-red');
    });
  });

  describe('the tarball (npm pack) as Node-RED loads it', function () {
    this.timeout(60_000);
    let packed: Set<string>;
    before(() => {
      packed = packedFiles();
    });

    it('holds the README, the LICENSE and package.json, and no sources, tests, demo or benchmark', () => {
      expect([...packed]).to.include.members(['README.md', 'LICENSE', 'package.json']);
      const stray = [...packed].filter((f) => /^(dist\/)?(test|bench|demo)\//.test(f) || (f.endsWith('.ts') && !f.endsWith('.d.ts')) || f.startsWith('.'));
      expect(stray).to.deep.equal([]);
    });

    it('holds every file package.json points at (node-red.nodes, main)', () => {
      const files = [...nodes.map((n) => n.file), ...(pkg.main ? [pkg.main] : [])].map((f) => path.posix.normalize(f));
      expect(files.filter((f) => !packed.has(f))).to.deep.equal([]);
    });

    it("gives every node its editor .html and en-US catalogue next to its .js, and every catalogue and help the sources have", () => {
      for (const node of nodes) {
        const dir = path.posix.dirname(node.file);
        expect(packed.has(`${dir}/${node.name}.html`), `${dir}/${node.name}.html`).to.equal(true);
        expect(packed.has(`${dir}/locales/en-US/${node.name}.json`), `${dir}/locales/en-US/${node.name}.json`).to.equal(true);
        const locales = path.join(ROOT, 'nodes', node.name, 'locales');
        for (const file of fs.readdirSync(locales, { recursive: true }) as string[]) {
          if (!fs.statSync(path.join(locales, file)).isFile()) continue;
          const shipped = `${dir}/locales/${file.split(path.sep).join('/')}`;
          expect(packed.has(shipped), shipped).to.equal(true);
        }
      }
    });

    it('puts every icon an editor file names in the icons/ folder beside that node (where Node-RED looks)', () => {
      for (const def of definitions) {
        if (!def.icon || def.icon.startsWith('font-awesome/')) continue;
        const icon = `${path.posix.dirname(def.node.file)}/icons/${def.icon}`;
        expect(packed.has(icon), `${def.type}: ${icon}`).to.equal(true);
      }
    });

    it('ships every shared editor script an editor file loads from resources/ (Node-RED serves the package\'s resources/ folder)', () => {
      const loaded = nodes.flatMap((node) => editorResources(editorSource(node)).map((file) => ({ node: node.name, file: file.split(path.sep).join('/') })));
      expect(loaded.length, 'the energy dialogs share their rules').to.be.greaterThan(0);
      for (const { node, file } of loaded) expect(packed.has(file), `${node}.html loads ${file}`).to.equal(true);
    });

    it('ships examples/ at the root, each a flow Node-RED can import (an array of nodes with id and type, one tab)', () => {
      const examples = [...packed].filter((f) => f.startsWith('examples/'));
      expect(examples.length).to.be.greaterThan(0);
      for (const file of examples) {
        expect(file, 'examples are .json flows').to.match(/\.json$/);
        const flow = JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as unknown;
        expect(Array.isArray(flow), file).to.equal(true);
        const nodesInFlow = flow as Array<{ id?: unknown; type?: unknown; z?: unknown }>;
        expect(nodesInFlow.every((n) => typeof n.id === 'string' && typeof n.type === 'string'), `${file}: every node has an id and a type`).to.equal(true);
        const ids = new Set(nodesInFlow.map((n) => n.id));
        expect(ids.size, `${file}: ids are unique`).to.equal(nodesInFlow.length);
        expect(nodesInFlow.filter((n) => n.z !== undefined && !ids.has(n.z)).map((n) => n.id), `${file}: every node is on a tab of the flow`).to.deep.equal([]);
      }
    });

    it("needs nothing outside the tarball: every require() of a shipped .js is shipped, a Node.js built-in or a dependency", () => {
      const deps = new Set(Object.keys(pkg.dependencies ?? {}));
      const problems: string[] = [];
      for (const file of [...packed].filter((f) => f.endsWith('.js'))) {
        const source = fs.readFileSync(path.join(ROOT, file), 'utf8');
        for (const [, spec] of source.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
          if (spec.startsWith('.')) {
            const target = path.posix.join(path.posix.dirname(file), spec);
            if (!['', '.js', '/index.js', '.json'].some((ext) => packed.has(target + ext))) problems.push(`${file}: ${spec}`);
          } else {
            const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
            if (!builtinModules.includes(name.replace(/^node:/, '')) && !deps.has(name)) problems.push(`${file}: ${spec} (not a dependency)`);
          }
        }
      }
      expect(problems).to.deep.equal([]);
    });
  });
});

interface NpmLsTree {
  dependencies?: Record<string, { version?: string; dependencies?: NpmLsTree['dependencies'] }>;
}

/** `npm ls --omit=dev --all --json` (offline: reads node_modules); npm exits 1 on a warning, the tree is still printed. */
function npmLs(): NpmLsTree {
  try {
    return JSON.parse(execFileSync('npm', ['ls', '--omit=dev', '--all', '--json'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as NpmLsTree;
  } catch (err) {
    const stdout = (err as { stdout?: string }).stdout;
    if (stdout) return JSON.parse(stdout) as NpmLsTree;
    throw err;
  }
}
