import { sumPhases } from '../../lib/sim/home/home-sample';
import type { LoadedDay } from './days';
import { stationOptions } from './oracle';
import type { StationSetup } from './plant';

/**
 * How much PV a single car could take over some days if it may start at most `maxStarts` times a
 * day and take at most `maxGridShare` of its energy from the grid over all of them, with perfect
 * foresight. The car follows the surplus second by second in whole amps (never below its minimum
 * while it runs, from the grid if need be); starts are instant, and a 1↔3 switch of a charging car
 * counts as a start, as it does for ours and in the bench's count (the car pauses while the
 * contactor is open). Each μ ≥ 0 of a grid of prices is one dynamic programme per day over
 * (starts used, stopped or running on 1 or 3 phases) per second, maximising
 * PV − μ·(grid − c·PV) with c = share / (1 − share):
 * - the smallest of these maxima bounds the constrained optimum from above (Lagrangian duality):
 *   no controller, causal or not, collects more;
 * - each maximising plan is a real schedule; the one with the most PV among those within the grid
 *   share shows what foresight reaches at least.
 */
export interface StartBound {
  /** kWh of PV the car takes at most under the limits (upper bound). */
  boundKWh: number;
  /** The best schedule found within the limits (a lower bound on what foresight reaches). */
  plan: { pvKWh: number; gridKWh: number };
  /** kWh of PV the oracle (no start limit, no grid) takes. */
  oracleKWh: number;
}

const MU_GRID = [0, 0.25, 0.5, 1, 1.5, 2, 3, 4, 5, 6, 8, 10, 12, 14, 16, 20, 25, 30, 40, 60, 100];

/** W of PV surplus (never below 0) for each second of the day. */
export function surplusSeries(day: LoadedDay): number[] {
  const surplusW: number[] = [];
  for (let t = day.startMs; t < day.endMs; t += 1000) {
    const { houseW, pvW } = day.home.at(t);
    surplusW.push(Math.max(0, sumPhases(pvW) - sumPhases(houseW)));
  }
  return surplusW;
}

/** days: the surplus (W) of each second, one array per day; the start limit holds per day, the grid share over all. */
export function startBound(days: number[][], station: StationSetup, maxStarts: number, maxGridShare: number): StartBound {
  const options = stationOptions(station).filter((o) => o.signalA > 0);
  const powersByPhases = [...new Set(options.map((o) => o.phases))].map((n) =>
    [...new Set(options.filter((o) => o.phases === n).map((o) => o.powerW))].sort((a, b) => a - b),
  );
  const allPowersW = powersByPhases.flat().sort((a, b) => a - b);
  let oracleWs = 0;
  for (const day of days) for (const s of day) oracleWs += allPowersW.filter((p) => p <= s + 1e-9).pop() ?? 0;
  const c = maxGridShare / (1 - maxGridShare);
  let boundWs = Infinity;
  let plan = { pvWs: 0, gridWs: 0 };
  for (const mu of MU_GRID) {
    const perDay = days.map((surplusW) => bestPlan(surplusW, powersByPhases, maxStarts, mu, c));
    boundWs = Math.min(boundWs, perDay.reduce((a, p) => a + p.value, 0));
    const pvWs = perDay.reduce((a, p) => a + p.pvWs, 0);
    const gridWs = perDay.reduce((a, p) => a + p.gridWs, 0);
    if (gridWs <= maxGridShare * (pvWs + gridWs) + 1e-6 && pvWs > plan.pvWs) plan = { pvWs, gridWs };
  }
  return { boundKWh: boundWs / 3.6e6, plan: { pvKWh: plan.pvWs / 3.6e6, gridKWh: plan.gridWs / 3.6e6 }, oracleKWh: oracleWs / 3.6e6 };
}

/** A path's value (W·s) with the PV and grid energy it took. */
interface Path {
  value: number;
  pvWs: number;
  gridWs: number;
}

const NONE: Path = { value: -Infinity, pvWs: 0, gridWs: 0 };
const better = (a: Path, b: Path): Path => (b.value > a.value ? b : a);

/**
 * The plan that maximises Σ [(1 + μc)·PV − μ·grid] (W·s) over one day with at most maxStarts
 * starts, a change between phase counts while running being one. powersByPhases: the car's
 * powers (W) on each phase count it may use.
 */
export function bestPlan(surplusW: number[], powersByPhases: number[][], maxStarts: number, mu: number, c: number): Path {
  const pvWeight = 1 + mu * c;
  const modes = powersByPhases.length;
  // off[k], on[m][k]: the best path so far with k starts used, the car stopped / running in mode m.
  let off: Path[] = Array.from({ length: maxStarts + 1 }, (_, k) => (k === 0 ? { value: 0, pvWs: 0, gridWs: 0 } : NONE));
  let on: Path[][] = powersByPhases.map(() => Array.from({ length: maxStarts + 1 }, () => NONE));
  for (const s of surplusW) {
    const steps = powersByPhases.map((powersW) => {
      let step = NONE;
      for (const p of powersW) {
        const pv = Math.min(p, s);
        step = better(step, { value: pvWeight * pv - mu * (p - pv), pvWs: pv, gridWs: p - pv });
      }
      return step;
    });
    const nextOff = off.map((path, k) => on.reduce((best, byMode) => better(best, byMode[k]), path));
    const nextOn = on.map((byMode, m) =>
      byMode.map((stay, k) => {
        let from = stay;
        if (k > 0) {
          from = better(from, off[k - 1]);
          for (let other = 0; other < modes; other++) if (other !== m) from = better(from, on[other][k - 1]);
        }
        return from.value === -Infinity ? NONE : { value: from.value + steps[m].value, pvWs: from.pvWs + steps[m].pvWs, gridWs: from.gridWs + steps[m].gridWs };
      }),
    );
    off = nextOff;
    on = nextOn;
  }
  return [...off, ...on.flat()].reduce(better, NONE);
}
