import { sumPhases } from '../../lib/sim/home/home-sample';
import { ThermalBreaker } from './breaker';
import type { PlantState } from './plant';

/** A car counts as drawing above this many W (a paused car's standby is far below). */
const DRAWING_W = 50;
/** A above the limit below which float noise is not an overload. */
const OVER_EPSILON_A = 1e-6;

export interface PhaseFigures {
  secondsOver: number;
  ampSecondsOver: number;
  peakA: number;
  /** Highest breaker heat, % of its trip level. */
  breakerPeakPct: number;
  tripped: boolean;
}

export interface StationFigures {
  energyKWh: number;
  starts: number;
  stops: number;
}

export interface RunFigures {
  durationS: number;
  phases: PhaseFigures[];
  /** Seconds with any phase above the limit. */
  secondsOverAny: number;
  pctTimeOver: number;
  /** Highest |grid current| / limit seen on any phase. */
  peakRatio: number;
  breakerPeakPct: number;
  tripped: boolean;
  energyKWh: number;
  /** kWh the cars took while the house had PV to spare (PV surplus = max(0, PV − house), all phases together). */
  pvToCarKWh: number;
  gridToCarKWh: number;
  /** PV surplus energy over the run (what any car could have taken from the sun at most). */
  surplusKWh: number;
  stations: StationFigures[];
  commands: number;
}

/**
 * Streams the plant's figures over a run: each segment [t, t + dt) has a constant state.
 * PV into the car is counted on the connection's net balance (German/Austrian meters net the
 * three phases): min(car W, PV − house). Memory is constant in the run length.
 */
export class RunMetrics {
  private readonly breakers: ThermalBreaker[];
  private readonly phases: PhaseFigures[];
  private durationMs = 0;
  private msOverAny = 0;
  private peakRatio = 0;
  private carWh = 0;
  private pvToCarWh = 0;
  private surplusWh = 0;
  private readonly stations: StationFigures[];
  private readonly drawing: boolean[];
  private commandCount = 0;

  constructor(
    readonly limitA: number,
    stationCount: number,
  ) {
    this.breakers = [0, 1, 2].map(() => new ThermalBreaker(limitA));
    this.phases = [0, 1, 2].map(() => ({ secondsOver: 0, ampSecondsOver: 0, peakA: 0, breakerPeakPct: 0, tripped: false }));
    this.stations = Array.from({ length: stationCount }, () => ({ energyKWh: 0, starts: 0, stops: 0 }));
    this.drawing = Array.from({ length: stationCount }, () => false);
  }

  segment(tMs: number, dtMs: number, state: PlantState): void {
    if (dtMs <= 0) return;
    this.durationMs += dtMs;
    const s = dtMs / 1000;
    let over = false;
    for (let p = 0; p < 3; p++) {
      const a = Math.abs(state.gridA[p]);
      const f = this.phases[p];
      if (a > f.peakA) f.peakA = a;
      if (a > this.limitA + OVER_EPSILON_A) {
        over = true;
        f.secondsOver += s;
        f.ampSecondsOver += (a - this.limitA) * s;
      }
      this.breakers[p].carry(a, dtMs, tMs);
      if (a / this.limitA > this.peakRatio) this.peakRatio = a / this.limitA;
    }
    if (over) this.msOverAny += dtMs;
    const h = dtMs / 3_600_000;
    const carW = state.carW.reduce((a, w) => a + w, 0);
    const surplusW = Math.max(0, sumPhases(state.pvW) - sumPhases(state.houseW));
    this.carWh += carW * h;
    this.pvToCarWh += Math.min(carW, surplusW) * h;
    this.surplusWh += surplusW * h;
    state.carW.forEach((w, i) => {
      this.stations[i].energyKWh += (w * h) / 1000;
      const drawing = w > DRAWING_W;
      if (drawing && !this.drawing[i]) this.stations[i].starts++;
      if (!drawing && this.drawing[i]) this.stations[i].stops++;
      this.drawing[i] = drawing;
    });
  }

  command(): void {
    this.commandCount++;
  }

  figures(): RunFigures {
    const phases = this.phases.map((f, p) => ({
      ...f,
      breakerPeakPct: this.breakers[p].peakTripFraction * 100,
      tripped: this.breakers[p].tripped,
    }));
    return {
      durationS: this.durationMs / 1000,
      phases,
      secondsOverAny: this.msOverAny / 1000,
      pctTimeOver: this.durationMs > 0 ? (100 * this.msOverAny) / this.durationMs : 0,
      peakRatio: this.peakRatio,
      breakerPeakPct: Math.max(...phases.map((f) => f.breakerPeakPct)),
      tripped: phases.some((f) => f.tripped),
      energyKWh: this.carWh / 1000,
      pvToCarKWh: this.pvToCarWh / 1000,
      gridToCarKWh: (this.carWh - this.pvToCarWh) / 1000,
      surplusKWh: this.surplusWh / 1000,
      stations: this.stations.map((s) => ({ ...s })),
      commands: this.commandCount,
    };
  }
}
