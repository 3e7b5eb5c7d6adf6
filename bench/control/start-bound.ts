import { sumPhases } from '../../lib/sim/home/home-sample';
import type { LoadedDay } from './days';
import { stationOptions } from './oracle';
import type { StationSetup } from './plant';

/**
 * How much PV a single car could take on one day if it may start at most `maxStarts` times and
 * take at most `maxGridShare` of its energy from the grid, with perfect foresight: an upper
 * bound for any controller, causal or not. The car follows the surplus second by second in
 * whole amps (never below its minimum while it runs, from the grid if need be), starts and
 * phase switches are free and instant, and only starts are counted. The bound is the
 * Lagrangian dual of "most PV subject to grid ≤ share × energy": for every μ ≥ 0,
 * max over plans of [PV − μ·(grid − c·PV)] (c = share / (1 − share)) is at least the constrained
 * optimum, so the smallest of them over a grid of μ bounds it from above. Each μ is one dynamic
 * programme over (starts used, running) per second.
 */
export interface StartBound {
  /** kWh of PV the car takes at most under the limits (upper bound). */
  boundKWh: number;
  /** kWh of PV the oracle (no start limit, no grid) takes. */
  oracleKWh: number;
}

const MU_GRID = [0, 0.25, 0.5, 1, 1.5, 2, 3, 4, 5, 6, 8, 10, 12, 14, 16, 20, 25, 30, 40, 60, 100];

export function startBound(day: LoadedDay, station: StationSetup, maxStarts: number, maxGridShare: number): StartBound {
  const powersW = [...new Set(stationOptions(station).filter((o) => o.signalA > 0).map((o) => o.powerW))].sort((a, b) => a - b);
  const surplusW: number[] = [];
  for (let t = day.startMs; t < day.endMs; t += 1000) {
    const { houseW, pvW } = day.home.at(t);
    surplusW.push(Math.max(0, sumPhases(pvW) - sumPhases(houseW)));
  }
  let oracleWs = 0;
  for (const s of surplusW) oracleWs += powersW.filter((p) => p <= s + 1e-9).pop() ?? 0;
  const c = maxGridShare / (1 - maxGridShare);
  let boundWs = Infinity;
  for (const mu of MU_GRID) boundWs = Math.min(boundWs, dualValue(surplusW, powersW, maxStarts, mu, c));
  return { boundKWh: boundWs / 3.6e6, oracleKWh: oracleWs / 3.6e6 };
}

/** max over plans of Σ [(1 + μc)·PV − μ·grid] (W·s), with at most maxStarts starts. */
function dualValue(surplusW: number[], powersW: number[], maxStarts: number, mu: number, c: number): number {
  const pvWeight = 1 + mu * c;
  // off[k] / on[k]: best value so far with k starts used, the car stopped / running.
  let off = new Float64Array(maxStarts + 1).fill(-Infinity);
  let on = new Float64Array(maxStarts + 1).fill(-Infinity);
  off[0] = 0;
  const nextOff = new Float64Array(maxStarts + 1);
  const nextOn = new Float64Array(maxStarts + 1);
  for (const s of surplusW) {
    let gain = -Infinity;
    for (const p of powersW) {
      const pv = Math.min(p, s);
      gain = Math.max(gain, pvWeight * pv - mu * (p - pv));
    }
    for (let k = 0; k <= maxStarts; k++) {
      nextOff[k] = Math.max(off[k], on[k]);
      nextOn[k] = Math.max(on[k], k > 0 ? off[k - 1] : -Infinity) + gain;
    }
    [off, on] = [Float64Array.from(nextOff), Float64Array.from(nextOn)];
  }
  return Math.max(...off, ...on);
}
