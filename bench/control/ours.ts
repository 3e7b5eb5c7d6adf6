import { LoadBalancer } from '../../lib/energy/balancer';
import type { Headroom } from '../../lib/energy/messages';
import { PowerSplitter } from '../../lib/energy/splitter';
import { SurplusCalculator, type SurplusConfigInput } from '../../lib/energy/surplus';
import type { ControlCommand, Controller, ControllerContext, ControllerFactory } from './controller';

/**
 * Ours: the very lib/energy chain the Node-RED nodes run (LoadBalancer → SurplusCalculator →
 * PowerSplitter), with their defaults, wired the way the flow wires them: every meter reading,
 * every station telemetry and a 1 s tick go into the balancer, and each Headroom it gives goes
 * down the chain at once. The only settings are the installation's: the limit per phase, the
 * mode, and automatic 1/3 phase switching where a station may switch.
 */
class Ours implements Controller {
  readonly tickMs = 1000;
  private readonly balancer: LoadBalancer;
  private readonly surplus: SurplusCalculator;
  private readonly splitter: PowerSplitter;

  constructor(ctx: ControllerContext, green: SurplusConfigInput['green'] = {}) {
    this.balancer = new LoadBalancer({ limitA: ctx.limitA }, ctx.clock);
    this.surplus = new SurplusCalculator({ mode: ctx.mode, green, phaseSwitch: { auto: ctx.stations.some((s) => s.canSwitchPhases) } });
    this.splitter = new PowerSplitter({});
  }

  onReading(reading: Parameters<Controller['onReading']>[0]): ControlCommand[] {
    return this.chain(this.balancer.onReading(reading));
  }

  onTelemetry(telemetry: Parameters<Controller['onTelemetry']>[0]): ControlCommand[] {
    return this.chain(this.balancer.onTelemetry(telemetry));
  }

  tick(): ControlCommand[] {
    return this.chain(this.balancer.tick());
  }

  private chain(headroom: Headroom | undefined): ControlCommand[] {
    if (!headroom) return [];
    const allocation = this.splitter.allocate(this.surplus.update(headroom));
    return allocation.commands.map((c) => ({ station: c.station, currentA: c.currentA, ...(c.phases ? { phases: c.phases } : {}) }));
  }
}

export const ours: ControllerFactory = { name: 'ours', create: (ctx) => new Ours(ctx) };

/**
 * Ours with Green's limit of starts per station in 24 hours lifted (0 = no limit; the default is 6,
 * the start goal), everything else default: what a user who sets the limit to 0 gets.
 */
export const oursNoStartLimit: ControllerFactory = {
  name: 'ours, no start limit',
  create: (ctx) => new Ours(ctx, { maxStartsPerDay: 0 }),
  unsupported: { power: 'a Green setting', hybrid: 'a Green setting' },
  variantOf: 'ours',
};
