import { expect } from 'chai';
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

  it('starts and stops the Node-RED test runtime', async () => {
    await helper.startServer();
    await helper.stopServer();
  });
});
