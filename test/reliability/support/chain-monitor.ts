import { CarMemory } from '../../lib/energy/builders';
import type { ChargingTarget, StationCommand } from '../../../lib/energy/messages';
import type { Allocation } from '../../../lib/energy/splitter';
import type { StationTelemetry } from '../../../lib/lektrico/station-telemetry';
import { helper } from '../../support/node-red-helper';
import type { EmFlowIds } from './em-flow';
import { allocationViolations, nonFiniteNumbers } from './invariant';

type Msg = Record<string, any>;

/** Targets kept for pairing with their allocation; older ones are forgotten (their allocation never came: the target was refused). */
const MAX_PENDING_TARGETS = 20_000;

/**
 * Watches a full flow loaded with taps (em-flow.ts) in the test helper's runtime: checks the safety
 * invariant on every allocation against the ChargingTarget it answered (paired by _msgid: the
 * splitter reuses the incoming message), looks for NaN or ±Infinity on every wire, and collects
 * what the Catch node receives.
 */
export class ChainMonitor {
  readonly violations: string[] = [];
  readonly nonFinite: string[] = [];
  readonly errors: Array<{ source: string; message: string }> = [];
  readonly commands: StationCommand[] = [];
  readonly telemetry: StationTelemetry[] = [];
  allocations = 0;
  /** Allocations whose target was never seen (should stay 0). */
  unpaired = 0;
  lastTarget?: ChargingTarget;
  lastAllocation?: Allocation;
  private readonly targets = new Map<string, ChargingTarget>();
  private readonly memory = new CarMemory();

  constructor(ids: EmFlowIds) {
    const tap = (id: string, onMsg: (msg: Msg) => void): void =>
      helper.getNode(id).on('input', (msg: Msg) => {
        this.nonFinite.push(...nonFiniteNumbers(msg.payload, `${id}: payload`));
        onMsg(msg);
      });
    tap(ids.taps.reading, () => undefined);
    tap(ids.taps.headroom, () => undefined);
    tap(ids.taps.target, (msg) => this.noteTarget(msg._msgid, msg.payload as ChargingTarget));
    tap(ids.taps.commands, (msg) => this.commands.push(msg.payload as StationCommand));
    tap(ids.taps.telemetry, (msg) => this.telemetry.push(msg.payload as StationTelemetry));
    tap(ids.taps.allocation, (msg) => this.onAllocation(msg));
    helper.getNode(ids.taps.errors).on('input', (msg: Msg) => {
      this.errors.push({ source: String(msg.error?.source?.id ?? '?'), message: String(msg.error?.message ?? '') });
    });
  }

  /** A ChargingTarget that entered the splitter by another way than the PV surplus node (the splitter's fuzz). */
  noteTarget(msgid: string, target: ChargingTarget): void {
    this.targets.set(msgid, target);
    if (this.targets.size > MAX_PENDING_TARGETS) this.targets.delete(this.targets.keys().next().value as string);
  }

  /** Errors caught from one node. */
  errorsOf(nodeId: string): string[] {
    return this.errors.filter((e) => e.source === nodeId).map((e) => e.message);
  }

  private onAllocation(msg: Msg): void {
    this.allocations += 1;
    const target = this.targets.get(msg._msgid);
    this.targets.delete(msg._msgid);
    const allocation = msg.payload as Allocation;
    this.lastAllocation = allocation;
    if (!target) {
      this.unpaired += 1;
      return;
    }
    this.lastTarget = target;
    this.violations.push(...allocationViolations(target, allocation, this.memory));
  }
}
