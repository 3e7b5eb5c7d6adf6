import type { GridPhase } from '../../lib/grid-phase';
import { GRID_PHASES, phaseIndex } from '../../lib/grid-phase';
import type { CanonicalReading } from '../../lib/reading/canonical-reading';
import { type HistogramData, LogHistogram } from './histogram';

/**
 * Overload episodes and how fast a policy removes them. An episode is a stretch of time with
 * some phase above the limit (plant truth). For each one:
 * - detected: the first delivered meter reading that shows a phase above the limit;
 * - commanded: the first command after that which lowers a car on an overloaded phase;
 * - cleared: the end of the episode (the car followed, or the house load went away).
 * Times are simulated ms; `wallUs` is the in-process time of the controller call that
 * produced the command.
 */
export interface ReactionFigures {
  episodes: number;
  detected: number;
  commanded: number;
  /** reading delivered → command (simulated ms). */
  readingToCommandMs: HistogramData;
  /** overload onset (plant) → command (simulated ms): "end to end" before the car's own delay. */
  onsetToCommandMs: HistogramData;
  /** overload onset → back under the limit (includes the car's reaction). */
  onsetToClearMs: HistogramData;
  /** µs in-process for the controller calls that issued those commands. */
  commandWallUs: HistogramData;
}

export interface Quantiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function quantiles(h: LogHistogram | HistogramData): Quantiles {
  const hist = h instanceof LogHistogram ? h : LogHistogram.fromData(h);
  return { count: hist.count, p50: hist.quantile(0.5), p95: hist.quantile(0.95), p99: hist.quantile(0.99), max: hist.count > 0 ? hist.max : NaN };
}

interface Episode {
  onsetMs: number;
  phases: Set<GridPhase>;
  detectedMs?: number;
  commandedMs?: number;
}

export class ReactionTracker {
  private open?: Episode;
  private episodes = 0;
  private detected = 0;
  private commanded = 0;
  private readonly readingToCommand = new LogHistogram();
  private readonly onsetToCommand = new LogHistogram();
  private readonly onsetToClear = new LogHistogram();
  private readonly wall = new LogHistogram();

  constructor(private readonly limitA: number) {}

  /** The plant from tMs on, |A| per phase. */
  plant(tMs: number, gridA: readonly number[]): void {
    const over = GRID_PHASES.filter((_, i) => Math.abs(gridA[i]) > this.limitA + 1e-6);
    if (over.length > 0) {
      if (!this.open) {
        this.open = { onsetMs: tMs, phases: new Set(over) };
        this.episodes++;
      } else for (const p of over) this.open.phases.add(p);
    } else if (this.open) {
      this.onsetToClear.add(tMs - this.open.onsetMs);
      this.open = undefined;
    }
  }

  reading(deliveredMs: number, reading: CanonicalReading): void {
    const e = this.open;
    if (!e || e.detectedMs !== undefined) return;
    if (reading.phases.some((p) => (p.current ?? 0) > this.limitA + 1e-6)) {
      e.detectedMs = deliveredMs;
      this.detected++;
    }
  }

  /** A command lowering the draw on `lowered` grid phases was decided at tMs. */
  command(tMs: number, lowered: readonly GridPhase[], wallUs: number): void {
    const e = this.open;
    if (!e || e.detectedMs === undefined || e.commandedMs !== undefined) return;
    if (!lowered.some((p) => e.phases.has(p))) return;
    e.commandedMs = tMs;
    this.commanded++;
    this.readingToCommand.add(tMs - e.detectedMs);
    this.onsetToCommand.add(tMs - e.onsetMs);
    this.wall.add(wallUs);
  }

  figures(): ReactionFigures {
    return {
      episodes: this.episodes,
      detected: this.detected,
      commanded: this.commanded,
      readingToCommandMs: this.readingToCommand.toData(),
      onsetToCommandMs: this.onsetToCommand.toData(),
      onsetToClearMs: this.onsetToClear.toData(),
      commandWallUs: this.wall.toData(),
    };
  }
}

/** Grid phases on which a station draws less after a command than before. */
export function loweredPhases(
  gridPhases: readonly GridPhase[],
  before: { currentA: number; phases: 1 | 3 },
  after: { currentA: number; phases: 1 | 3 },
): GridPhase[] {
  const per = (s: { currentA: number; phases: 1 | 3 }): number[] => {
    const out = [0, 0, 0];
    gridPhases.slice(0, s.phases).forEach((p) => (out[phaseIndex(p)] += s.currentA));
    return out;
  };
  const b = per(before);
  const a = per(after);
  return GRID_PHASES.filter((_, i) => a[i] < b[i]);
}
