import { expect } from 'chai';
import { isNoHandlerError, parseIncomingFrame, parseRpcError } from '../../../lib/shelly/rpc-frame';

describe('shelly/rpc-frame', () => {
  it('tells responses, errors and notifications apart', () => {
    expect(parseIncomingFrame('{"id":3,"src":"x","result":{"a":1}}')).to.deep.equal({ kind: 'response', id: 3, result: { a: 1 } });
    expect(parseIncomingFrame({ id: 4, error: { code: -105, message: 'not found' } })).to.deep.equal({
      kind: 'response', id: 4, error: { code: -105, message: 'not found' },
    });
    const note = parseIncomingFrame({ src: 'x', method: 'NotifyStatus', params: {} });
    expect(note.kind).to.equal('notification');
  });

  it('reports frames it cannot use', () => {
    expect(parseIncomingFrame('{nope').kind).to.equal('malformed');
    expect(parseIncomingFrame('[1]').kind).to.equal('invalid');
    expect(parseIncomingFrame({ src: 'x' }).kind).to.equal('invalid');
    expect(parseIncomingFrame({ id: 1, error: 'bad' }).kind).to.equal('invalid');
  });

  it('parses the digest challenge of a 401 error', () => {
    const error = parseRpcError({ code: 401, message: '{"auth_type":"digest","nonce":17,"nc":1,"realm":"shellypro3em-x","algorithm":"SHA-256"}' });
    expect(error?.challenge).to.deep.equal({ realm: 'shellypro3em-x', nonce: '17', qop: 'auth', algorithm: 'SHA-256', nc: 1 });
    expect(parseRpcError({ code: 401, message: 'plain' })?.challenge).to.equal(undefined);
  });

  it('recognises "No handler" 404 errors', () => {
    expect(isNoHandlerError(parseRpcError({ code: 404, message: 'No handler for EM1.GetStatus' }))).to.equal(true);
    expect(isNoHandlerError(parseRpcError({ code: 404, message: 'Not Found' }))).to.equal(false);
    expect(isNoHandlerError(undefined)).to.equal(false);
  });
});
