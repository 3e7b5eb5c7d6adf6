import { expect } from 'chai';
import { helper, nextMessage, waitForMessage, waitForStatus, type FlowNode, type TestNode } from '../support/node-red-helper';
import { fuzzMessages } from '../lib/reading/fuzz-inputs';
import { expectCanonical } from '../lib/reading/reading-invariants';
import normalizerRegister = require('../../nodes/normalizer/normalizer');

/**
 * The normalizer node in Node-RED: readings on output 1 (and the EV sub-meter on output 2),
 * errors to a Catch node with the red status, warnings, dropped readings, the Gen1 MQTT round
 * deadline (the node's own timer), a configuration error, and a fuzz run in which every message
 * ends exactly once: done() (a Complete node sees it) or done(err) (a Catch node sees it).
 */
type Msg = Record<string, any>;

const pro3em = {
  'em:0': { id: 0, a_act_power: 1200.5, a_voltage: 231, a_current: 5.3, b_act_power: -300.25, b_voltage: 230, b_current: 1.5, c_act_power: 15, c_voltage: 229, c_current: 0.2 },
  'emdata:0': { a_total_act_energy: 1, a_total_act_ret_energy: 2, b_total_act_energy: 3, b_total_act_ret_energy: 4, c_total_act_energy: 5, c_total_act_ret_energy: 6 },
};

function flow(config: Record<string, unknown> = {}, outputs = 1): FlowNode[] {
  const wires = outputs === 2 ? [['grid'], ['ev']] : [['grid']];
  return [
    { id: 'tab', type: 'tab', label: 'normalizer' },
    { id: 'norm', type: 'lektrico-normalizer', z: 'tab', outputs, wires, ...config },
    { id: 'grid', type: 'helper', z: 'tab' },
    { id: 'ev', type: 'helper', z: 'tab' },
    { id: 'ctch', type: 'catch', z: 'tab', scope: ['norm'], uncaught: false, wires: [['err']] },
    { id: 'err', type: 'helper', z: 'tab' },
    { id: 'cmp', type: 'complete', z: 'tab', scope: ['norm'], uncaught: false, wires: [['done']] },
    { id: 'done', type: 'helper', z: 'tab' },
  ];
}

