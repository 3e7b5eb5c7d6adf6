import { expect } from 'chai';
import { RpcWebSocket } from '../../../lib/shelly/rpc-websocket';
import type { ShellyError } from '../../../lib/shelly/shelly-error';
import { startFakeRpcDevice } from './fake-rpc-device';

describe('shelly/rpc-websocket', () => {
  it('fails the socket (not the process) when the notification handler throws', async () => {
    const fake = await startFakeRpcDevice({
      model: 'SXXX-FUTURE',
      status: { 'em1:0': { id: 0, act_power: 5 } },
      webSocket: { afterReply: (socket) => socket.send('{"src":"x","method":"NotifyStatus","params":{"ts":1}}') },
    });
    let failed!: (err: ShellyError) => void;
    const failure = new Promise<ShellyError>((resolve) => (failed = resolve));
    const socket = new RpcWebSocket({
      url: `ws://${fake.host}/rpc`,
      deviceLabel: 'fake',
      clientId: 'test',
      requestTimeoutMs: 2000,
      keepAliveMs: 30_000,
      onNotification: () => {
        throw new RangeError('cannot take this one');
      },
      onFailure: failed,
    });
    try {
      await socket.open();
      await socket.call('Shelly.GetStatus');
      const err = await failure;
      expect(err.kind).to.equal('bad-reply');
      expect(err.message).to.equal('fake: notification not applied: cannot take this one');
    } finally {
      socket.close();
      await fake.stop();
    }
  });
});
