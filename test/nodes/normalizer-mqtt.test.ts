import { expect } from 'chai';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as mqtt from 'mqtt';
import { helper, waitForMessage, type FlowNode, type TestNode } from '../support/node-red-helper';
import type { NodeModule } from '../support/node-red-helper';
import { expectCanonical } from '../lib/reading/reading-invariants';
import normalizerRegister = require('../../nodes/normalizer/normalizer');

/**
 * The real MQTT path: an in-process Aedes broker on 127.0.0.1, Node-RED's own `mqtt in` nodes
 * subscribed to a Gen1 3EM's per-field topics and to a Pro 3EM's status and events topics, and
 * the normalizer after them. Messages are published the way the devices publish them: Gen1 one
 * plain-text number per topic in a burst, Gen2+ JSON component statuses and NotifyStatus frames.
 */
type Msg = Record<string, any>;
// aedes is ESM-only; Node 20.19+ loads it with require().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Aedes } = require('aedes') as typeof import('aedes');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const mqttNodes = require('@node-red/nodes/core/network/10-mqtt.js') as NodeModule;

const GEN1_ID = 'shellyem3-485519D732F4';
const GEN2_PREFIX = 'shellypro3em-a0dd6ca0c27c';
const GEN1_TOPICS = `shellies/${GEN1_ID}/emeter/+/+`;
const GEN2_TOPICS = [`${GEN2_PREFIX}/status/+`, `${GEN2_PREFIX}/events/rpc`];

function flow(port: number): FlowNode[] {
  const mqttIn = (id: string, topic: string, datatype: string): FlowNode => ({
    id, type: 'mqtt in', z: 'tab', name: '', topic, qos: '0', datatype, broker: 'broker', nl: false, rap: true, rh: 0, inputs: 0, wires: [['norm']],
  });
  return [
    { id: 'tab', type: 'tab', label: 'mqtt' },
    {
      id: 'broker', type: 'mqtt-broker', name: '', broker: '127.0.0.1', port: String(port), clientid: '', autoConnect: true,
      usetls: false, protocolVersion: '4', keepalive: '60', cleansession: true, birthTopic: '', closeTopic: '', willTopic: '',
    },
    // Gen1 publishes plain text: delivered as strings.
    mqttIn('gen1', GEN1_TOPICS, 'utf8'),
    mqttIn('gen2status', GEN2_TOPICS[0], 'auto-detect'),
    mqttIn('gen2events', GEN2_TOPICS[1], 'auto-detect'),
    { id: 'norm', type: 'lektrico-normalizer', z: 'tab', roundTimeout: 500, wires: [['out']] },
    { id: 'out', type: 'helper', z: 'tab' },
    { id: 'ctch', type: 'catch', z: 'tab', scope: ['norm'], uncaught: false, wires: [['err']] },
    { id: 'err', type: 'helper', z: 'tab' },
  ];
}

/** One Gen1 3EM burst: channel by channel, each field a plain-text number (the real layout). */
function gen1Burst(powersW: [number, number, number]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const fields = (i: number): Record<string, number> => ({
    power: powersW[i], pf: 0.9 - i / 10, current: 1 + i, voltage: 230 + i, total: 1000 * (i + 1), total_returned: 10 * (i + 1), energy: 999, returned_energy: 9,
  });
  for (let i = 0; i < 3; i++) {
    for (const [field, value] of Object.entries(fields(i))) out.push([`shellies/${GEN1_ID}/emeter/${i}/${field}`, String(value)]);
  }
  return out;
}