describe('lektrico-normalizer node', function () {
  this.timeout(20000);
  let norm: TestNode;
  let grid: TestNode;
  let ev: TestNode;
  let err: TestNode;
  let done: TestNode;

  async function load(config: Record<string, unknown> = {}, outputs = 1): Promise<void> {
    await helper.load(normalizerRegister, flow(config, outputs));
    norm = helper.getNode('norm');
    grid = helper.getNode('grid');
    ev = helper.getNode('ev');
    err = helper.getNode('err');
    done = helper.getNode('done');
  }

  afterEach(async () => {
    await helper.unload();
  });

  it('turns a Pro 3EM status into a canonical reading on output 1, reusing the message', async () => {
    await load();
    const received = nextMessage(grid);
    norm.receive({ payload: pro3em, topic: 'from-http', marker: 42 });
    const msg = await received;
    expectCanonical(msg.payload);
    expect(msg.payload.phases.map((p: Msg) => [p.phase, p.power])).to.deep.equal([['L1', 1200.5], ['L2', -300.25], ['L3', 15]]);
    expect(msg.payload.energy).to.deep.equal({ import: 9, export: 12 });
    expect(msg.marker).to.equal(42);
    expect(msg.topic).to.equal('from-http');
    await waitForStatus(norm, (s) => s.fill === 'green' && s.text === '3 phases · +915 W import');
  });

  it('sends the EV sub-meter channel on output 2 and the grid on output 1', async () => {
    await load({ mapping: 'auto', evChannel: 'em1:1', evPhase: 'L3' }, 2);
    const gridMsg = nextMessage(grid);
    const evMsg = nextMessage(ev);
    norm.receive({ payload: { 'em1:0': { id: 0, act_power: -2000, voltage: 230 }, 'em1:1': { id: 1, act_power: 7200, voltage: 230, current: 31.3 } } });
    expect((await gridMsg).payload.phases).to.deep.equal([{ phase: 'L1', power: -2000, voltage: 230 }]);
    const evReading = (await evMsg).payload;
    expect(evReading.phases).to.deep.equal([{ phase: 'L3', power: 7200, current: 31.3, voltage: 230 }]);
    expect(evReading.power).to.equal(7200);
  });

  it('fails a bad message with one clear error (red status, Catch), then recovers on the next good one', async () => {
    await load();
    const caught = nextMessage(err);
    norm.receive({ payload: { emeters: [{ power: '12', voltage: 230 }, { power: 1 }, { power: 1 }] } });
    const errorMsg = await caught;
    // Node-RED prefixes the error's name.
    expect(errorMsg.error.message).to.equal('InputError: emeters[0].power is a string ("12"); expected a number in W');
    await waitForStatus(norm, (s) => s.fill === 'red' && /emeters\[0\]\.power is a string/.test(s.text ?? ''));
    const received = nextMessage(grid);
    norm.receive({ payload: { power: [1, 2, 3] } });
    await received;
    await waitForStatus(norm, (s) => s.fill === 'green');
  });

  it('warns once about a magnitude-only grid channel, and drops a reading the device flags invalid', async () => {
    await load();
    const warned = new Promise<string>((resolve) => norm.on('call:warn', (call: { args: unknown[] }) => resolve(String(call.args[0]))));
    const received = nextMessage(grid);
    norm.receive({ payload: { meters: [{ power: 40, is_valid: true, total: 120 }] } });
    expect((await received).payload.energy).to.deep.equal({ import: 2 });
    expect(await warned).to.match(/meter:0 measures power as a magnitude only/);
    const completed = nextMessage(done);
    norm.receive({ payload: { meters: [{ power: 40, is_valid: false }] } });
    await completed; // not an error
    await waitForStatus(norm, (s) => s.fill === 'yellow' && s.shape === 'dot' && /dropped: meter:0 flagged invalid/.test(s.text ?? ''));
  });

  it('sends a Gen1 MQTT round by its deadline when the device\'s channels are not known yet', async () => {
    await load({ roundTimeout: 50 });
    const received = waitForMessage(grid, (m) => m.payload?.phases?.length === 1);
    norm.receive({ topic: 'shellies/my-em/emeter/0/power', payload: '-640.5' });
    norm.receive({ topic: 'shellies/my-em/emeter/0/voltage', payload: '231.5' });
    norm.receive({ topic: 'shellies/my-em/emeter/0/reactive_power', payload: '120' });
    const msg = await received;
    expect(msg.topic).to.equal('my-em');
    expect(msg.payload.phases[0]).to.deep.include({ phase: 'L1', power: -640.5, voltage: 231.5, derived: ['current'] });
    expect(msg.payload.device).to.deep.equal({ generation: 1, id: 'my-em' });
  });

  it('reports a configuration error on the status and fails every message with it', async () => {
    await load({ mapping: 'explicit', rules: [{ channel: 'em1:0', role: 'L1' }, { channel: 'em1:1', role: 'L1' }] });
    await waitForStatus(norm, (s) => s.fill === 'red' && /configuration: grid phase L1 is assigned twice/.test(s.text ?? ''));
    const caught = nextMessage(err);
    norm.receive({ payload: pro3em });
    expect((await caught).error.message).to.match(/^InputError: configuration: grid phase L1 is assigned twice \(em1:0 and em1:1\)/);
  });

  it('takes a Gen1 MQTT wait of only spaces as empty, as its dialog does: the default 500 ms, no configuration error', async () => {
    await load({ roundTimeout: '   ' });
    const received = nextMessage(grid);
    norm.receive({ payload: pro3em });
    expectCanonical((await received).payload);
    await waitForStatus(norm, (s) => s.fill === 'green');
  });

  it('ends every one of 2000 random and malformed messages exactly once, and never sends NaN', async () => {
    await load({ roundTimeout: 20 });
    // Tagged, so the count leaves out the errors of rounds that end by their deadline (no input message).
    const messages = fuzzMessages(7, 2000).map((msg, i) => ({ ...msg, fuzz: i }));
    const endings = new Map<number, number>();
    let failures = 0;
    let readings = 0;
    const allEnded = new Promise<void>((resolve) => {
      const count = (msg: Msg): void => {
        if (typeof msg.fuzz !== 'number') return;
        endings.set(msg.fuzz, (endings.get(msg.fuzz) ?? 0) + 1);
        if (endings.size === messages.length) resolve();
      };
      done.on('input', count);
      err.on('input', (msg: Msg) => {
        expect(msg.error.message).to.match(/expected|answered with/);
        if (typeof msg.fuzz === 'number') failures++;
        count(msg);
      });
    });
    grid.on('input', (msg: Msg) => {
      readings++;
      expect(JSON.stringify(msg.payload)).to.not.match(/NaN|null|Infinity/);
      expectCanonical(msg.payload);
    });
    for (const msg of messages) norm.receive(msg);
    await allEnded;
    expect([...endings.values()].filter((n) => n !== 1)).to.deep.equal([]);
    expect(failures).to.be.above(100);
    expect(readings).to.be.above(100);
    // Still alive: a good message gives a reading.
    const received = nextMessage(grid);
    norm.receive({ payload: { power: 5 } });
    expect((await received).payload.power).to.equal(5);
  });
});
