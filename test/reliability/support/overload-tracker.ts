import type { SiteSnapshot } from '../../../lib/sim/site';

/**
 * The breaker's view of a site, from the simulators' truth: an overload episode is a stretch of
 * updates during which a phase carries more than the limit while a car draws on it (a house
 * that is over the limit by itself is not the chain's doing). The chain must end each episode
 * within its reaction time: the meter's period, the station's poll and the car's reaction.
 */
export interface OverloadSummary {
  episodes: number;
  /** ms, the longest episode (wall clock). */
  longestMs: number;
  /** A, the highest grid current seen on any phase while a car drew on it. */
  peakA: number;
  samples: number;
}

export class OverloadTracker {
  private readonly since: Array<number | undefined> = [undefined, undefined, undefined];
  private summary: OverloadSummary = { episodes: 0, longestMs: 0, peakA: 0, samples: 0 };

  constructor(
    private readonly limitA: number,
    private readonly now: () => number = Date.now,
  ) {}

  record(snapshot: SiteSnapshot): void {
    const nowMs = this.now();
    this.summary.samples += 1;
    snapshot.gridA.forEach((gridA, i) => {
      const carOnPhase = snapshot.carsW[i] > 1;
      if (carOnPhase) this.summary.peakA = Math.max(this.summary.peakA, gridA);
      const over = carOnPhase && gridA > this.limitA;
      const started = this.since[i];
      if (over && started === undefined) {
        this.since[i] = nowMs;
        this.summary.episodes += 1;
      } else if (!over && started !== undefined) {
        this.since[i] = undefined;
      }
      if (started !== undefined) this.summary.longestMs = Math.max(this.summary.longestMs, nowMs - started);
    });
  }

  /** Episodes so far; a running one counts with its length up to now. */
  get result(): OverloadSummary {
    return { ...this.summary };
  }

  /** Starts counting afresh (e.g. after a deliberate overload the test caused). */
  reset(): void {
    this.since.fill(undefined);
    this.summary = { episodes: 0, longestMs: 0, peakA: 0, samples: 0 };
  }
}
