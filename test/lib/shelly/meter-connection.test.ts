import { expect } from 'chai';
import { ShellySimulator, SIMULATED_SHELLY_MODELS, startNonShellyServer } from '../../../lib/sim/shelly';
import { readChannel } from '../../../lib/shelly/channels';
import {
  ShellyConnection,
  type ConnectionState,
  type ShellyConnectionOptions,
  type ShellyReading,
} from '../../../lib/shelly/meter-connection';
import { startFakeRpcDevice } from './fake-rpc-device';

/**
 * ShellyConnection against the real-socket simulators (every family, every transport) and the
 * failure cases: auth, dropped and stalled sockets, offline devices, faults, impostors.
 * Short intervals and back-off keep it quick; every wait is for an event, with a deadline.
 */
const FAST = { pollIntervalMs: 100, requestTimeoutMs: 600, backoff: { initialMs: 50, maxMs: 300 } };
/** The back-off cap less its jitter (±20 %, clipped at the cap): what "waits the longest step" means. */
const AT_THE_CAP_MS = FAST.backoff.maxMs * 0.8;
const RPC_MODELS = SIMULATED_SHELLY_MODELS.filter((m) => !['SHEM', 'SHEM-3', 'SHPLG-S'].includes(m));
const GEN1_MODELS = SIMULATED_SHELLY_MODELS.filter((m) => !RPC_MODELS.includes(m));

type ErrorState = Extract<ConnectionState, { state: 'error' }>;

function waitFor<T>(connection: ShellyConnection, event: 'reading' | 'state', predicate: (value: T) => boolean, what: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const listener = (value: T): void => {
      if (!predicate(value)) return;
      clearTimeout(timer);
      connection.off(event, listener);
      resolve(value);
    };
    const timer = setTimeout(() => {
      connection.off(event, listener);
      reject(new Error(`no ${what} within ${timeoutMs} ms; state ${JSON.stringify(connection.state)}`));
    }, timeoutMs);
    connection.on(event as 'reading', listener as unknown as (r: ShellyReading) => void);
  });
}

const nextReading = (c: ShellyConnection, predicate: (r: ShellyReading) => boolean = () => true, what = 'reading'): Promise<ShellyReading> =>
  waitFor<ShellyReading>(c, 'reading', predicate, what);
const nextError = (c: ShellyConnection, predicate: (s: ErrorState) => boolean = () => true): Promise<ErrorState> =>
  waitFor<ConnectionState>(c, 'state', (s) => s.state === 'error' && predicate(s), 'error state') as Promise<ErrorState>;

const powerOf = (reading: ShellyReading, channel = 0): number | undefined => readChannel(reading.payload, reading.meta.channels[channel]).powerW;

