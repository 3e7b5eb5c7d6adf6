import type { ManualClock } from '../../lib/clock';
import { NOMINAL_VOLTAGE_V, phaseIndex } from '../../lib/grid-phase';
import type { CarOptions } from '../../lib/sim/lektrico/car-model';
import { StationModel } from '../../lib/sim/lektrico/station-model';
import type { HomeSample, HomeSource, PhaseTriple } from '../../lib/sim/home/home-sample';
import type { StationInfo } from './controller';

/** A station of the installation with the car behind it. */
export interface StationSetup extends StationInfo {
  type: '1p7k' | '3p22k';
  car: CarOptions;
}

/** The physical side at one instant: what a perfect meter would show. */
export interface PlantState {
  houseW: PhaseTriple;
  pvW: PhaseTriple;
  /** A per grid phase at the connection, signed (+ import). */
  gridA: PhaseTriple;
  /** A drawn by the cars per grid phase. */
  carsA: PhaseTriple;
  /** W drawn by each station's car (in station order). */
  carW: number[];
}

/**
 * The home plus the stations (the package's StationModel with its CarModel: reaction delay,
 * start lag, draw ratio, 1/3 phases), all on the simulation's clock. The home is sampled once per
 * simulated second (its traces have no finer detail); the cars move whenever the clock does.
 * Every power is at the nominal 230 V, so W and A convert without a voltage model.
 */
export class Plant {
  readonly stations: Array<{ setup: StationSetup; model: StationModel }>;
  private homeSecond = NaN;
  private homeSample: HomeSample = { houseW: [0, 0, 0], pvW: [0, 0, 0] };

  constructor(
    readonly home: HomeSource,
    setups: StationSetup[],
    private readonly clock: ManualClock,
  ) {
    this.stations = setups.map((setup, i) => ({
      setup,
      model: new StationModel({
        type: setup.type,
        serial: String((setup.type === '1p7k' ? 500001 : 700001) + i),
        clock: clock.now,
        bootDynamicCurrentA: 0, // a controller starts every car: no free 32 A at t = 0
        car: setup.car,
        voltagesV: [NOMINAL_VOLTAGE_V, NOMINAL_VOLTAGE_V, NOMINAL_VOLTAGE_V],
      }),
    }));
  }

  homeAt(tMs: number): HomeSample {
    const second = Math.floor(tMs / 1000);
    if (second !== this.homeSecond) {
      this.homeSecond = second;
      this.homeSample = this.home.at(second * 1000);
    }
    return this.homeSample;
  }

  /** The plant at the clock's now (advances the stations to it). */
  state(): PlantState {
    const t = this.clock.now();
    const { houseW, pvW } = this.homeAt(t);
    const carsA: PhaseTriple = [0, 0, 0];
    const carW: number[] = [];
    for (const { setup, model } of this.stations) {
      model.advance();
      const currents = model.currentsA();
      let w = 0;
      setup.gridPhases.forEach((phase, i) => {
        const a = currents[i] ?? 0;
        carsA[phaseIndex(phase)] += a;
        w += a * NOMINAL_VOLTAGE_V;
      });
      carW.push(w);
    }
    const gridA = [0, 1, 2].map((p) => (houseW[p] - pvW[p]) / NOMINAL_VOLTAGE_V + carsA[p]) as PhaseTriple;
    return { houseW, pvW, gridA, carsA, carW };
  }
}
