import { expect } from 'chai';
import { helper, nextMessage, type FlowNode, type TestNode, lastStatusOf, statusesOf } from '../support/node-red-helper';
import { headroom, telemetry } from '../lib/energy/builders';
import { NODE_DEFAULTS } from '../../demo/flows/node-defaults';
import { GREEN_DEFAULTS } from '../../lib/energy/green-control';
import { PHASE_SWITCH_DEFAULTS } from '../../lib/energy/phase-switch';
import { checkSurplusConfig, SURPLUS_SMOOTHING_FALL_MS } from '../../lib/energy/surplus';
import { configFromDef } from '../../nodes/pv-surplus/config-from-def';
import register = require('../../nodes/pv-surplus/pv-surplus');

/** The PV surplus node on its own: Headroom, mode and battery messages in, ChargingTarget out. */
type Msg = Record<string, any>;

function flow(config: Record<string, unknown> = {}): FlowNode[] {
  return [
    { id: 'tab', type: 'tab', label: 'pv' },
    { id: 'pv', type: 'lektrico-pv-surplus', z: 'tab', mode: 'green', smoothingS: '0', ...config, wires: [['out']] },
    { id: 'out', type: 'helper', z: 'tab' },
    { id: 'ctch', type: 'catch', z: 'tab', scope: ['pv'], uncaught: false, wires: [['err']] },
    { id: 'err', type: 'helper', z: 'tab' },
  ];
}

const car = telemetry('car', { gridPhases: ['L1'] });
/** A Headroom with surplusW of PV surplus at t ms. */
const h = (tMs: number, surplusW: number) => headroom({ timestamp: tMs, gridPowerW: -surplusW, carPowerW: 0, stations: [car] });

