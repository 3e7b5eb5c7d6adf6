import { expect } from 'chai';
import { LektricoClient } from '../../../lib/lektrico/client';
import { StationController } from '../../../lib/lektrico/station-controller';
import type { StationTelemetry } from '../../../lib/lektrico/station-telemetry';
import { DEFAULT_STOP_POLICY } from '../../../lib/lektrico/stop-policy';
import { StationSimulator, type StationSimulatorOptions } from '../../../lib/sim/lektrico/station-simulator';

/** StationController.close() with a stop policy, against the station simulator on 127.0.0.1. */
describe('StationController on close: the station is left at a safe current', () => {
  let sim: StationSimulator;
  let controller: StationController;
  let logs: string[];

  /** `stuckBeforeFirstRead`: the station does not answer its first request, so close() comes before the node has read it. */
  async function boot(
    { stopDeadlineMs = 5000, station = {}, stuckBeforeFirstRead = false }: { stopDeadlineMs?: number; station?: StationSimulatorOptions; stuckBeforeFirstRead?: boolean } = {},
  ): Promise<void> {
    sim = new StationSimulator({ type: '1p7k', bootDynamicCurrentA: 16, car: { reactionDelayMs: 0, startLagMs: 0 }, ...station });
    await sim.start();
    if (stuckBeforeFirstRead) sim.injectFault({ kind: 'hang', method: 'device_id.get' });
    logs = [];
    const firstRead = new Promise<void>((resolve) => {
      controller = new StationController({
        api: new LektricoClient({ host: sim.host, timeoutMs: 2000 }),
        settings: { gridPhases: ['L1'], allowPhaseSwitching: false, minCurrentA: 6, maxCurrentA: 32, pollIntervalMs: 50, chargeTag: 'node-red' },
        onStop: DEFAULT_STOP_POLICY,
        stopDeadlineMs,
        onTelemetry: (_t: StationTelemetry) => resolve(),
        onLog: (_level, text) => logs.push(text),
      });
    });
    controller.start();
    if (!stuckBeforeFirstRead) await firstRead;
  }

  const sent = (): unknown[] => sim.framesOf('dynamic_current.set').map((f) => (f.params as { dynamic_current: unknown }).dynamic_current);

  afterEach(async () => {
    await controller?.close();
    await sim?.stop();
  });

  it('lowers a station it commanded to 32 A to the fail-safe 6 A', async () => {
    await boot();
    expect(await controller.command({ currentA: 32 })).to.deep.equal({ status: 'sent' });
    await controller.close();
    expect(sent()).to.deep.equal([32, 6]);
    expect(sim.model.dynamicCurrentA).to.equal(6);
    expect(logs).to.include('node stopped: 1p7k_500001 left at 6 A');
  });

  it('leaves a station it never commanded, or paused, as it is', async () => {
    await boot();
    await controller.close();
    expect(sent()).to.deep.equal([]);
    expect(sim.model.dynamicCurrentA).to.equal(16);

    await sim.stop();
    await boot();
    await controller.command({ currentA: 0 });
    await controller.close();
    expect(sent()).to.deep.equal([0]);
  });

  it('leaves a station alone when a command came but was never written: stopped before the first read', async () => {
    await boot({ station: { bootDynamicCurrentA: 0 }, stuckBeforeFirstRead: true });
    const pending = controller.command({ currentA: 16 });
    await controller.close();
    expect(await pending).to.deep.equal({ status: 'closed' });
    expect(sent()).to.deep.equal([]);
    expect(sim.model.dynamicCurrentA).to.equal(0); // paused by the previous run, and it stays paused
  });

  it('on firmware that does not report the dynamic current, goes by what the station accepted: a paused one stays paused', async () => {
    await boot({ station: { type: '3p22k', reportsDynamicCurrent: false } });
    expect(await controller.command({ currentA: 0 })).to.deep.equal({ status: 'sent' });
    await controller.close();
    expect(sent()).to.deep.equal([0]);
    expect(sim.model.dynamicCurrentA).to.equal(0);

    await sim.stop();
    await boot({ station: { type: '3p22k', reportsDynamicCurrent: false } });
    expect(await controller.command({ currentA: 20 })).to.deep.equal({ status: 'sent' });
    await controller.close();
    expect(sent()).to.deep.equal([20, 6]);
    expect(sim.model.dynamicCurrentA).to.equal(6);
  });

  it('gets its write through a request that hangs, and no later cycle undoes it', async () => {
    await boot();
    await controller.command({ currentA: 20 });
    sim.injectFault({ kind: 'hang', method: 'charger_info.get', count: Infinity });
    const pending = controller.command({ currentA: 32 }); // its cycle starts with a read that never ends
    await controller.close();
    expect(await pending).to.deep.equal({ status: 'closed' });
    expect(sent()).to.deep.equal([20, 6]);
    expect(sim.model.dynamicCurrentA).to.equal(6);
  });

  it('gives up after its deadline when the station does not answer the write', async () => {
    await boot({ stopDeadlineMs: 200 });
    await controller.command({ currentA: 20 });
    sim.injectFault({ kind: 'hang', method: 'dynamic_current.set', count: Infinity });
    await controller.close();
    expect(logs.some((l) => /did not answer within 0\.2 s: it keeps its last current/.test(l))).to.equal(true);
  });

  it('sends nothing to a station it could not reach', async () => {
    await boot();
    await controller.command({ currentA: 20 });
    sim.setOffline(true);
    await new Promise<void>((resolve) => {
      const check = (): void => (controller.online === false ? resolve() : void setTimeout(check, 10));
      check();
    });
    sim.setOffline(false);
    const before = sent().length;
    await controller.close();
    expect(sent().length).to.equal(before);
  });
});