describe('shelly/meter-connection (simulators)', function () {
  this.timeout(20000);
  const connections: ShellyConnection[] = [];
  const stoppers: Array<() => Promise<void>> = [];

  const startSim = async (...args: Parameters<typeof ShellySimulator.start>): Promise<ShellySimulator> => {
    const sim = await ShellySimulator.start(...args);
    stoppers.push(() => sim.stop());
    return sim;
  };
  const connect = (options: ShellyConnectionOptions): ShellyConnection => {
    const connection = new ShellyConnection({ ...FAST, ...options });
    connections.push(connection);
    connection.start();
    return connection;
  };

  afterEach(async () => {
    for (const c of connections.splice(0)) c.close();
    await Promise.all(stoppers.splice(0).map((stop) => stop()));
  });

  for (const model of SIMULATED_SHELLY_MODELS) {
    const transports = GEN1_MODELS.includes(model) ? (['http'] as const) : (['websocket', 'http'] as const);
    for (const transport of transports) {
      it(`reads a ${model} over ${transport} and follows its power`, async () => {
        const sim = await startSim({ model });
        const connection = connect({ host: sim.host, transport });
        const first = await nextReading(connection);
        expect(first.meta).to.include({ model, id: sim.id, generation: sim.generation, host: sim.host });
        expect(first.meta.transport).to.equal(sim.generation === 1 ? 'gen1-http' : transport === 'websocket' ? 'rpc-websocket' : 'rpc-http');
        expect(first.meta.channels.length).to.be.greaterThan(0);
        expect(first.meta.timestamp).to.be.at.most(first.meta.receivedAt);
        expect(connection.state).to.deep.include({ state: 'connected', transport: first.meta.transport });
        sim.setChannel(0, { powerW: 1234 });
        const moved = await nextReading(connection, (r) => powerOf(r) === 1234, 'reading with 1234 W');
        expect(moved.meta.receivedAt).to.be.at.least(first.meta.receivedAt);
      });
    }
  }

  it('polls Gen1 over HTTP even when the WebSocket is asked for', async () => {
    const sim = await startSim({ model: 'SHEM-3' });
    const reading = await nextReading(connect({ host: sim.host, transport: 'websocket' }));
    expect(reading.meta.transport).to.equal('gen1-http');
    expect(sim.stats.requests['GET /status']).to.be.at.least(1);
  });

  describe('WebSocket push', () => {
    it('delivers a NotifyStatus delta merged into the full status, without a poll', async () => {
      const sim = await startSim({ model: 'SPEM-003CEBEU' });
      sim.setPhases([{ powerW: 100 }, { powerW: 200 }, { powerW: 300 }]);
      const connection = connect({ host: sim.host, transport: 'websocket', pollIntervalMs: 60_000 });
      const first = await nextReading(connection);
      const polls = sim.stats.requests['WS Shelly.GetStatus'];
      sim.setPhases([{ powerW: -1500 }]); // phase A exports; B and C unchanged, so absent from the delta
      const pushed = await nextReading(connection, (r) => powerOf(r, 0) === -1500, 'pushed reading');
      expect(powerOf(pushed, 1)).to.equal(200);
      expect(powerOf(pushed, 2)).to.equal(300);
      expect(Object.keys(pushed.payload)).to.deep.equal(Object.keys(first.payload));
      expect(sim.stats.requests['WS Shelly.GetStatus']).to.equal(polls);
    });

    it('replaces the status on NotifyFullStatus', async () => {
      const sim = await startSim({ model: 'S3PM-001PCEU16' });
      const connection = connect({ host: sim.host, transport: 'websocket', pollIntervalMs: 60_000 });
      await nextReading(connection);
      const pushed = nextReading(connection);
      sim.sendFullStatus();
      expect((await pushed).meta.transport).to.equal('rpc-websocket');
    });

    for (const method of ['NotifyStatus', 'NotifyFullStatus']) {
      it(`fails the connection on a ${method} nested too deep to take (not the process), and reconnects`, async () => {
        const depth = 20_000; // 120 kB, well under the frame limit
        let sent = false;
        const fake = await startFakeRpcDevice({
          model: 'SXXX-FUTURE',
          status: { 'em1:0': { id: 0, act_power: 5, voltage: 230 } },
          webSocket: {
            afterReply: (socket) => {
              if (sent) return;
              sent = true;
              socket.send(`{"src":"x","method":"${method}","params":{"ts":1,"em1:0":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}}`);
            },
          },
        });
        stoppers.push(() => fake.stop());
        const connection = connect({ host: fake.host, transport: 'websocket', pollIntervalMs: 60_000 });
        await nextReading(connection);
        const error = await nextError(connection);
        expect(error.error.kind).to.equal('bad-reply');
        expect(error.error.message).to.match(/nested deeper than 32 levels/);
        await nextReading(connection, () => true, 'reading after the reconnect');
      });
    }

    it('answers refresh() with exactly one fresh reading per status read, never a replay', async () => {
      const sim = await startSim({ model: 'SPEM-002CEBEU50' });
      const connection = connect({ host: sim.host, transport: 'http', pollIntervalMs: 60_000 });
      await nextReading(connection);
      const readings: ShellyReading[] = [];
      connection.on('reading', (r) => readings.push(r));
      for (let i = 0; i < 3; i += 1) {
        const next = nextReading(connection);
        connection.refresh();
        await next;
      }
      expect(readings).to.have.length(3);
      expect(sim.stats.requests['GET /rpc/Shelly.GetStatus']).to.equal(4);
    });
  });

  describe('authentication', () => {
    for (const transport of ['websocket', 'http'] as const) {
      it(`Gen2+ Digest over ${transport}: the right password reads`, async () => {
        const sim = await startSim({ model: 'SPEM-003CEBEU', password: 'Secret-1' });
        const reading = await nextReading(connect({ host: sim.host, transport, credentials: { password: 'Secret-1' } }));
        expect(reading.meta.authRequired).to.equal(true);
        expect(sim.stats.authFailures).to.equal(0);
      });

      it(`Gen2+ Digest over ${transport}: a wrong password is an auth error that waits the longest back-off`, async () => {
        const sim = await startSim({ model: 'S3EM-003CXCEU63', password: 'Secret-1' });
        const connection = connect({ host: sim.host, transport, credentials: { password: 'wrong' } });
        const error = await nextError(connection);
        expect(error.error.kind).to.equal('auth');
        expect(error.error.message).to.equal(`401 from ${sim.id}: wrong password for user admin`);
        expect(error.retryInMs).to.be.at.least(AT_THE_CAP_MS);
        expect(error.identity?.id).to.equal(sim.id);
      });
    }

    it('Gen2+ with auth on and no password configured says so without sending a request', async () => {
      const sim = await startSim({ model: 'S4EM-001PXCEU16', password: 'pw' });
      const error = await nextError(connect({ host: sim.host }));
      expect(error.error.kind).to.equal('auth');
      expect(error.error.message).to.equal(`${sim.id}: authentication is on: set the password in the device config node`);
      expect(sim.stats.requests['RPC Shelly.GetStatus'] ?? 0).to.equal(0);
    });

    it('Gen1 Basic: the right user and password read', async () => {
      const sim = await startSim({ model: 'SHEM', username: 'meter', password: 'pw1' });
      const reading = await nextReading(connect({ host: sim.host, credentials: { username: 'meter', password: 'pw1' } }));
      expect(reading.meta.transport).to.equal('gen1-http');
    });

    it('Gen1 Basic: a wrong password is an auth error naming the user', async () => {
      const sim = await startSim({ model: 'SHPLG-S', username: 'meter', password: 'pw1' });
      const error = await nextError(connect({ host: sim.host, credentials: { username: 'meter', password: 'nope' } }));
      expect(error.error.message).to.equal(`401 from ${sim.id}: wrong password for user meter`);
      expect(error.retryInMs).to.be.at.least(AT_THE_CAP_MS);
    });
  });

  describe('reconnecting', () => {
    it('reconnects and resumes after the device drops the WebSocket', async () => {
      const sim = await startSim({ model: 'S3EM-002CXCEU' });
      const connection = connect({ host: sim.host, transport: 'websocket' });
      await nextReading(connection);
      const lost = nextError(connection);
      sim.dropWebSockets();
      expect((await lost).error.kind).to.equal('connection-lost');
      sim.setChannel(1, { powerW: 42 });
      const resumed = await nextReading(connection, (r) => powerOf(r, 1) === 42, 'reading after reconnect');
      expect(resumed.meta.transport).to.equal('rpc-websocket');
      expect(sim.stats.wsConnections).to.equal(2);
      expect(sim.stats.requests['GET /shelly']).to.equal(2); // identified again after the reconnect
    });

    it('detects a stalled WebSocket (no reply in time), reconnects, and resumes when the device recovers', async () => {
      const sim = await startSim({ model: 'SPEM-003CEBEU' });
      const connection = connect({ host: sim.host, transport: 'websocket' });
      await nextReading(connection);
      const stalled = nextError(connection);
      sim.stallWebSockets(true);
      const error = await stalled;
      expect(error.error.kind).to.equal('timeout');
      expect(error.error.message).to.match(/stalled WebSocket/);
      sim.stallWebSockets(false);
      await nextReading(connection);
      expect(connection.state.state).to.equal('connected');
    });

    it('goes to error while the device is offline, backs off, and resumes when it is back', async () => {
      const sim = await startSim({ model: 'SNSW-001P16EU' });
      const connection = connect({ host: sim.host });
      await nextReading(connection);
      const errors: ErrorState[] = [];
      connection.on('state', (s) => {
        if (s.state === 'error') errors.push(s);
      });
      await sim.setOffline(true);
      await nextError(connection, () => errors.length >= 3);
      expect(errors.every((e) => e.error.kind === 'unreachable' || e.error.kind === 'connection-lost')).to.equal(true);
      expect(errors[2].retryInMs).to.be.greaterThan(errors[1].retryInMs * 1.2); // exponential, not a fixed loop
      await sim.setOffline(false);
      const back = await nextReading(connection);
      expect(back.meta.id).to.equal(sim.id);
    });

    it('identifies again after a reconnect: a different device at the same address is picked up', async () => {
      const first = await ShellySimulator.start({ model: 'SHEM' });
      const port = first.port;
      const connection = connect({ host: first.host });
      expect((await nextReading(connection)).meta.model).to.equal('SHEM');
      const lost = nextError(connection);
      await first.stop();
      await lost;
      const second = await startSim({ model: 'S3PM-001PCEU16', port });
      const reading = await nextReading(connection, (r) => r.meta.model === 'S3PM-001PCEU16', 'reading of the new device');
      expect(reading.meta.id).to.equal(second.id);
      expect(reading.meta.generation).to.equal(3);
    });

    describe('a device that answers and then drops the WebSocket at once', () => {
      const STABLE_AFTER_MS = 200;
      let dropAfterMs = 20;
      let flapping: Awaited<ReturnType<typeof startFakeRpcDevice>>;
      beforeEach(async () => {
        dropAfterMs = 20;
        flapping = await startFakeRpcDevice({
          model: 'SXXX-FUTURE',
          status: { 'em1:0': { id: 0, act_power: 5, voltage: 230 } },
          webSocket: { afterReply: (socket) => setTimeout(() => socket.terminate(), dropAfterMs) },
        });
        stoppers.push(() => flapping.stop());
      });

      it('backs off further on every drop, and starts over once a connection stays up', async () => {
        const connection = connect({ host: flapping.host, transport: 'websocket', stableAfterMs: STABLE_AFTER_MS });
        const errors: ErrorState[] = [];
        connection.on('state', (s) => {
          if (s.state === 'error') errors.push(s);
        });
        await nextError(connection, () => errors.length >= 3);
        expect(errors.map((e) => e.error.kind)).to.deep.equal(['connection-lost', 'connection-lost', 'connection-lost']);
        expect(errors[2].retryInMs, 'exponential, not a reconnect loop').to.be.greaterThan(errors[0].retryInMs * 2);
        dropAfterMs = 2 * STABLE_AFTER_MS;
        const afterStable = await nextError(connection);
        expect(afterStable.retryInMs).to.be.at.most(FAST.backoff.initialMs * 1.2);
      });

      it('falls back to HTTP polling in auto mode', async () => {
        const connection = connect({ host: flapping.host, transport: 'auto', stableAfterMs: STABLE_AFTER_MS, webSocketRetryMs: 60_000 });
        await nextReading(connection, (r) => r.meta.transport === 'rpc-http', 'reading over HTTP');
        expect(flapping.requests.filter((r) => r === 'UPGRADE')).to.have.length(2);
      });
    });

    it('falls back to HTTP polling in auto mode when the WebSocket cannot be opened', async () => {
      const fake = await startFakeRpcDevice({ model: 'SXXX-FUTURE', status: { 'em1:0': { id: 0, act_power: 5, voltage: 230 }, sys: {} } });
      stoppers.push(() => fake.stop());
      const connection = connect({ host: fake.host, transport: 'auto' });
      const reading = await nextReading(connection);
      expect(reading.meta.transport).to.equal('rpc-http');
      expect(fake.requests.filter((r) => r === 'UPGRADE')).to.have.length(2);
    });

    it('falls back to HTTP while the WebSocket is stalled and returns to it once it answers again', async () => {
      const sim = await startSim({ model: 'SPEM-003CEBEU' });
      sim.stallWebSockets(true);
      const connection = connect({ host: sim.host, transport: 'auto', webSocketRetryMs: 200 });
      const polled = await nextReading(connection);
      expect(polled.meta.transport).to.equal('rpc-http');
      expect(sim.stats.wsConnections).to.be.at.least(2); // two stalled attempts before the fallback
      sim.stallWebSockets(false);
      const pushed = await nextReading(connection, (r) => r.meta.transport === 'rpc-websocket', 'reading over the WebSocket again');
      expect(pushed.meta.id).to.equal(sim.id);
    });

    it('detects a stalled WebSocket by its missing pong when no call is pending', async () => {
      const sim = await startSim({ model: 'S3EM-002CXCEU' });
      const connection = connect({ host: sim.host, transport: 'websocket', pollIntervalMs: 60_000, keepAliveMs: 100 });
      await nextReading(connection);
      const lost = nextError(connection);
      sim.stallWebSockets(true);
      const error = await lost;
      expect(error.error.kind).to.equal('connection-lost');
      expect(error.error.message).to.match(/no pong within 0\.1 s/);
    });

    it('never falls back when the WebSocket is required', async () => {
      const fake = await startFakeRpcDevice({ model: 'SXXX-FUTURE', status: { 'em1:0': { id: 0, act_power: 5 } } });
      stoppers.push(() => fake.stop());
      const connection = connect({ host: fake.host, transport: 'websocket' });
      const errors = await nextError(connection, (s) => s.error.kind === 'bad-reply');
      expect(errors.error.message).to.match(/HTTP 404 instead of an upgrade/);
      await nextError(connection, () => true);
      expect(fake.requests).to.not.include('GET /rpc/Shelly.GetStatus');
    });
  });

  describe('bad devices and bad replies', () => {
    for (const kind of ['html', 'json'] as const) {
      it(`reports a non-Shelly HTTP server (${kind}) as "not a Shelly"`, async () => {
        const server = await startNonShellyServer(kind);
        stoppers.push(() => server.stop());
        const error = await nextError(connect({ host: server.host }));
        expect(error.error.kind).to.equal('not-shelly');
        expect(error.error.message).to.match(new RegExp(`^GET /shelly at ${server.host}: not a Shelly \\(`));
        expect(error.retryInMs).to.be.at.least(AT_THE_CAP_MS);
      });
    }

    for (const transport of ['websocket', 'http'] as const) {
      it(`reports malformed JSON over ${transport}`, async () => {
        const sim = await startSim({ model: 'SPEM-003CEBEU' });
        const connection = connect({ host: sim.host, transport });
        await nextReading(connection);
        const error = nextError(connection);
        sim.setFault({ kind: 'malformed-json' });
        expect((await error).error.message).to.match(/malformed JSON/);
      });

      it(`reports an HTTP 500 / RPC error over ${transport}, and recovers`, async () => {
        const sim = await startSim({ model: 'S3EM-002CXCEU' });
        const connection = connect({ host: sim.host, transport });
        await nextReading(connection);
        const error = nextError(connection);
        sim.setFault({ kind: 'http-500' });
        expect((await error).error.message).to.match(transport === 'http' ? /HTTP 500/ : /RPC error -114/);
        sim.clearFault();
        await nextReading(connection);
      });

      it(`times out on a hanging device over ${transport}`, async () => {
        const sim = await startSim({ model: 'S4EM-001PXCEU16' });
        const connection = connect({ host: sim.host, transport });
        await nextReading(connection);
        const error = nextError(connection);
        sim.setFault({ kind: 'hang' });
        const state = await error;
        expect(state.error.kind).to.equal('timeout');
        expect(state.error.message).to.match(/0\.6 s/);
      });
    }

    it('times out when GET /shelly hangs', async () => {
      const sim = await startSim({ model: 'SHEM-3' });
      sim.setFault({ kind: 'hang' });
      const error = await nextError(connect({ host: sim.host }));
      expect(error.error.message).to.equal(`GET /shelly at ${sim.host}: timeout after 0.6 s`);
    });

    it('reports a device whose status has no metering component', async () => {
      const fake = await startFakeRpcDevice({ model: 'SXXX-FUTURE', status: { sys: {}, 'light:0': { id: 0 }, 'switch:0': { id: 0, output: true } } });
      stoppers.push(() => fake.stop());
      const error = await nextError(connect({ host: fake.host, transport: 'http' }));
      expect(error.error.kind).to.equal('no-meter');
      expect(error.error.message).to.equal('shellyfuture-aabbccddeeff (SXXX-FUTURE): no metering component in the status (it has: sys, light:0, switch:0)');
    });

    it('reads an unknown model code by its components', async () => {
      const fake = await startFakeRpcDevice({ model: 'SXXX-FUTURE', status: { 'pm1:0': { id: 0, apower: -12.5, ret_aenergy: { total: 3 }, aenergy: { total: 10 } }, 'gizmo:0': {} } });
      stoppers.push(() => fake.stop());
      const reading = await nextReading(connect({ host: fake.host, transport: 'http' }));
      expect(reading.meta).to.include({ model: 'SXXX-FUTURE', modelName: 'SXXX-FUTURE', generation: 5 });
      expect(Object.keys(reading.payload)).to.deep.equal(['pm1:0']);
      expect(powerOf(reading)).to.equal(-12.5);
    });

    it('reports unreachable when nothing listens', async () => {
      const sim = await ShellySimulator.start({ model: 'SHEM' });
      const host = sim.host;
      await sim.stop();
      const error = await nextError(connect({ host }));
      expect(error.error.kind).to.equal('unreachable');
      expect(error.error.message).to.match(/connection refused/);
    });

    it('refuses a bad host or interval at construction', () => {
      expect(() => new ShellyConnection({ host: 'http://x/y' })).to.throw(/not an address/);
      expect(() => new ShellyConnection({ host: '127.0.0.1', pollIntervalMs: 0 })).to.throw(/pollIntervalMs/);
      expect(() => new ShellyConnection({ host: '127.0.0.1', transport: 'carrier-pigeon' as 'auto' })).to.throw(/transport/);
    });
  });

  it('can be closed from inside a reading listener without leaving a timer behind', async () => {
    const sim = await startSim({ model: 'SHEM' });
    const connection = connect({ host: sim.host });
    const states: string[] = [];
    connection.on('state', (s) => states.push(s.state));
    await new Promise<void>((resolve) => {
      connection.on('reading', () => {
        connection.close();
        resolve();
      });
    });
    expect(connection.state.state).to.equal('closed');
    expect(states).to.deep.equal(['closed']); // never "connected" after the close
  });

  it('can be closed from inside an error listener: no retry afterwards (a one-shot probe does this)', async () => {
    const sim = await startSim({ model: 'SHEM' });
    sim.setFault({ kind: 'http-500' });
    const connection = connect({ host: sim.host });
    const states: string[] = [];
    await new Promise<void>((resolve) => {
      connection.on('state', (s) => {
        states.push(s.state);
        if (s.state === 'error') {
          connection.close();
          resolve();
        }
      });
    });
    const requestsAtClose = JSON.stringify(sim.stats.requests);
    // No event can say "nothing happened": wait out twice the longest back-off step.
    await new Promise((resolve) => setTimeout(resolve, 2 * FAST.backoff.maxMs * 1.2));
    expect(states).to.deep.equal(['error', 'closed']);
    expect(JSON.stringify(sim.stats.requests), 'no attempt after the close').to.equal(requestsAtClose);
  });

  it('close() ends the connection: state closed, no reading afterwards', async () => {
    const sim = await startSim({ model: 'SPEM-003CEBEU' });
    const connection = connect({ host: sim.host, transport: 'websocket' });
    await nextReading(connection);
    connection.close();
    expect(connection.state.state).to.equal('closed');
    let after = 0;
    connection.on('reading', () => after++);
    sim.setPhases([{ powerW: 999 }]);
    sim.sendFullStatus();
    expect(after).to.equal(0);
  });
});
