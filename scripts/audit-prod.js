#!/usr/bin/env node
// npm audit of what the package ships (production dependencies only). Exit 1 on a high or
// critical advisory; exit 2, saying why, when the registry's audit endpoint cannot be reached
// (a mirror without it answers 405), so an unreachable audit never passes as a clean one.
'use strict';
const { spawnSync } = require('node:child_process');

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['audit', '--omit=dev', '--json'], { encoding: 'utf8', cwd: require('node:path').resolve(__dirname, '..') });
let report;
try {
  report = JSON.parse(result.stdout);
} catch {
  console.error(`npm audit gave no report (exit ${result.status}): ${result.stderr.trim()}`);
  process.exit(2);
}
if (!report.metadata) {
  console.error(`npm audit: the audit endpoint could not be used: ${report.message || (report.error && report.error.summary) || 'no metadata in the reply'}`);
  process.exit(2);
}
const counts = report.metadata.vulnerabilities;
console.log(`npm audit --omit=dev: ${['critical', 'high', 'moderate', 'low', 'info'].map((level) => `${counts[level] || 0} ${level}`).join(', ')}`);
process.exit((counts.high || 0) + (counts.critical || 0) > 0 ? 1 : 0);
