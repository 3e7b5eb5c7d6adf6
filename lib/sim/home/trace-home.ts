import { addActiveEvents } from './appliance-event';
import type { HomeSample, HomeSource, PhaseTriple } from './home-sample';
import type { HomeTrace } from './home-trace';
import {
  addOnPhases,
  DEFAULT_CIRCUIT_PHASES,
  DEFAULT_HOUSE_SHARES,
  type PhaseSplitOptions,
  splitByShares,
  splitPv,
  validateShares,
} from './phase-split';
import { type Interpolation, PowerSeries } from './power-series';
import { SubIntervalVariability, type VariabilityOptions } from './variability';

/**
 * A recorded home replayed at any instant: the trace's totals, placed on phases by the phase
 * split (phase-split.ts), optionally with sub-interval peaks (variability.ts).
 *
 * Interpolation: house load 'step' by default (an interval keeps its measured energy; appliances
 * switch, they do not ramp), PV 'linear' by default (the sun moves smoothly between averages).
 * `loop: true` wraps time over the trace's span (the demo replays a day forever).
 */
export interface TraceHomeOptions {
  houseInterpolation?: Interpolation;
  pvInterpolation?: Interpolation;
  split?: PhaseSplitOptions;
  variability?: VariabilityOptions | false;
  loop?: boolean;
}

export class TraceHome implements HomeSource {
  readonly name: string;
  private readonly unplaced: PowerSeries;
  private readonly circuits: Array<{ series: PowerSeries; phases: NonNullable<PhaseSplitOptions['circuitPhases']>[string] }>;
  private readonly variability?: SubIntervalVariability;
  private readonly shares: PhaseTriple;

  constructor(readonly trace: HomeTrace, private readonly options: TraceHomeOptions = {}) {
    this.shares = options.split?.houseShares ?? DEFAULT_HOUSE_SHARES;
    validateShares(this.shares);
    const placement = { ...DEFAULT_CIRCUIT_PHASES, ...options.split?.circuitPhases };
    this.circuits = Object.entries(trace.circuits ?? {})
      .filter(([name]) => placement[name] !== undefined)
      .map(([name, series]) => ({ series, phases: placement[name] }));
    const house = trace.house;
    // Unplaced load per recorded interval: house minus the sub-metered circuits.
    this.unplaced = house.map((w, i) => Math.max(0, w - this.circuits.reduce((a, c) => a + c.series.at(house.startsMs[i]), 0)));
    if (options.variability) this.variability = new SubIntervalVariability(this.unplaced, options.variability);
    this.name = options.variability ? `${trace.name} + peaks` : trace.name;
  }

  get startMs(): number {
    return this.trace.house.startMs;
  }

  get endMs(): number {
    return this.trace.house.endMs;
  }

  at(tMs: number): HomeSample {
    const t = this.options.loop ? this.wrap(tMs) : tMs;
    const pvTotal = this.trace.pv?.at(t, this.options.pvInterpolation ?? 'linear') ?? 0;
    const pvW = splitPv(Math.max(0, pvTotal), this.options.split?.pvInverter);
    if (this.trace.housePhases) {
      const [l1, l2, l3] = this.trace.housePhases.map((s) => s.at(t, this.options.houseInterpolation));
      return { houseW: [l1, l2, l3], pvW };
    }
    const interpolation = this.options.houseInterpolation ?? 'step';
    const houseW: PhaseTriple = [0, 0, 0];
    for (const c of this.circuits) addOnPhases(houseW, c.phases, c.series.at(t, interpolation));
    let unplacedW = this.unplaced.at(t, interpolation);
    if (this.variability) {
      const peaks = this.variability.at(t);
      unplacedW = Math.max(0, unplacedW - peaks.meanW);
      addActiveEvents(houseW, peaks.events, t);
    }
    const rest = splitByShares(unplacedW, this.shares);
    return { houseW: [houseW[0] + rest[0], houseW[1] + rest[1], houseW[2] + rest[2]], pvW };
  }

  private wrap(tMs: number): number {
    const span = this.endMs - this.startMs;
    return this.startMs + ((((tMs - this.startMs) % span) + span) % span);
  }
}
