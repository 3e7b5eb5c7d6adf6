import type { GridPhase } from '../grid-phase';
import type { ChargingTarget } from './messages';
import { formatA, formatKw, roundTo01 } from './units';
import type { FillLimit, FillStation } from './water-fill';

/** What the limits need to know of a station: the grid phases its current counts on, and W per A there. */
export interface LimitedStation {
  gridPhases: GridPhase[];
  /** W per A commanded on those phases, at their voltages. */
  perAW: number;
  /**
   * W per A on the phases it charges on once a 1↔3 switch is made: what it takes from the PV
   * budget (the contactor opens for a switch, so it never draws on both at once).
   */
  budgetPerAW: number;
  /** A drawn per A commanded (DrawRatios). */
  drawRatio: number;
}

/** The target's limits as water-filling limits: one per measured phase, the power cap, the budget. */
export class ShareLimits {
  readonly list: FillLimit[] = [];
  private readonly phaseIndex = new Map<GridPhase, number>();
  private readonly powerIndex?: number;
  private readonly budgetIndex?: number;

  constructor(target: ChargingTarget) {
    for (const p of target.phases) {
      this.phaseIndex.set(p.phase, this.list.length);
      this.list.push({ limit: p.headroomA, label: p.phase });
    }
    if (target.powerHeadroomW !== undefined) {
      this.powerIndex = this.list.length;
      this.list.push({ limit: target.powerHeadroomW, label: 'the power cap' });
    }
    if (target.budgetW !== undefined) {
      this.budgetIndex = this.list.length;
      this.list.push({ limit: target.budgetW, label: target.mode === 'green' || target.mode === 'hybrid' ? 'the PV surplus' : 'the budget' });
    }
  }

  hasPhase(phase: GridPhase): boolean {
    return this.phaseIndex.has(phase);
  }

  /** The limits a station's current counts against; an idle car keeps its place but takes no PV budget. */
  uses(v: LimitedStation, idle: boolean): FillStation['uses'] {
    const uses: FillStation['uses'] = [];
    // The phase limits and the power cap are hard limits: a car that draws more than commanded (a
    // Zoe ~108 %) takes that much more there, and one drawing less earns no credit.
    const hardPerA = Math.max(1, v.drawRatio);
    for (const p of v.gridPhases) {
      const limit = this.phaseIndex.get(p);
      if (limit !== undefined) uses.push({ limit, perA: hardPerA });
    }
    // The PV budget is what the cars may draw: there a car's actual draw per ampere counts.
    if (this.powerIndex !== undefined) uses.push({ limit: this.powerIndex, perA: v.perAW * hardPerA });
    if (this.budgetIndex !== undefined && !idle) uses.push({ limit: this.budgetIndex, perA: v.budgetPerAW * v.drawRatio });
    return uses;
  }

  /**
   * Takes a current a station's car may draw whatever it is commanded (one paused that does not
   * apply the pause) off every hard limit it uses, and what it draws now off the PV budget (the
   * surplus counts the cars' draw back in, so a car drawing nothing took none of it); never below
   * 0 (the others then pause).
   */
  reserve(v: LimitedStation, currentA: number, drawnA: number): void {
    for (const u of this.uses(v, false)) {
      const limit = this.list[u.limit];
      const a = u.limit === this.budgetIndex ? Math.min(currentA, drawnA) : currentA;
      limit.limit = Math.max(0, limit.limit - u.perA * a);
    }
  }

  /** Why the last item cannot be admitted at its floor next to the others, or undefined if it can. */
  shortage(items: FillStation[], floorA: number, v: LimitedStation): { cause: 'limit' | 'budget'; text: string } | undefined {
    const load = this.list.map(() => 0);
    items.forEach((item) => item.uses.forEach((u) => (load[u.limit] += u.perA * item.floorA)));
    for (const u of items[items.length - 1].uses) {
      const limit = this.list[u.limit];
      if (load[u.limit] <= limit.limit + 1e-9) continue;
      const leftBefore = limit.limit - (load[u.limit] - u.perA * floorA);
      if (u.limit === this.budgetIndex) {
        return { cause: 'budget', text: `${limit.label} leaves ${formatKw(Math.max(0, leftBefore))}, the car needs ${formatKw(u.perA * floorA)}` };
      }
      if (u.limit === this.powerIndex) {
        return { cause: 'limit', text: `the power cap leaves ${formatKw(Math.max(0, leftBefore))}, the car needs ${formatKw(u.perA * floorA)}` };
      }
      return { cause: 'limit', text: `not enough on ${limit.label} (${formatA(roundTo01(Math.max(0, leftBefore)))} left, needs ${formatA(floorA)} on ${v.gridPhases.join('+')})` };
    }
    return undefined;
  }
}
