import { expect } from 'chai';
import { helper, nextMessage, type FlowNode, type TestNode, lastStatusOf, statusesOf } from '../support/node-red-helper';
import { phaseHeadroom, target, telemetry } from '../lib/energy/builders';
import register = require('../../nodes/power-splitter/power-splitter');

/** The power splitter node on its own: ChargingTarget in, commands (output 1) and the allocation (output 2) out. */
type Msg = Record<string, any>;

function flow(config: Record<string, unknown> = {}): FlowNode[] {
  return [
    { id: 'tab', type: 'tab', label: 'sp' },
    { id: 'sp', type: 'lektrico-power-splitter', z: 'tab', increaseIntervalS: '0', resumeDelayS: '0', ...config, wires: [['cmds'], ['alloc']] },
    { id: 'cmds', type: 'helper', z: 'tab' },
    { id: 'alloc', type: 'helper', z: 'tab' },
    { id: 'ctch', type: 'catch', z: 'tab', scope: ['sp'], uncaught: false, wires: [['err']] },
    { id: 'err', type: 'helper', z: 'tab' },
  ];
}

describe('lektrico-power-splitter node', function () {
  this.timeout(10000);
  let sp: TestNode;
  let cmds: TestNode;
  let alloc: TestNode;
  let err: TestNode;
  let commands: Msg[];

  async function load(config: Record<string, unknown> = {}): Promise<void> {
    await helper.load(register, flow(config));
    sp = helper.getNode('sp');
    cmds = helper.getNode('cmds');
    alloc = helper.getNode('alloc');
    err = helper.getNode('err');
    commands = [];
    cmds.on('input', (msg: Msg) => commands.push(msg));
  }

  /** Sends a target and resolves with its allocation message (the commands are in `commands` by then). */
  async function send(payload: unknown): Promise<Msg> {
    const next = nextMessage(alloc);
    sp.receive({ payload });
    return next;
  }

  afterEach(async () => {
    await helper.unload();
  });

  it('sends one command per changed station (topic = station id) and the whole allocation on output 2', async () => {
    await load();
    const msg = await send(target({ stations: [telemetry('a'), telemetry('b')] }));
    expect(commands.map((c) => [c.topic, c.payload.kind, c.payload.currentA])).to.deep.equal([
      ['a', 'station-command', 12],
      ['b', 'station-command', 12],
    ]);
    expect(msg.topic).to.equal('allocation');
    expect(msg.payload.kind).to.equal('allocation');
    expect(msg.payload.stations.map((s: Msg) => s.currentA)).to.deep.equal([12, 12]);
    expect(lastStatusOf(sp)).to.deep.equal({ fill: 'green', shape: 'dot', text: '2 stations · 12 + 12 A' });

    // The same target again: no command, but the allocation as always.
    await send(target({ timestamp: 1000, stations: [telemetry('a'), telemetry('b')] }));
    expect(commands).to.have.length(2);
  });

  it('applies the priority list from the editor', async () => {
    await load({ priorities: [{ station: 'b', priority: 3 }], strategy: 'priority' });
    await send(target({ stations: [telemetry('a'), telemetry('b', { maxCurrentA: 16 })] }));
    expect(commands.map((c) => [c.topic, c.payload.currentA])).to.deep.equal([
      ['a', 8],
      ['b', 16],
    ]);
  });

  it('serves the good stations, then reports a station whose minimum is above its maximum', async () => {
    await load();
    const caught = nextMessage(err);
    const msg = await send(target({ stations: [telemetry('bad', { minCurrentA: 16, maxCurrentA: 10 }), telemetry('good')] }));
    expect(commands.map((c) => [c.topic, c.payload.currentA])).to.deep.equal([
      ['bad', 0],
      ['good', 24],
    ]);
    expect(msg.payload.problems).to.deep.equal(['station bad: minimum 16 A is above its maximum 10 A']);
    expect((await caught).error.message).to.match(/station bad: minimum 16 A is above its maximum 10 A/);
    expect(lastStatusOf(sp)).to.include({ fill: 'red' });
  });

  it('rejects a payload that is not a usable ChargingTarget and sends nothing', async () => {
    await load();
    for (const [payload, why] of [
      [{ kind: 'headroom' }, /expected a ChargingTarget/],
      [{ ...target(), mode: 'fast' }, /unknown mode "fast"/],
      [{ ...target(), phases: [{ ...phaseHeadroom('L1', 10), headroomA: -3 }] }, /headroomA must be a finite number of at least 0/],
      [{ ...target(), budgetW: Number.NaN }, /budgetW/],
    ] as const) {
      const caught = nextMessage(err);
      sp.receive({ payload });
      expect((await caught).error.message).to.match(why);
    }
    expect(commands).to.deep.equal([]);
  });

  it('shows the fail-safe in yellow and no car in grey', async () => {
    await load();
    await send(target({ failsafe: { currentA: 6, reason: 'no meter reading for 12 s' }, stations: [telemetry('a')] }));
    expect(lastStatusOf(sp)).to.deep.equal({ fill: 'yellow', shape: 'dot', text: 'fail-safe · 1 station · 6 A' });
    await send(target({ timestamp: 1000, stations: [telemetry('a', { carConnected: false, state: 'available' })] }));
    expect(lastStatusOf(sp)).to.deep.equal({ fill: 'grey', shape: 'ring', text: 'no car' });
  });

  it('names a car that waits for its minimum, and why all cars are paused', async () => {
    await load();
    const cars = [telemetry('garage'), telemetry('carport')];
    // 10 A per phase: one car at its 6 A minimum fits, two do not.
    const tight = ['L1', 'L2', 'L3'].map((p) => phaseHeadroom(p as 'L1', 10));
    await send(target({ phases: tight, stations: cars }));
    expect(lastStatusOf(sp)).to.deep.equal({ fill: 'yellow', shape: 'ring', text: '10 A · carport paused (min 6 A not available)' });
    await send(target({ timestamp: 1000, phases: ['L1', 'L2', 'L3'].map((p) => phaseHeadroom(p as 'L1', 4)), stations: cars }));
    expect(lastStatusOf(sp)).to.deep.equal({ fill: 'yellow', shape: 'ring', text: 'garage paused (min 6 A not available)' });
    await send(target({ timestamp: 2000, mode: 'green', enabled: false, budgetW: 0, stations: cars }));
    expect(lastStatusOf(sp)).to.deep.equal({ fill: 'yellow', shape: 'ring', text: 'cars paused · waiting for PV surplus' });
    await send(target({ timestamp: 3000, mode: 'off', enabled: false, budgetW: 0, stations: cars }));
    expect(lastStatusOf(sp)).to.deep.equal({ fill: 'grey', shape: 'ring', text: 'Off · cars paused' });
  });

  it('refuses to start with bad settings', async () => {
    await load({ increaseIntervalS: '-1' });
    expect(statusesOf(sp)[0]?.text).to.match(/^config: increase interval must be a n/);
    await helper.unload();
    await load({ priorities: [{ station: 'a', priority: '' }] });
    expect(lastStatusOf(sp)?.text).to.match(/^config: priority of station a is empty/);
    await helper.unload();
    // A station listed twice: which priority would count? The dialog marks it; so does the runtime.
    await load({ priorities: [{ station: 'a', priority: 1 }, { station: ' a', priority: 2 }] });
    expect(lastStatusOf(sp)?.text).to.match(/^config: station a is listed twice/);
    await helper.unload();
    // A step below 1 A would hold every car at its minimum for good (commands are whole amperes).
    await load({ increaseStepA: '0.5' });
    expect(lastStatusOf(sp)?.text).to.match(/^config: increase step must be 0 \(no/);
  });
});
