#!/usr/bin/env node
// Copies what tsc does not emit into dist/: each node's editor .html and locales,
// and the shared icons into an icons/ folder next to every node (Node-RED looks there).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const nodesSrc = path.join(root, 'nodes');
const nodesOut = path.join(root, 'dist', 'nodes');
const iconsSrc = path.join(root, 'icons');

for (const name of fs.readdirSync(nodesSrc)) {
  const dir = path.join(nodesSrc, name);
  const html = path.join(dir, `${name}.html`);
  if (!fs.existsSync(html)) continue; // not a node folder (e.g. common/)
  const out = path.join(nodesOut, name);
  fs.mkdirSync(out, { recursive: true });
  fs.copyFileSync(html, path.join(out, `${name}.html`));
  const locales = path.join(dir, 'locales');
  if (fs.existsSync(locales)) fs.cpSync(locales, path.join(out, 'locales'), { recursive: true });
  if (fs.existsSync(iconsSrc)) fs.cpSync(iconsSrc, path.join(out, 'icons'), { recursive: true });
}