describe('lektrico-normalizer over MQTT (Aedes broker, Node-RED mqtt in)', function () {
  this.timeout(20000);
  let broker: InstanceType<typeof Aedes>;
  let server: net.Server;
  let client: mqtt.MqttClient;
  let out: TestNode;
  let err: TestNode;
  const errors: string[] = [];

  before(async () => {
    broker = await Aedes.createBroker({ heartbeatInterval: 3_600_000 });
    server = net.createServer(broker.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });

  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await new Promise<void>((resolve) => broker.close(() => resolve()));
  });

  beforeEach(async () => {
    const port = (server.address() as AddressInfo).port;
    // Resolves once Node-RED's client has subscribed to every topic (publishing earlier would be lost).
    const wanted = new Set([GEN1_TOPICS, ...GEN2_TOPICS]);
    const subscribed = new Promise<void>((resolve) => {
      const onSubscribe = (subscriptions: Array<{ topic: string }>): void => {
        for (const s of subscriptions) wanted.delete(s.topic);
        if (wanted.size === 0) {
          broker.removeListener('subscribe', onSubscribe);
          resolve();
        }
      };
      broker.on('subscribe', onSubscribe);
    });
    await helper.load([mqttNodes, normalizerRegister], flow(port));
    out = helper.getNode('out');
    err = helper.getNode('err');
    errors.length = 0;
    err.on('input', (msg: Msg) => errors.push(msg.error.message));
    client = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { clientId: 'fake-shellies', reconnectPeriod: 0 });
    await subscribed;
  });

  afterEach(async () => {
    await client.endAsync();
    await helper.unload();
  });

  const publish = async (messages: Array<[string, string]>): Promise<void> => {
    for (const [topic, payload] of messages) await client.publishAsync(topic, payload);
  };

  it('assembles each Gen1 3EM per-field burst into exactly one canonical reading', async () => {
    const readings: Msg[] = [];
    out.on('input', (msg: Msg) => readings.push(msg));
    const first = waitForMessage(out, (m) => m.payload.device.id === GEN1_ID);
    const before = Date.now();
    await publish(gen1Burst([1200.5, -300.25, 15]));
    const reading = (await first).payload;
    expectCanonical(reading);
    expect(reading.device).to.deep.equal({ generation: 1, id: GEN1_ID });
    expect(reading.phases).to.deep.equal([
      { phase: 'L1', power: 1200.5, current: 1, voltage: 230, pf: 0.9 },
      { phase: 'L2', power: -300.25, current: 2, voltage: 231, pf: 0.8 },
      { phase: 'L3', power: 15, current: 3, voltage: 232, pf: 0.7 },
    ]);
    expect(reading.power).to.be.closeTo(915.25, 1e-9);
    expect(reading.energy).to.deep.equal({ import: 6000, export: 60 });
    expect(reading.timestamp).to.be.at.least(before);

    const second = waitForMessage(out, (m) => m.payload.device.id === GEN1_ID && m.payload.phases[0].power === -4200);
    await publish(gen1Burst([-4200, 10, 20]));
    expect((await second).payload.power).to.equal(-4170);
    expect(readings).to.have.length(2); // one per burst, no partial readings
    expect(errors).to.deep.equal([]);
  });

  it('merges a Pro 3EM\'s <prefix>/status/<component> topics and <prefix>/events/rpc NotifyStatus frames', async () => {
    const emdata = { id: 0, a_total_act_energy: 100, a_total_act_ret_energy: 1, b_total_act_energy: 200, b_total_act_ret_energy: 2, c_total_act_energy: 300, c_total_act_ret_energy: 3, total_act: 600, total_act_ret: 6 };
    const em = {
      id: 0, a_current: 1.275, a_voltage: 228.8, a_act_power: 243.2, a_pf: 0.86, a_freq: 50, b_current: 0.335, b_voltage: 228.2, b_act_power: 24.5,
      b_pf: 0.59, b_freq: 50, c_current: 0.338, c_voltage: 227.6, c_act_power: 34.9, c_pf: 0.65, c_freq: 50, n_current: null, total_act_power: 302.6,
    };
    const first = waitForMessage(out, (m) => m.payload.device.id === GEN2_PREFIX);
    await publish([[`${GEN2_PREFIX}/status/emdata:0`, JSON.stringify(emdata)], [`${GEN2_PREFIX}/status/sys`, '{"uptime":5}'], [`${GEN2_PREFIX}/status/em:0`, JSON.stringify(em)]]);
    const reading = (await first).payload;
    expectCanonical(reading);
    expect(reading.phases.map((p: Msg) => [p.phase, p.power, p.voltage])).to.deep.equal([['L1', 243.2, 228.8], ['L2', 24.5, 228.2], ['L3', 34.9, 227.6]]);
    expect(reading.energy).to.deep.equal({ import: 600, export: 6 });
    expect(reading.device).to.deep.equal({ generation: 2, id: GEN2_PREFIX });

    // A NotifyStatus frame carrying only phase C: merged onto what the status topics gave. Its ts
    // (the device's clock, seconds in 10 ms steps) is a second after the first reading, which was
    // stamped on arrival: a ts before it would be moved to 1 ms after it.
    const ts = Math.round(reading.timestamp / 10 + 100) / 100;
    const frame = { src: GEN2_PREFIX, dst: `${GEN2_PREFIX}/events`, method: 'NotifyStatus', params: { ts, 'em:0': { id: 0, c_act_power: -18, c_voltage: 228.3 } } };
    const second = waitForMessage(out, (m) => m.payload.phases[2]?.power === -18);
    await publish([[`${GEN2_PREFIX}/events/rpc`, JSON.stringify({ src: GEN2_PREFIX, method: 'NotifyEvent', params: { ts: 1, events: [] } })], [`${GEN2_PREFIX}/events/rpc`, JSON.stringify(frame)]]);
    const merged = (await second).payload;
    expect(merged.phases.map((p: Msg) => p.power)).to.deep.equal([243.2, 24.5, -18]);
    expect(merged.phases[2].voltage).to.equal(228.3);
    expect(merged.timestamp).to.equal(Math.round(ts * 1000));
    expect(errors).to.deep.equal([]);
  });

  it('reports a Gen1 topic whose payload is not a number as one clear error', async () => {
    const caught = waitForMessage(err, () => true);
    await publish([[`shellies/${GEN1_ID}/emeter/1/power`, 'unavailable']]);
    expect((await caught).error.message).to.equal(
      `InputError: shellies/${GEN1_ID}/emeter/1/power: the payload is a string ("unavailable"); expected a number in W (Gen1 publishes plain-text numbers)`,
    );
  });
});
