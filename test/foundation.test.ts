import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NODE_RED_ENV, nodeRedDir } from '../demo/node-red-module';
import { helper } from './support/node-red-helper';
import { parsePhaseList } from '../lib/grid-phase';

describe('package foundation', () => {
  it('parses installer phase wiring', () => {
    expect(parsePhaseList('L1,L2,L3')).to.deep.equal(['L1', 'L2', 'L3']);
    expect(parsePhaseList('l2')).to.deep.equal(['L2']);
    expect(parsePhaseList('L2 L3 L1')).to.deep.equal(['L2', 'L3', 'L1']);
    expect(parsePhaseList('L1,L1')).to.equal(undefined);
    expect(parsePhaseList('L4')).to.equal(undefined);
    expect(parsePhaseList('')).to.equal(undefined);
    expect(parsePhaseList(42)).to.equal(undefined);
  });

  it('tests the Node-RED it is asked to (LEKTRICO_EM_NODE_RED, else the dev dependency)', () => {
    const wanted = process.env[NODE_RED_ENV] ? path.resolve(process.env[NODE_RED_ENV]) : path.dirname(require.resolve('node-red/package.json'));
    expect(nodeRedDir()).to.equal(wanted);
    const { version } = JSON.parse(fs.readFileSync(path.join(wanted, 'package.json'), 'utf8')) as { version: string };
    const loaded = (helper as unknown as { _RED: { version(): string } })._RED.version();
    // A source checkout of Node-RED reports "<version>-git".
    expect(loaded.replace(/-git$/, '')).to.equal(version);
  });

  it('starts and stops the Node-RED test runtime', async () => {
    await helper.startServer();
    await helper.stopServer();
  });
});
