import { expect } from 'chai';
import { ManualClock } from '../../../lib/clock';
import { readChannel } from '../../../lib/shelly/channels';
import { ShellyConnection, type ShellyReading } from '../../../lib/shelly/meter-connection';
import { ShellySimulator } from '../../../lib/sim/shelly';

/**
 * A Gen2+ device stamps its notifications with its own clock in 10 ms steps; polled replies are
 * stamped on arrival. Mixed, a later reading could look older than (or as old as) the one before,
 * which the load balancer refuses as out of order: each reading must be stamped after the last.
 */
describe('shelly/meter-connection: reading time stamps', () => {
  let sim: ShellySimulator | undefined;
  let connection: ShellyConnection | undefined;

  afterEach(async () => {
    connection?.close();
    await sim?.stop();
  });

  const reading = (c: ShellyConnection, powerW: number): Promise<ShellyReading> =>
    new Promise((resolve) => {
      const onReading = (r: ShellyReading): void => {
        if (readChannel(r.payload, r.meta.channels[0]).powerW !== powerW) return;
        c.off('reading', onReading);
        resolve(r);
      };
      c.on('reading', onReading);
    });

  it('puts a push measured in the same 10 ms step as a polled reading 1 ms after it, and keeps exact times otherwise', async () => {
    const clock = new ManualClock(1_700_000_000_004);
    sim = await ShellySimulator.start({ model: 'SPEM-003CEBEU', clock: clock.now });
    sim.setPhases([{ powerW: 100 }, { powerW: 0 }, { powerW: 0 }]);
    connection = new ShellyConnection({ host: sim.host, transport: 'websocket', pollIntervalMs: 3_600_000, requestTimeoutMs: 2000, clock: clock.now });
    const polled = reading(connection, 100);
    connection.start();
    expect((await polled).meta.timestamp).to.equal(1_700_000_000_004); // on arrival

    const pushed = reading(connection, 500);
    sim.setPhases([{ powerW: 500 }]); // the device says 1 700 000 000.00 s: 4 ms earlier
    expect((await pushed).meta).to.include({ timestamp: 1_700_000_000_005, receivedAt: 1_700_000_000_004 });

    const again = reading(connection, 900);
    sim.setPhases([{ powerW: 900 }]);
    expect((await again).meta.timestamp).to.equal(1_700_000_000_006);

    clock.advance(996); // 1 700 000 001.000 s
    const later = reading(connection, 50);
    sim.setPhases([{ powerW: 50 }]);
    expect((await later).meta.timestamp).to.equal(1_700_000_001_000); // the device's own time again
  });
});
