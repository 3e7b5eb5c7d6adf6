import { expect } from 'chai';
import { ManualClock } from '../../../lib/clock';
import { LektricoClient } from '../../../lib/lektrico/client';
import { LektricoRpcError } from '../../../lib/lektrico/rpc-error';
import { LektricoTransportError } from '../../../lib/lektrico/transport-error';
import {
  MAX_HELD_STATIONS,
  REFUSED_RETRY_MS,
  StationController,
  type ControllerSettings,
  type Scheduler,
} from '../../../lib/lektrico/station-controller';
import type { StatusView } from '../../../lib/lektrico/station-status';
import type { StationTelemetry } from '../../../lib/lektrico/station-telemetry';
import { StationSimulator, type StationSimulatorOptions } from '../../../lib/sim/lektrico/station-simulator';

/** Runs the controller's timer by hand: each `fire()` is one poll or retry, each schedule is recorded. */
class StepScheduler implements Scheduler {
  readonly delays: number[] = [];
  private pending?: { run: () => void; handle: number };
  private waiters: Array<{ count: number; resolve: () => void }> = [];
  private handles = 0;

  schedule(run: () => void, delayMs: number): unknown {
    this.handles += 1;
    this.pending = { run, handle: this.handles };
    this.delays.push(delayMs);
    this.waiters = this.waiters.filter((w) => (this.delays.length >= w.count ? (w.resolve(), false) : true));
    return this.handles;
  }
  cancel(handle: unknown): void {
    if (this.pending?.handle === handle) this.pending = undefined;
  }
  /** Resolves once `count` schedules have been made in total (i.e. that many cycles have ended). */
  scheduled(count: number): Promise<void> {
    if (this.delays.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }
  /** Runs the pending timer (once the running cycle has set it) and waits for the cycle it starts to end. */
  async fire(): Promise<number> {
    if (!this.pending) await this.scheduled(this.delays.length + 1);
    const pending = this.pending;
    if (!pending) throw new Error('nothing scheduled');
    this.pending = undefined;
    const count = this.delays.length + 1;
    pending.run();
    await this.scheduled(count);
    return this.delays[count - 1];
  }
}

describe('StationController against the simulator', () => {
  let sim: StationSimulator;
  let controller: StationController;
  let scheduler: StepScheduler;
  let clock: ManualClock;
  let telemetry: StationTelemetry[];
  let statuses: StatusView[];
  let logs: string[];

  const setCalls = (): number => sim.framesOf('dynamic_current.set').length;

  /** `offline`: the station is switched off when the controller starts, so it cannot read its device id yet. */
  async function boot(simOptions: StationSimulatorOptions, settings: Partial<ControllerSettings> = {}, offline = false): Promise<void> {
    sim = new StationSimulator({ car: { reactionDelayMs: 0, startLagMs: 0 }, ...simOptions });
    await sim.start();
    sim.setOffline(offline);
    scheduler = new StepScheduler();
    clock = new ManualClock(1_000_000);
    telemetry = [];
    statuses = [];
    logs = [];
    controller = new StationController({
      api: new LektricoClient({ host: sim.host, timeoutMs: 300 }),
      settings: {
        gridPhases: ['L1', 'L2', 'L3'],
        allowPhaseSwitching: false,
        minCurrentA: 6,
        maxCurrentA: 32,
        pollIntervalMs: 100,
        chargeTag: 'node-red',
        ...settings,
      },
      clock: clock.now,
      scheduler,
      onTelemetry: (t) => telemetry.push(t),
      onStatus: (s) => statuses.push(s),
      onLog: (level, text) => logs.push(`${level}: ${text}`),
    });
    controller.start();
    await scheduler.scheduled(1);
  }

  afterEach(async () => {
    controller?.close();
    await sim?.stop();
  });

  it('sends a new current once, reads it back, and sends nothing while it holds', async () => {
    await boot({ type: '1p7k' });
    expect(telemetry[0]).to.include({ station: '1p7k_500001', online: true, deviceType: '1p7k', dynamicCurrentA: 32 });
    expect(await controller.command({ currentA: 16 })).to.deep.equal({ status: 'sent' });
    const last = telemetry[telemetry.length - 1];
    expect(last).to.include({ dynamicCurrentA: 16, pwmCurrentA: 16, state: 'charging' });
    expect(last.lastCommand).to.include({ currentA: 16, accepted: true });
    expect(sim.framesOf('dynamic_current.set').map((c) => c.params)).to.deep.equal([{ dynamic_current: 16 }]);
    expect(await controller.command({ currentA: 16 })).to.deep.equal({ status: 'unchanged' });
    await scheduler.fire();
    await scheduler.fire();
    expect(setCalls()).to.equal(1);
    expect(await controller.command({ currentA: 0 })).to.deep.equal({ status: 'sent' });
    expect(telemetry[telemetry.length - 1]).to.include({ state: 'paused', charging: false, pwmCurrentA: 0 });
    expect(statuses[statuses.length - 1]).to.deep.equal({ tone: 'idle', text: 'paused' });
  });

  it('does not send what the station already has', async () => {
    await boot({ type: '1p7k' });
    expect(await controller.command({ currentA: 32 })).to.deep.equal({ status: 'unchanged' });
    expect(setCalls()).to.equal(0);
  });

  it('on a 3P22K sends relay_mode with every current, and phases only when switching is allowed', async () => {
    await boot({ type: '3p22k' }, { allowPhaseSwitching: true });
    await controller.command({ currentA: 10, phases: 1 });
    await controller.command({ currentA: 12 }); // keeps the phases asked for last
    await controller.command({ currentA: 12, phases: 3 });
    expect(sim.framesOf('dynamic_current.set').map((c) => [c.method, c.params])).to.deep.equal([
      ['dynamic_current.Set', { dynamic_current: 10, relay_mode: 1 }],
      ['dynamic_current.Set', { dynamic_current: 12, relay_mode: 1 }],
      ['dynamic_current.Set', { dynamic_current: 12, relay_mode: 3 }],
    ]);
    const t = telemetry[telemetry.length - 1];
    expect(t).to.include({ canSwitchPhases: true, activePhases: 3 });
    expect(t.lastCommand).to.include({ currentA: 12, phases: 3 });
  });

  it('says in its telemetry that the car draws on one phase when so set, on a station wired to three phases only', async () => {
    await boot({ type: '3p22k' }, { singlePhaseCar: true });
    expect(telemetry[telemetry.length - 1]).to.include({ singlePhaseCar: true });
    controller.close();
    await sim.stop();
    await boot({ type: '1p7k' }, { singlePhaseCar: true, gridPhases: ['L2'] });
    expect(telemetry[telemetry.length - 1]).to.not.have.property('singlePhaseCar');
    controller.close();
    await sim.stop();
    await boot({ type: '3p22k' });
    expect(telemetry[telemetry.length - 1]).to.not.have.property('singlePhaseCar');
  });

  it('keeps a 3P22K on three phases when switching is not allowed', async () => {
    await boot({ type: '3p22k' }, { allowPhaseSwitching: false });
    await controller.command({ currentA: 10, phases: 1 });
    expect(sim.framesOf('dynamic_current.set').map((c) => c.params)).to.deep.equal([{ dynamic_current: 10, relay_mode: 3 }]);
    expect(telemetry[telemetry.length - 1]).to.include({ canSwitchPhases: false, activePhases: 3 });
  });

  it('re-applies current and relay_mode after the station rebooted', async () => {
    await boot({ type: '3p22k' }, { allowPhaseSwitching: true });
    await controller.command({ currentA: 16, phases: 1 });
    expect(telemetry[telemetry.length - 1]).to.include({ activePhases: 1, dynamicCurrentA: 16 });
    sim.reboot();
    expect(sim.model.relayMode).to.equal(3);
    await scheduler.fire(); // the next poll sees 32 A / relay 3 and puts it back
    expect(sim.framesOf('dynamic_current.set').map((c) => c.params)).to.deep.equal([
      { dynamic_current: 16, relay_mode: 1 },
      { dynamic_current: 16, relay_mode: 1 },
    ]);
    expect(sim.model.dynamicCurrentA).to.equal(16);
    expect(sim.model.relayMode).to.equal(1);
    expect(telemetry[telemetry.length - 1]).to.include({ activePhases: 1, dynamicCurrentA: 16 });
    expect(logs.some((l) => /rebooted\?/.test(l))).to.equal(true);
  });

  it('switched off: offline telemetry once, backoff without a tight loop, resync when back', async () => {
    await boot({ type: '1p7k' });
    await controller.command({ currentA: 10 });
    const before = telemetry.length;
    sim.setOffline(true);
    const delays: number[] = [];
    for (let i = 0; i < 7; i++) delays.push(await scheduler.fire());
    expect(delays).to.deep.equal([100, 200, 400, 800, 1600, 1600, 1600]); // poll 100 ms, cap 16 polls
    expect(sim.offlineAttempts).to.equal(7); // one connection per attempt
    const offline = telemetry.slice(before);
    expect(offline).to.have.length(1);
    expect(offline[0]).to.include({ online: false, state: 'offline', powerW: 0, carConnected: false, charging: false });
    expect(offline[0].currentsA).to.deep.equal([0]);
    expect(statuses[statuses.length - 1].tone).to.equal('error');
    expect(statuses[statuses.length - 1].text).to.match(/^offline: .* · retry in 1\.6 s$/);
    expect(await controller.command({ currentA: 12 })).to.deep.equal({ status: 'queued-offline' });
    expect(sim.offlineAttempts).to.equal(7); // a command does not bypass the backoff

    sim.setOffline(false);
    await scheduler.fire();
    expect(controller.online).to.equal(true);
    expect(sim.framesOf('dynamic_current.set').map((c) => c.params)).to.deep.equal([
      { dynamic_current: 10 },
      { dynamic_current: 12 },
    ]);
    expect(telemetry[telemetry.length - 1]).to.include({ online: true, dynamicCurrentA: 12 });
    expect(scheduler.delays[scheduler.delays.length - 1]).to.equal(100);
  });

  it('re-sends the wanted current after an outage even when the station kept it', async () => {
    await boot({ type: '1p7k' });
    await controller.command({ currentA: 10 });
    sim.setOffline(true);
    await scheduler.fire();
    sim.setOffline(false);
    await scheduler.fire();
    expect(setCalls()).to.equal(2);
  });

  it('reports a refused command with its code, and does not hammer the station with it', async () => {
    await boot({ type: '1p7k' });
    sim.injectFault({ kind: 'rpc-error', code: -4, method: 'dynamic_current.set', count: Infinity });
    const outcome = await controller.command({ currentA: 16 });
    expect(outcome.status).to.equal('refused');
    const error = (outcome as { error: Error }).error;
    expect(error).to.be.instanceOf(LektricoRpcError).and.to.include({ code: -4 });
    expect(statuses[statuses.length - 1]).to.deep.equal({ tone: 'error', text: 'refused 16 A: -4 integer out of range' });
    expect(telemetry[telemetry.length - 1].lastCommand).to.include({ currentA: 16, accepted: false });
    expect(telemetry[telemetry.length - 1]).to.include({ dynamicCurrentA: 32 }); // the set did not take effect
    await scheduler.fire();
    expect(setCalls()).to.equal(1);
    clock.advance(REFUSED_RETRY_MS);
    sim.clearFaults();
    await scheduler.fire();
    expect(setCalls()).to.equal(2);
    expect(statuses[statuses.length - 1].tone).to.equal('ok');
  });

  it('holds a refused current back, still refused when asked again, and drops the refusal once the chain wants what the station has', async () => {
    await boot({ type: '1p7k' }); // at its boot value, 32 A
    sim.injectFault({ kind: 'rpc-error', code: -4, method: 'dynamic_current.set', count: Infinity });
    expect((await controller.command({ currentA: 16 })).status).to.equal('refused');
    const again = await controller.command({ currentA: 16 });
    expect(again.status).to.equal('refused'); // not resent within REFUSED_RETRY_MS, and not reported as done
    expect((again as { error: Error }).error).to.be.instanceOf(LektricoRpcError);
    expect(setCalls()).to.equal(1);
    expect(await controller.command({ currentA: 32 })).to.deep.equal({ status: 'unchanged' });
    expect(statuses[statuses.length - 1]).to.deep.equal({ tone: 'ok', text: 'charging 32 A · 1p' });
  });

  it('a write without an answer fails the command, not the station: it stays online and the write goes again at the next poll', async () => {
    await boot({ type: '1p7k' });
    await controller.command({ currentA: 16 });
    sim.injectFault({ kind: 'hang', method: 'dynamic_current.set' });
    const before = telemetry.length;
    const outcome = await controller.command({ currentA: 10 });
    expect(outcome.status).to.equal('failed');
    expect((outcome as { error: Error }).error).to.be.instanceOf(LektricoTransportError).and.include({ kind: 'timeout' });
    expect(controller.online).to.equal(true);
    expect(telemetry.slice(before).map((t) => t.online)).to.deep.equal([true]);
    expect(telemetry[telemetry.length - 1]).to.include({ state: 'charging', dynamicCurrentA: 16, carConnected: true });
    expect(telemetry[telemetry.length - 1].lastCommand).to.include({ currentA: 10, accepted: false });
    expect(statuses[statuses.length - 1]).to.deep.equal({ tone: 'error', text: 'could not send 10 A: no answer' });
    await scheduler.fire();
    expect(sim.model.dynamicCurrentA).to.equal(10);
    expect(statuses[statuses.length - 1]).to.deep.equal({ tone: 'ok', text: 'charging 10 A · 1p' });
  });

  it('keeps reporting a station whose reads work while every write gets HTTP 500, retrying the write each poll', async () => {
    await boot({ type: '1p7k' });
    sim.injectFault({ kind: 'http-500', method: 'dynamic_current.set', count: Infinity });
    expect((await controller.command({ currentA: 10 })).status).to.equal('failed');
    await scheduler.fire();
    await scheduler.fire();
    expect(setCalls()).to.equal(3);
    expect(controller.online).to.equal(true);
    expect(telemetry.every((t) => t.online)).to.equal(true);
    expect(statuses[statuses.length - 1]).to.deep.equal({ tone: 'error', text: 'could not send 10 A: HTTP 500' });
    sim.clearFaults();
    await scheduler.fire();
    expect(sim.model.dynamicCurrentA).to.equal(10);
  });

  it('treats result false as not applied', async () => {
    await boot({ type: '1p7k' });
    sim.injectFault({ kind: 'result-false', method: 'dynamic_current.set' });
    const outcome = await controller.command({ currentA: 8 });
    expect(outcome.status).to.equal('refused');
    expect((outcome as { error: Error }).error.message).to.match(/result false/);
  });

  it('recovers from an HTTP 500 and a non-JSON reply', async () => {
    await boot({ type: '1p7k' });
    sim.injectFault({ kind: 'http-500', method: 'charger_info.get' });
    await scheduler.fire();
    expect(statuses[statuses.length - 1].text).to.equal('HTTP 500 · retry in 0.1 s');
    await scheduler.fire();
    expect(controller.online).to.equal(true);
    sim.injectFault({ kind: 'html', method: 'charger_info.get' });
    await scheduler.fire();
    expect(statuses[statuses.length - 1].text).to.equal('not JSON · retry in 0.1 s');
  });

  it('tells when the station binds lower than the chain asked (limit reason, pwm current)', async () => {
    await boot({ type: '1p7k', installCurrentA: 10 });
    await controller.command({ currentA: 16 });
    const t = telemetry[telemetry.length - 1];
    expect(t).to.include({ dynamicCurrentA: 16, pwmCurrentA: 10, installCurrentA: 10, maxCurrentA: 10 });
    expect(t.limitReason).to.deep.equal({ code: 1, name: 'installation_current' });
    expect(statuses[statuses.length - 1].text).to.equal('charging 10 A · 1p · limit installation_current');
  });

  const heldCommand = (station: string, currentA: number) => ({ kind: 'station-command', station, currentA, reason: '', timestamp: 0 });

  it('holds commands until it knows its id, applies the latest for it whatever came after, and ignores other stations', async () => {
    await boot({ type: '1p7k' }, {}, true);
    expect(controller.stationId).to.equal(undefined);
    expect(controller.ownerOf('1p7k_500001')).to.equal('unknown');
    controller.hold('1p7k_500001', heldCommand('1p7k_500001', 6));
    controller.hold('1p7k_500001', heldCommand('1p7k_500001', 8));
    controller.hold('3p22k_1', heldCommand('3p22k_1', 12)); // another station's turn in the same allocation
    sim.setOffline(false);
    await scheduler.fire();
    expect(controller.stationId).to.equal('1p7k_500001');
    expect(sim.framesOf('dynamic_current.set').map((c) => c.params)).to.deep.equal([{ dynamic_current: 8 }]);
    expect(controller.ownerOf('1p7k_500001')).to.equal('ours');
    expect(controller.ownerOf('3p22k_1')).to.equal('other');
  });

  it("checks a held command against its limits once it knows it is its own: outside them it is not applied, with a warning", async () => {
    await boot({ type: '1p7k' }, { maxCurrentA: 16 }, true);
    controller.hold('1p7k_500001', heldCommand('1p7k_500001', 20));
    sim.setOffline(false);
    await scheduler.fire();
    expect(sim.framesOf('dynamic_current.set')).to.deep.equal([]);
    expect(logs).to.include(
      "warn: 1p7k_500001: the command that came before its id was read is not applied: current 20 A is outside this station's range: send 0 (pause) or a whole number of amperes from 6 to 16",
    );
  });

  it(`holds commands for at most ${MAX_HELD_STATIONS} station ids, dropping the oldest`, async () => {
    await boot({ type: '1p7k' }, {}, true);
    controller.hold('1p7k_500001', heldCommand('1p7k_500001', 8));
    for (let i = 0; i < MAX_HELD_STATIONS; i++) controller.hold(`other_${i}`, heldCommand(`other_${i}`, 6));
    sim.setOffline(false);
    await scheduler.fire();
    expect(sim.framesOf('dynamic_current.set')).to.deep.equal([]);
  });

  it('refuses to drive an EM meter', async () => {
    await boot({ deviceId: 'm2w_810172' });
    expect(telemetry).to.deep.equal([]);
    expect(statuses[0].text).to.match(/m2w_810172 is a LEKTRI\.CO EM meter, not a charging station · retry in/);
  });

  it('drives a station of an unknown model like a single-relay one', async () => {
    await boot({ type: '3p22k', deviceId: 'one_900001' });
    await controller.command({ currentA: 10, phases: 1 });
    expect(sim.framesOf('dynamic_current.set').map((c) => c.params)).to.deep.equal([{ dynamic_current: 10 }]);
    expect(telemetry[telemetry.length - 1]).to.include({ deviceType: 'unknown', station: 'one_900001', canSwitchPhases: false });
  });

  it('close() aborts a request that hangs and resolves waiting commands', async () => {
    await boot({ type: '1p7k' });
    sim.injectFault({ kind: 'hang', count: Infinity });
    const pending = controller.command({ currentA: 20 });
    controller.close();
    expect(await pending).to.deep.equal({ status: 'closed' });
  });
});
