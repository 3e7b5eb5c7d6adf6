import { type Clock, systemClock } from '../../clock';
import { gridPhasesW, type HomeSample, type HomeSource, type PhaseTriple, sumPhases } from './home-sample';

/**
 * The home as a device simulator sees it: a HomeSource read through an injected clock, so the
 * demo runs it in real or accelerated time and tests in manual time. Pure: no timers, no I/O.
 */
export interface HomeSnapshot extends HomeSample {
  /** ms since the epoch (simulated time). */
  timestamp: number;
  houseTotalW: number;
  pvTotalW: number;
}

export class HomeSimulation {
  constructor(
    readonly source: HomeSource,
    private readonly clock: Clock,
  ) {}

  now(): HomeSnapshot {
    return this.at(this.clock());
  }

  at(tMs: number): HomeSnapshot {
    const s = this.source.at(tMs);
    return { timestamp: tMs, houseW: s.houseW, pvW: s.pvW, houseTotalW: sumPhases(s.houseW), pvTotalW: sumPhases(s.pvW) };
  }

  /** W per phase at the grid connection (+ import) with the cars drawing carsW per phase. */
  gridNow(carsW: readonly number[] = [0, 0, 0]): PhaseTriple {
    return gridPhasesW(this.source.at(this.clock()), carsW);
  }
}

/**
 * Simulated time that starts at simStartMs and runs `speed` times faster than the wall clock
 * (speed 60: one simulated hour per real minute). Read through the given wall clock.
 */
export function acceleratedClock(simStartMs: number, speed: number, wall: Clock = systemClock): Clock {
  if (!(speed > 0)) throw new Error(`speed must be > 0 (got ${speed})`);
  const wallStart = wall();
  return () => simStartMs + (wall() - wallStart) * speed;
}
