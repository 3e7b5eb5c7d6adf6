import type { HomeSample, HomeSource } from './home-sample';
import { type PvInverter, splitPv } from './phase-split';
import type { Interpolation, PowerSeries } from './power-series';

/**
 * A house from one source and PV from a recording that has no house (NREL SERF PV 1-min):
 * e.g. the built-in home model's appliances under a real clear-sky day. The house source's own
 * PV is ignored.
 */
export class CombinedHome implements HomeSource {
  readonly name: string;

  constructor(
    private readonly house: HomeSource,
    private readonly pv: PowerSeries,
    private readonly options: { name?: string; pvInverter?: PvInverter; pvInterpolation?: Interpolation } = {},
  ) {
    this.name = options.name ?? `${house.name} + recorded PV`;
  }

  at(tMs: number): HomeSample {
    const pvTotal = Math.max(0, this.pv.at(tMs, this.options.pvInterpolation ?? 'linear'));
    return { houseW: this.house.at(tMs).houseW, pvW: splitPv(pvTotal, this.options.pvInverter) };
  }
}
