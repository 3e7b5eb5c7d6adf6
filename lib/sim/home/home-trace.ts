import type { PowerSeries } from './power-series';

/**
 * A household recording as the loaders return it. Powers in W, interval averages (PowerSeries).
 * `house` is the consumption of everything but the EV (the simulated cars replace the real one);
 * `pv` the PV generation (≥ 0). The grid sees house − pv + cars.
 */
export interface HomeTrace {
  /** Short label for reports, e.g. "OPSD residential4 15-min". */
  name: string;
  house: PowerSeries;
  pv?: PowerSeries;
  /**
   * Sub-metered loads that are part of `house` (OPSD: heat_pump, washing_machine …), so the phase
   * split can put each on the phase(s) it sits on. Never larger than `house` at any interval.
   */
  circuits?: Record<string, PowerSeries>;
  /** Measured house power per phase L1, L2, L3, when the source has it (user CSV l1_w..l3_w). */
  housePhases?: [PowerSeries, PowerSeries, PowerSeries];
  /** What the loader did to the published numbers: sign flips, scale factors, clamps, filled gaps. */
  notes: string[];
}
