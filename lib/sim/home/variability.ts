import type { GridPhase } from '../../grid-phase';
import type { ApplianceEvent } from './appliance-event';
import type { PowerSeries } from './power-series';
import { type Random, seededRandom, subSeed, uniform } from '../../random';

/**
 * Sub-interval variability: what 15-min averages hide.
 *
 * A recorded interval of 800 W may have been a flat 800 W, or 300 W plus a 2.2 kW kettle for
 * 3 minutes: the breaker and the load balancer see the kettle, the average does not. This layer
 * puts such short appliance peaks back, as a documented, seeded ASSUMPTION (the data cannot tell):
 * - Only the house load that is not sub-metered is touched (sub-metered circuits keep their shape).
 * - Per interval, `concentration` (default 70 %) of the energy above `floorW` (default 150 W:
 *   fridge and standby never switch off) is turned into peaks drawn from the catalogue below;
 *   the rest of the interval is lowered by the peaks' mean power, so **every interval keeps its
 *   measured energy exactly** (with step interpolation of the base).
 * - A peak whose energy does not fit is shortened; peaks shorter than 30 s are not placed.
 * - Seeded per interval: the same trace and seed give the same peaks, whatever the query order.
 * The benchmark reports the load-balancing scenarios with and without this layer.
 */
interface PeakKind {
  appliance: string;
  powerW: number;
  phases: GridPhase[];
  minMs: number;
  maxMs: number;
}

const MIN = 60_000;

export function peakCatalogue(ovenPhases: 1 | 3): PeakKind[] {
  return [
    { appliance: 'kettle', powerW: 2200, phases: ['L1'], minMs: 1.5 * MIN, maxMs: 4 * MIN },
    { appliance: 'microwave', powerW: 1200, phases: ['L1'], minMs: 1 * MIN, maxMs: 5 * MIN },
    { appliance: 'hob', powerW: 1800, phases: ['L2'], minMs: 4 * MIN, maxMs: 12 * MIN },
    { appliance: 'oven', powerW: 3000, phases: ovenPhases === 3 ? ['L1', 'L2', 'L3'] : ['L2'], minMs: 3 * MIN, maxMs: 10 * MIN },
    { appliance: 'hair dryer', powerW: 1800, phases: ['L3'], minMs: 2 * MIN, maxMs: 6 * MIN },
  ];
}

export interface VariabilityOptions {
  seed?: number;
  floorW?: number;
  concentration?: number;
  ovenPhases?: 1 | 3;
}

export interface IntervalPeaks {
  events: ApplianceEvent[];
  /** W, the peaks' energy spread over the interval: subtract it from the recorded average. */
  meanW: number;
}

export class SubIntervalVariability {
  private readonly seed: number;
  private readonly floorW: number;
  private readonly concentration: number;
  private readonly catalogue: PeakKind[];
  private cached?: { index: number; peaks: IntervalPeaks };

  /** @param base the recorded (unplaced) house load whose intervals get peaks */
  constructor(private readonly base: PowerSeries, options: VariabilityOptions = {}) {
    this.seed = options.seed ?? 1;
    this.floorW = options.floorW ?? 150;
    this.concentration = options.concentration ?? 0.7;
    this.catalogue = peakCatalogue(options.ovenPhases ?? 3);
  }

  at(tMs: number): IntervalPeaks {
    const index = this.base.indexAt(tMs);
    if (this.cached?.index !== index) this.cached = { index, peaks: this.peaksOf(index) };
    return this.cached.peaks;
  }

  peaksOf(index: number): IntervalPeaks {
    const startMs = this.base.startsMs[index];
    const lengthMs = this.base.intervalEndMs(index) - startMs;
    const r: Random = seededRandom(subSeed(this.seed, index));
    let budgetWms = this.concentration * Math.max(0, this.base.valuesW[index] - this.floorW) * lengthMs;
    const events: ApplianceEvent[] = [];
    let usedWms = 0;
    while (budgetWms > 0) {
      const kind = this.catalogue[Math.floor(r() * this.catalogue.length)];
      const durationMs = Math.min(lengthMs, uniform(r, kind.minMs, kind.maxMs), budgetWms / kind.powerW);
      if (durationMs < 30_000) break;
      const start = startMs + r() * (lengthMs - durationMs);
      events.push({ appliance: kind.appliance, phases: kind.phases, powerW: kind.powerW, startMs: start, endMs: start + durationMs });
      budgetWms -= kind.powerW * durationMs;
      usedWms += kind.powerW * durationMs;
    }
    return { events, meanW: usedWms / lengthMs };
  }
}
