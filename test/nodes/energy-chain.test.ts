import { expect } from 'chai';
import { helper, waitForMessage, type FlowNode, type TestNode, waitForStatus } from '../support/node-red-helper';
import type { StationCommand } from '../../lib/energy/messages';
import type { Allocation, StationShare } from '../../lib/energy/splitter';
import { Plant, type CarSpec } from '../lib/energy/plant';
import balancerRegister = require('../../nodes/load-balancer/load-balancer');
import surplusRegister = require('../../nodes/pv-surplus/pv-surplus');
import splitterRegister = require('../../nodes/power-splitter/power-splitter');

/**
 * The three energy nodes wired as in a real flow (load balancer → PV surplus → power splitter,
 * commands back into a plant model, station telemetry back into the load balancer), driven by a
 * closed-loop plant in simulated time: every reading and telemetry carries the plant's clock,
 * and the nodes run their rules on those timestamps.
 */
type Msg = Record<string, any>;

interface ChainOptions {
  balancer?: Record<string, unknown>;
  surplus?: Record<string, unknown>;
  splitter?: Record<string, unknown>;
  cars: CarSpec[];
  /** ms between station telemetry polls (the meter is read every step). */
  telemetryEveryMs?: number;
  startMs?: number;
}

class Chain {
  readonly plant: Plant;
  readonly commands: StationCommand[] = [];
  readonly allocations: Array<Allocation & { kind: string }> = [];
  lb!: TestNode;
  alloc!: TestNode;
  errors: Msg[] = [];
  private lastTelemetryMs = -Infinity;
  private readonly startMs: number;

  constructor(private readonly options: ChainOptions) {
    this.startMs = options.startMs ?? Date.now();
    this.plant = new Plant(this.startMs, options.cars);
  }

  async load(): Promise<void> {
    const flow: FlowNode[] = [
      { id: 'tab', type: 'tab', label: 'energy' },
      { id: 'lb', type: 'lektrico-load-balancer', z: 'tab', limitA: 25, marginA: 1, staleAfterS: 10, failsafeCurrentA: 6, increaseHoldS: 10, ...this.options.balancer, wires: [['pv']] },
      { id: 'pv', type: 'lektrico-pv-surplus', z: 'tab', mode: 'power', ...this.options.surplus, wires: [['sp']] },
      { id: 'sp', type: 'lektrico-power-splitter', z: 'tab', ...this.options.splitter, wires: [['cmds'], ['alloc']] },
      { id: 'cmds', type: 'helper', z: 'tab' },
      { id: 'alloc', type: 'helper', z: 'tab' },
      { id: 'ctch', type: 'catch', z: 'tab', scope: ['lb', 'pv', 'sp'], uncaught: false, wires: [['err']] },
      { id: 'err', type: 'helper', z: 'tab' },
    ];
    await helper.load([balancerRegister, surplusRegister, splitterRegister], flow);
    this.lb = helper.getNode('lb');
    this.alloc = helper.getNode('alloc');
    helper.getNode('cmds').on('input', (msg: Msg) => {
      this.commands.push(msg.payload as StationCommand);
      this.plant.command(msg.payload as StationCommand);
    });
    this.alloc.on('input', (msg: Msg) => this.allocations.push(msg.payload));
    helper.getNode('err').on('input', (msg: Msg) => this.errors.push(msg));
  }

  /** Moves the plant on by ms, polls the stations when due, sends the reading; resolves with its allocation. */
  async step(ms: number): Promise<Allocation> {
    this.plant.advance(ms);
    if (this.plant.nowMs - this.lastTelemetryMs >= (this.options.telemetryEveryMs ?? 1000)) {
      this.lastTelemetryMs = this.plant.nowMs;
      for (const s of this.plant.stations()) this.lb.receive({ payload: this.plant.telemetry(s) });
    }
    const ts = this.plant.nowMs;
    const done = waitForMessage(this.alloc, (m) => m.payload.timestamp === ts);
    this.lb.receive({ payload: this.plant.reading() });
    const msg = await done;
    // Output 1 (commands) is delivered before output 2 (this allocation); one more turn to be sure.
    await new Promise((resolve) => setImmediate(resolve));
    return msg.payload as Allocation;
  }

  /** Steps of stepMs for durationMs; calls check after each. */
  async runFor(durationMs: number, stepMs: number, check: (a: Allocation, tS: number) => void = () => undefined): Promise<Allocation> {
    const endMs = this.plant.nowMs + durationMs;
    let last: Allocation | undefined;
    while (this.plant.nowMs < endMs) {
      last = await this.step(stepMs);
      check(last, this.t());
    }
    return last as Allocation;
  }