describe('lektrico-pv-surplus node', function () {
  this.timeout(10000);
  let pv: TestNode;
  let out: TestNode;
  let err: TestNode;

  async function load(config: Record<string, unknown> = {}): Promise<void> {
    await helper.load(register, flow(config));
    pv = helper.getNode('pv');
    out = helper.getNode('out');
    err = helper.getNode('err');
  }

  afterEach(async () => {
    await helper.unload();
  });

  it('turns a Headroom into a ChargingTarget and shows mode, surplus and the running timer', async () => {
    await load();
    const next = nextMessage(out);
    pv.receive({ payload: h(0, 2300) });
    const msg: Msg = await next;
    expect(msg.topic).to.equal('charging-target');
    expect(msg.payload).to.include({ kind: 'charging-target', mode: 'green', enabled: false, budgetW: 0, surplusW: 2300 });
    expect(msg.payload.timer).to.deep.equal({ action: 'start', remainingS: 60 });
    expect(lastStatusOf(pv)).to.deep.equal({ fill: 'yellow', shape: 'ring', text: 'Green · waiting for surplus 1:00' });
  });

  it('shows what each mode gives the cars', async () => {
    await load({ mode: 'hybrid' });
    const cases: Array<[string | undefined, number, Record<string, string>]> = [
      [undefined, 2100, { fill: 'green', shape: 'dot', text: 'Hybrid · 6 A + 2.1 kW PV' }],
      ['power', 0, { fill: 'green', shape: 'dot', text: 'Power · 24 A' }],
      ['green', 300, { fill: 'yellow', shape: 'ring', text: 'Green · waiting for surplus (0.3 kW PV)' }],
      ['off', 300, { fill: 'grey', shape: 'ring', text: 'Off' }],
    ];
    let at = 0;
    for (const [mode, surplusW, shown] of cases) {
      if (mode) {
        const changed = nextMessage(out);
        pv.receive({ topic: 'mode', payload: mode });
        await changed;
      }
      const next = nextMessage(out);
      pv.receive({ payload: h((at += 1000), surplusW) });
      await next;
      expect(lastStatusOf(pv), mode ?? 'hybrid').to.deep.equal(shown);
    }
  });

  it('shows a Green car charging, then the stop countdown when the surplus goes', async () => {
    await load({ enableDelayS: '5', minRunS: '0', disableDelayS: '240' });
    for (const [tMs, surplusW] of [[0, 1400], [5000, 1400]]) {
      const next = nextMessage(out);
      pv.receive({ payload: h(tMs, surplusW) });
      await next;
    }
    expect(lastStatusOf(pv)).to.deep.equal({ fill: 'green', shape: 'dot', text: 'Green · 1.4 kW PV' });
    const next = nextMessage(out);
    pv.receive({ payload: h(6000, 0) });
    expect((await next).payload.timer).to.deep.equal({ action: 'stop', remainingS: 240 });
    expect(lastStatusOf(pv)).to.deep.equal({ fill: 'yellow', shape: 'dot', text: 'Green · 0.0 kW PV · stop in 4:00' });
  });

  it('shows the fail-safe and a Green node without a car', async () => {
    await load();
    let next = nextMessage(out);
    pv.receive({ payload: { ...h(0, 2300), failsafe: { currentA: 6, reason: 'no meter reading for 12 s' } } });
    await next;
    expect(lastStatusOf(pv)).to.deep.equal({ fill: 'yellow', shape: 'dot', text: 'Green · fail-safe 6 A' });
    next = nextMessage(out);
    pv.receive({ payload: { ...h(1000, 2300), stations: [] } });
    await next;
    expect(lastStatusOf(pv)).to.deep.equal({ fill: 'yellow', shape: 'ring', text: 'Green · no car · 2.3 kW PV' });
  });

  it('uses the Green settings from the editor (seconds)', async () => {
    await load({ enableDelayS: '5', startThresholdW: '0' });
    pv.receive({ payload: h(0, 1400) });
    await nextMessage(out);
    const next = nextMessage(out);
    pv.receive({ payload: h(5000, 1400) });
    expect((await next).payload).to.include({ enabled: true, budgetW: 1400 });
  });

  /** Sends Headrooms of the given surplus at the given seconds and answers the last target. */
  async function feed(points: Array<[number, number]>): Promise<Msg> {
    let msg: Msg = {};
    for (const [s, surplusW] of points) {
      const next = nextMessage(out);
      pv.receive({ payload: h(s * 1000, surplusW) });
      msg = await next;
    }
    return msg.payload;
  }

  // The car's 1-phase minimum is 6 A × 230 V = 1380 W: in the dark it takes all of it from the grid, 60 Wh in 157 s.
  it('stops a Green car held at its minimum once it has taken the stop budget from the grid, before the stop delay', async () => {
    await load({ enableDelayS: '5' }); // a flow saved before the budget existed: the library's 60 Wh
    expect(await feed([[0, 1400], [5, 1400]])).to.include({ enabled: true });
    expect(await feed([[6, 0], [156, 0]]), 'after 57.5 Wh').to.include({ enabled: true });
    expect(await feed([[176, 0]]), 'after 65 Wh, long before the 240 s stop delay and the 600 s minimum run').to.include({ enabled: false });
  });

  it('takes the stop budget from the editor (Wh; 0 = the timers alone)', async () => {
    await load({ enableDelayS: '5', stopBudgetWh: '30' });
    await feed([[0, 1400], [5, 1400]]);
    expect(await feed([[6, 0], [156, 0]]), '57.5 Wh > 30 Wh').to.include({ enabled: false });
    await helper.unload();
    await load({ enableDelayS: '5', stopBudgetWh: '0' });
    await feed([[0, 1400], [5, 1400]]);
    expect(await feed([[6, 0], [300, 0]]), 'no budget: the minimum run holds').to.include({ enabled: true });
  });

  it('restarts within the minimum pause once the surplus carries the minimum + the margin for the start delay (0 = never)', async () => {
    const stopThenSun = [[0, 1400], [5, 1400], [6, 0], [16, 0], [17, 2500], [22, 2500]] as Array<[number, number]>;
    await load({ enableDelayS: '5', minRunS: '0', disableDelayS: '10' }); // saved before: the library's 1000 W
    expect(await feed(stopThenSun), 'stopped at 16 s, back at 22 s: 2.5 kW ≥ 1.38 kW + 1 kW').to.include({ enabled: true });
    await helper.unload();
    await load({ enableDelayS: '5', minRunS: '0', disableDelayS: '10', earlyRestartMarginW: '0' });
    const held: Msg = await feed(stopThenSun);
    expect(held).to.include({ enabled: false });
    expect(held.timer).to.deep.equal({ action: 'start', remainingS: 594 });
  });

  it('maps the Green budgets, the early restart margin, the starts per day and the falling smoothing from the dialog into the calculator', () => {
    const config = checkSurplusConfig(
      configFromDef({ id: 'pv', type: 'lektrico-pv-surplus', stopBudgetWh: '30', earlyRestartMarginW: '500', maxStartsPerDay: '6', phaseDownBudgetWh: '20', phaseUpBudgetWh: '150', smoothingS: '10', smoothingFallS: '2' }),
    );
    expect(config.green).to.include({ stopBudgetWh: 30, earlyRestartMarginW: 500, maxStartsPerDay: 6 });
    expect(config.phaseSwitch.downBudgetWh).to.equal(20);
    expect(config.phaseSwitch.upBudgetWh).to.equal(150);
    expect(config.smoothingFallMs).to.equal(2000);
  });

  it('gives a flow saved before these settings existed the library defaults', () => {
    const { stopBudgetWh, earlyRestartMarginW, maxStartsPerDay, phaseDownBudgetWh, phaseUpBudgetWh, smoothingFallS, ...savedBefore } = NODE_DEFAULTS['lektrico-pv-surplus'];
    // The dialog offers the library's defaults.
    const library = [GREEN_DEFAULTS.stopBudgetWh, GREEN_DEFAULTS.earlyRestartMarginW, GREEN_DEFAULTS.maxStartsPerDay, PHASE_SWITCH_DEFAULTS.downBudgetWh, PHASE_SWITCH_DEFAULTS.upBudgetWh, SURPLUS_SMOOTHING_FALL_MS / 1000];
    expect([stopBudgetWh, earlyRestartMarginW, maxStartsPerDay, phaseDownBudgetWh, phaseUpBudgetWh, smoothingFallS], 'the dialog defaults').to.deep.equal(library);
    const config = checkSurplusConfig(configFromDef({ id: 'pv', type: 'lektrico-pv-surplus', ...savedBefore }));
    expect(config.green).to.include({ stopBudgetWh: GREEN_DEFAULTS.stopBudgetWh, earlyRestartMarginW: GREEN_DEFAULTS.earlyRestartMarginW, maxStartsPerDay: GREEN_DEFAULTS.maxStartsPerDay });
    expect(config.phaseSwitch.downBudgetWh).to.equal(PHASE_SWITCH_DEFAULTS.downBudgetWh);
    expect(config.phaseSwitch.upBudgetWh).to.equal(PHASE_SWITCH_DEFAULTS.upBudgetWh);
    expect(config.smoothingFallMs).to.equal(checkSurplusConfig({ smoothingMs: 10_000 }).smoothingFallMs);
    // Never slower down than up: an old flow with a 3 s smoothing falls in 3 s too.
    expect(checkSurplusConfig(configFromDef({ id: 'pv', type: 'lektrico-pv-surplus', ...savedBefore, smoothingS: '3' })).smoothingFallMs).to.equal(3000);
  });

  it('changes mode at runtime by a message and re-sends the target at once', async () => {
    await load();
    pv.receive({ payload: h(0, 500) });
    await nextMessage(out);
    for (const [sent, mode] of [['POWER', 'power'], [2, 'hybrid'], ['0', 'off']] as const) {
      const next = nextMessage(out);
      pv.receive({ topic: 'mode', payload: sent });
      const msg: Msg = await next;
      expect(msg.payload.mode, String(sent)).to.equal(mode);
    }
    expect(lastStatusOf(pv)).to.deep.equal({ fill: 'grey', shape: 'ring', text: 'Off' });
  });

  it('rejects an unknown mode with a clear error and keeps the mode', async () => {
    await load({ mode: 'hybrid' });
    const caught = nextMessage(err);
    pv.receive({ topic: 'mode', payload: 'turbo' });
    expect((await caught).error.message).to.match(/unknown charging mode "turbo": expected off, power, hybrid, green or 0–3/);
    const next = nextMessage(out);
    pv.receive({ payload: h(0, 500) });
    expect((await next).payload.mode).to.equal('hybrid');
  });

  it('takes the home battery into account (car first: its charging power is surplus)', async () => {
    await load({ mode: 'power', batteryPolicy: 'car-first' });
    pv.receive({ topic: 'battery', payload: { powerW: 1500, soc: 60, timestamp: 0 } });
    const next = nextMessage(out);
    pv.receive({ payload: h(1000, 500) });
    expect((await next).payload.surplusW).to.equal(2000);
  });

  it('reports a bad battery message and a payload that is not a Headroom', async () => {
    await load();
    const battery = nextMessage(err);
    pv.receive({ topic: 'battery', payload: { powerW: 'lots' } });
    expect((await battery).error.message).to.match(/battery powerW must be a number/);
    const wrong = nextMessage(err);
    pv.receive({ payload: { kind: 'station-telemetry' } });
    expect((await wrong).error.message).to.match(/expected a Headroom/);
    expect(lastStatusOf(pv)).to.include({ fill: 'red' });
  });

  it('refuses to start with bad settings', async () => {
    await load({ hybridCurrentA: '40' });
    expect(statusesOf(pv)[0]?.text).to.match(/^config: Hybrid current must be a who/);
    const caught = nextMessage(err);
    pv.receive({ payload: h(0, 0) });
    expect((await caught).error.message).to.match(/not configured: Hybrid current/);
  });
});
