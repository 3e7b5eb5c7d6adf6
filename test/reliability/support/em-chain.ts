import { expect } from 'chai';
import type { StationSimulator } from '../../../lib/sim/lektrico/station-simulator';
import type { SiteStation } from '../../../lib/sim/site';
import { helper, lastStatusOf, statusesOf, type FlowNode, type ShownStatus, type TestNode } from '../../support/node-red-helper';
import { ChainMonitor } from './chain-monitor';
import { ControlledHome } from './controlled-home';
import { emFlow, EM_NODE_MODULES, type EmFlowIds, type EmFlowOptions, type EmFlowStation } from './em-flow';
import { EmSite, type EmSiteMeter } from './em-site';
import { frameViolations } from './invariant';
import { until } from './wait';

/**
 * A full energy manager in the test helper's Node-RED on a simulated site: the seven node types
 * wired as a user wires them, with short timers so faults play out in seconds, a ChainMonitor on
 * every output, and the site's simulators (meter, stations, cars) as the truth to check against.
 */
export const FAST_SETTINGS = {
  meter: { transport: 'websocket', pollInterval: 0.2, timeout: 0.5 },
  balancer: { limitA: 25, marginA: 1, staleAfterS: 1, failsafeCurrentA: 6, increaseHoldS: 0.5 },
  surplus: { mode: 'power' },
  splitter: { increaseIntervalS: 0.2, increaseStepA: 32, resumeDelayS: 0.5, underuseHoldS: 5 },
  station: { pollInterval: 0.1, timeout: 0.5 },
  /** Reconnect back-off of the Shelly device node (runtime setting). */
  backoff: { initialMs: 50, maxMs: 400 },
} as const;

export interface ChainStationSpec {
  key: string;
  site: SiteStation;
  node?: Record<string, unknown>;
}

export interface ChainSpec {
  meter: EmSiteMeter;
  stations: ChainStationSpec[];
  home?: ControlledHome;
  flow?: { meter?: Record<string, unknown> } & Partial<Pick<EmFlowOptions, 'balancer' | 'surplus' | 'splitter' | 'normalizer'>>;
  credentials?: Record<string, Record<string, string>>;
  /** Runtime settings besides the device back-off. */
  settings?: Record<string, unknown>;
  /** No meter node: the normalizer gets only what a test sends it (the meter simulator still runs, unread). */
  withoutMeter?: boolean;
  /** More nodes on the chain's tab (a test's own Catch or Complete nodes). */
  extraNodes?: FlowNode[];
}

export class EmChain {
  readonly monitor: ChainMonitor;
  /** When each node showed each status (the helper records the calls, not their time). */
  private readonly statusTimes = new Map<string, Array<{ at: number; text: string }>>();

  private constructor(
    readonly rig: EmSite,
    readonly home: ControlledHome,
    readonly ids: EmFlowIds,
    readonly spec: ChainSpec,
  ) {
    this.monitor = new ChainMonitor(ids);
    for (const id of [...(spec.withoutMeter ? [] : [ids.meter]), ...ids.stations]) {
      const times: Array<{ at: number; text: string }> = [];
      this.statusTimes.set(id, times);
      this.node(id).on('call:status', (call: { args: Array<{ text?: string }> }) => times.push({ at: Date.now(), text: call.args[0]?.text ?? '' }));
    }
  }

  static async start(spec: ChainSpec): Promise<EmChain> {
    const home = spec.home ?? new ControlledHome();
    // 1.5 A: the stations' simulated mains (up to 231.1 V) read a little higher at the 230 V meter.
    if (!spec.home) home.setHouseA([1.5, 1.5, 1.5]);
    const limitA = Number(spec.flow?.balancer?.limitA ?? FAST_SETTINGS.balancer.limitA);
    const rig = await EmSite.start({ home, meter: spec.meter, stations: spec.stations.map((s) => s.site), limitA });
    helper.settings({ lektricoShellyDeviceBackoff: FAST_SETTINGS.backoff, ...spec.settings });
    const { nodes, ids } = emFlow(EmChain.flowOptions(spec, rig));
    try {
      await helper.load(EM_NODE_MODULES, [...nodes, ...(spec.extraNodes ?? []).map((n) => ({ z: ids.tab, ...n }))], spec.credentials);
    } catch (err) {
      await helper.unload();
      await rig.stop();
      throw err;
    }
    return new EmChain(rig, home, ids, spec);
  }