  /** Seconds since the start of the run. */
  t(): number {
    return Math.round((this.plant.nowMs - this.startMs) / 1000);
  }

  /** Every command ever sent is 0 or a whole number within its station's range. */
  expectCommandsValid(): void {
    for (const c of this.commands) {
      const car = this.options.cars.find((x) => x.station === c.station) as CarSpec;
      const ok = c.currentA === 0 || (Number.isInteger(c.currentA) && c.currentA >= (car.minCurrentA ?? 6) && c.currentA <= (car.maxCurrentA ?? 32));
      expect(ok, `${c.station} commanded ${c.currentA} A`).to.equal(true);
    }
    expect(this.errors.map((e) => e.error?.message)).to.deep.equal([]);
  }
}

const share = (a: Allocation, station: string): StationShare => a.stations.find((s) => s.station === station) as StationShare;

describe('energy chain in Node-RED (load balancer → PV surplus → power splitter, closed loop)', function () {
  this.timeout(30000);
  afterEach(async () => {
    await helper.unload();
  });

  for (const periodS of [1, 10]) {
    it(`a 22 kW car and a 3 kW oven under 25 A per phase (meter every ${periodS} s): cut at once, back when the oven is off`, async () => {
      const chain = new Chain({ cars: [{ station: 'car', gridPhases: ['L1', 'L2', 'L3'] }], telemetryEveryMs: Math.max(3000, periodS * 1000) });
      chain.plant.houseA.L1 = chain.plant.houseA.L2 = chain.plant.houseA.L3 = 2;
      await chain.load();
      const step = periodS * 1000;
      await chain.runFor(60_000, step);
      expect(chain.plant.drawA('car')).to.equal(22);
      expect(Math.max(...Object.values(chain.plant.gridA()))).to.be.at.most(24);

      // Oven on L1 (13 A) between two readings: the very next reading cuts the car to 24 − 15 = 9 A.
      chain.plant.houseA.L1 = 15;
      const first = await chain.step(step);
      expect(share(first, 'car').currentA).to.equal(9);
      expect(share(first, 'car').reason).to.equal('charging 9 A, limited by L1');
      // Once the car has followed (5 s), L1 stays within its limit for as long as the oven is on.
      await chain.runFor(step >= 5000 ? 0 : 5000 - step, step);
      await chain.runFor(120_000, step, () => expect(chain.plant.gridA().L1).to.be.at.most(25));
      expect(chain.plant.drawA('car')).to.equal(9);

      // Oven off: the car comes back to 22 A, in steps, without ever overshooting the limit.
      chain.plant.houseA.L1 = 2;
      let backAtS: number | undefined;
      await chain.runFor(90_000, step, (a, tS) => {
        expect(Math.max(...Object.values(chain.plant.gridA()))).to.be.at.most(25);
        if (backAtS === undefined && share(a, 'car').currentA === 22) backAtS = tS;
      });
      expect(chain.plant.drawA('car')).to.equal(22);
      // And then it stays put: no oscillation, no further command for minutes.
      const sent = chain.commands.length;
      await chain.runFor(300_000, step);
      expect(chain.commands.length).to.equal(sent);
      chain.expectCommandsValid();
    });
  }

  it('a passing cloud in Green mode neither stops nor restarts the car; a long one does stop it', async () => {
    const chain = new Chain({
      cars: [{ station: 'car', gridPhases: ['L1'] }],
      surplus: { mode: 'green', minRunS: 0, disableDelayS: 180, enableDelayS: 60, minPauseS: 300 },
      telemetryEveryMs: 3000,
    });
    chain.plant.houseA.L1 = 1.3;
    chain.plant.pvW = 4000;
    await chain.load();
    await chain.runFor(90_000, 1000);
    expect(chain.plant.drawA('car')).to.be.within(14, 16);
    const startedCommands = chain.commands.length;

    // A 90 s cloud: held at its minimum from the grid, never paused.
    chain.plant.pvW = 600;
    await chain.runFor(90_000, 1000, (a) => expect(share(a, 'car').currentA).to.be.at.least(6));
    chain.plant.pvW = 4000;
    await chain.runFor(120_000, 1000, (a) => expect(share(a, 'car').currentA).to.be.at.least(6));
    expect(chain.plant.drawA('car')).to.be.within(14, 16);
    expect(chain.commands.slice(startedCommands).filter((c) => c.currentA === 0)).to.deep.equal([]);

    // A cloud that stays: stopped once the stop delay (180 s) has run.
    chain.plant.pvW = 600;
    let stoppedAtS: number | undefined;
    const cloudAtS = chain.t();
    await chain.runFor(240_000, 1000, (a, tS) => {
      if (stoppedAtS === undefined && share(a, 'car').currentA === 0) stoppedAtS = tS;
    });
    expect((stoppedAtS as number) - cloudAtS).to.be.within(180, 200);
    chain.expectCommandsValid();
  });

  it('two cars arriving on one connection share it fairly (the second one slow to start)', async () => {
    const chain = new Chain({
      cars: [
        { station: 'a', gridPhases: ['L1', 'L2', 'L3'] },
        // Many EVs take 10–40 s to draw after they are enabled.
        { station: 'b', gridPhases: ['L1', 'L2', 'L3'], plugged: false, startDelayMs: 25_000 },
      ],
      telemetryEveryMs: 3000,
    });
    chain.plant.houseA.L1 = chain.plant.houseA.L2 = chain.plant.houseA.L3 = 2;
    await chain.load();
    await chain.runFor(60_000, 1000);
    expect(chain.plant.drawA('a')).to.equal(22);

    chain.plant.plug('b', true);
    await chain.runFor(2000, 1000);
    const arrived = await chain.step(1000);
    // The plug-in Headroom already made room: a is cut at once, b starts at its minimum.
    expect(share(arrived, 'a').currentA + share(arrived, 'b').currentA).to.be.at.most(22);
    expect(share(arrived, 'b').currentA).to.be.at.least(6);
    // b starting late never looks like house load: a is not cut further, b is not paused.
    await chain.runFor(90_000, 1000, (a) => {
      expect(share(a, 'b').currentA).to.be.at.least(6);
      expect(share(a, 'a').currentA).to.be.at.least(11);
      if (chain.t() > 70) expect(Math.max(...Object.values(chain.plant.gridA()))).to.be.at.most(25);
    });
    expect([chain.plant.drawA('a'), chain.plant.drawA('b')]).to.deep.equal([11, 11]);
    chain.expectCommandsValid();
  });

  it('a single-phase car on the overloaded phase pauses; one on another phase charges at full current', async () => {
    const chain = new Chain({
      cars: [
        { station: 'onL1', gridPhases: ['L1'], maxCurrentA: 16 },
        { station: 'onL2', gridPhases: ['L2'], maxCurrentA: 16 },
      ],
    });
    chain.plant.houseA.L1 = 20;
    chain.plant.houseA.L2 = 2;
    chain.plant.houseA.L3 = 2;
    await chain.load();
    const a = await chain.runFor(60_000, 1000);
    expect(share(a, 'onL1')).to.include({ currentA: 0, reason: 'paused: not enough on L1 (4 A left, needs 6 A on L1)' });
    expect(share(a, 'onL2')).to.include({ currentA: 16 });
    expect(chain.plant.drawA('onL2')).to.equal(16);

    // The heavy load on L1 ends: the paused car starts once the room has lasted the resume delay.
    chain.plant.houseA.L1 = 2;
    const later = await chain.runFor(120_000, 1000);
    expect(share(later, 'onL1').currentA).to.equal(16);
    chain.expectCommandsValid();
  });

  it('the meter going silent: fail-safe current after the timeout, normal again with fresh readings', async () => {
    // Real time here: staleness is judged against the wall clock.
    const chain = new Chain({ cars: [{ station: 'car', gridPhases: ['L1', 'L2', 'L3'] }], balancer: { staleAfterS: 1 }, startMs: Date.now() - 500 });
    chain.plant.houseA.L1 = chain.plant.houseA.L2 = chain.plant.houseA.L3 = 2;
    await chain.load();
    const lb = helper.getNode('lb');
    await chain.step(1);
    expect(share(chain.allocations[chain.allocations.length - 1], 'car').currentA).to.equal(22);

    // No more readings: within about a second the chain falls back to 6 A and says why.
    const failsafe = await waitForMessage(chain.alloc, (m) => share(m.payload, 'car').currentA === 6, 5000);
    expect(share(failsafe.payload, 'car').reason).to.match(/^fail-safe 6 A: no meter reading for \d+ s$/);
    expect(chain.commands[chain.commands.length - 1]).to.include({ station: 'car', currentA: 6 });
    await waitForStatus(lb, (s) => s.fill === 'yellow' && /^fail-safe 6 A/.test(s.text ?? ''));

    // Readings again (stamped from now on): the headroom is back and the car ramps up.
    chain.plant.nowMs = Date.now();
    const back = await chain.runFor(30_000, 1000);
    expect(share(back, 'car').currentA).to.equal(22);
    await waitForStatus(lb, (s) => s.fill === 'green');
    chain.expectCommandsValid();
  });
});