  static flowOptions(spec: ChainSpec, rig: EmSite): EmFlowOptions {
    const stations: EmFlowStation[] = spec.stations.map((s, i) => ({
      key: s.key,
      host: rig.stations[i].host,
      phases: s.site.gridPhases.join(','),
      ...FAST_SETTINGS.station,
      ...s.node,
    }));
    return {
      meter: spec.withoutMeter ? undefined : { host: rig.meter.host, ...FAST_SETTINGS.meter, ...spec.flow?.meter },
      normalizer: spec.flow?.normalizer,
      balancer: { ...FAST_SETTINGS.balancer, ...spec.flow?.balancer },
      surplus: { ...FAST_SETTINGS.surplus, ...spec.flow?.surplus },
      splitter: { ...FAST_SETTINGS.splitter, ...spec.flow?.splitter },
      stations,
      taps: true,
    };
  }

  station(key: string): StationSimulator {
    const index = this.spec.stations.findIndex((s) => s.key === key);
    return this.rig.stations[index];
  }

  node(id: string): TestNode {
    return helper.getNode(id);
  }

  /** A drawn by the car at a station now (its busiest phase), from the simulator. */
  drawA(key: string): number {
    const model = this.station(key).model;
    model.advance();
    return Math.max(...model.currentsA());
  }

  /** The last dynamic_current the station accepted, from the simulator. */
  dynamicA(key: string): number {
    return this.station(key).model.dynamicCurrentA;
  }

  untilDraw(key: string, check: (a: number) => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    return until(() => check(this.drawA(key)), `${key}: ${what}`, timeoutMs, () => `draws ${this.drawA(key).toFixed(1)} A, dynamic ${this.dynamicA(key)} A, ${this.statusLine()}`);
  }

  untilStatus(id: string, check: (s: ShownStatus) => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    return until(() => check(lastStatusOf(this.node(id)) ?? {}), `${id}: ${what}`, timeoutMs, () => this.statusLine());
  }

  /** The chain's statuses, for failure messages. */
  statusLine(): string {
    const ids = [this.ids.meter, this.ids.balancer, this.ids.splitter, ...this.ids.stations].filter((id) => helper.getNode(id));
    return ids.map((id) => `${id}: ${JSON.stringify(lastStatusOf(this.node(id))?.text)}`).join('; ');
  }

  /** Every status text a node has shown, oldest first. */
  statusTexts(id: string): string[] {
    return statusesOf(this.node(id)).map((s) => s.text ?? '');
  }

  /**
   * ms between a meter node's successive connection attempts (its "reconnecting to …" statuses),
   * from the wall-clock time each status was shown.
   */
  attemptGapsMs(id: string): number[] {
    const times = this.statusTimes.get(id) ?? [];
    const attempts = times.filter((t) => /^reconnecting to /.test(t.text)).map((t) => t.at);
    return attempts.slice(1).map((at, i) => at - attempts[i]);
  }

  /** dynamic_current.set frames a station received, oldest first. */
  frames(key: string): Array<{ at: number; currentA: number; relayMode?: number }> {
    return this.station(key)
      .framesOf('dynamic_current.set')
      .map((f) => {
        const p = f.params as { dynamic_current: number; relay_mode?: number };
        return { at: f.at, currentA: p.dynamic_current, ...(p.relay_mode === undefined ? {} : { relayMode: p.relay_mode }) };
      });
  }

  /** Nothing unsafe anywhere: the monitor saw no violation, no NaN, and every frame every station received is valid. */
  expectSafe(): void {
    expect(this.monitor.violations, 'invariant violations').to.deep.equal([]);
    expect(this.monitor.nonFinite, 'NaN/Infinity on a wire').to.deep.equal([]);
    expect(this.monitor.unpaired, 'allocations without their target').to.equal(0);
    this.spec.stations.forEach((s, i) => {
      const min = Number(s.node?.minCurrent ?? 6);
      const max = Number(s.node?.maxCurrent ?? 32);
      expect(frameViolations(this.rig.stations[i], { minCurrentA: min, maxCurrentA: max }), `frames of ${s.key}`).to.deep.equal([]);
    });
  }

  async stop(): Promise<void> {
    await helper.unload();
    await this.rig.stop();
    helper.settings({});
  }
}
