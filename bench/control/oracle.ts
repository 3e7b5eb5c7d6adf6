import { NOMINAL_VOLTAGE_V, phaseIndex } from '../../lib/grid-phase';
import type { HomeSource, PhaseTriple } from '../../lib/sim/home/home-sample';
import { sumPhases } from '../../lib/sim/home/home-sample';
import type { BenchMode } from './controller';
import { RunMetrics, type RunFigures } from './metrics';
import type { StationSetup } from './plant';

/**
 * The ideal: a controller with perfect foresight and an ideal car, computed second by second
 * from the trace itself. It obeys the same car constraints as the simulated cars (whole amps,
 * 0 or min..max, the car's own maximum and draw ratio, 1 or 3 phases, and 1↔3 switching only
 * where the station may switch) but knows the house and PV exactly, reacts instantly, and pays
 * nothing for starting, stopping or switching. So its figures are upper bounds:
 * - Power: the most energy the cars could take with no phase ever above the limit;
 * - Green: the most PV energy the cars could take with no grid energy at all;
 * - Hybrid: every car at least its minimum (where the limit allows), then as much PV as fits,
 *   and no grid beyond the minimums.
 * Its start/stop and command counts are reported but mean little: it switches at will.
 */
export interface OracleSetup {
  home: HomeSource;
  startMs: number;
  endMs: number;
  limitA: number;
  mode: BenchMode;
  stations: StationSetup[];
}

interface Option {
  signalA: number;
  phases: 1 | 3;
  /** A drawn on each grid phase L1..L3. */
  drawA: PhaseTriple;
  powerW: number;
  /** W this car would draw at its minimum on the same phases (what Hybrid may take from the grid). */
  minPowerW: number;
}

export function stationOptions(s: StationSetup): Option[] {
  const carPhases = s.car.phases ?? 3;
  const counts: Array<1 | 3> = s.gridPhases.length < 3 || carPhases === 1 ? [1] : s.canSwitchPhases ? [1, 3] : [3];
  const carMaxA = s.car.maxCurrentA ?? 16;
  const ratio = s.car.drawRatio ?? 1;
  const options: Option[] = [{ signalA: 0, phases: counts[counts.length - 1], drawA: [0, 0, 0], powerW: 0, minPowerW: 0 }];
  for (const n of counts) {
    for (let a = s.minCurrentA; a <= s.maxCurrentA; a++) {
      const perPhase = Math.min(a, carMaxA) * ratio;
      const drawA: PhaseTriple = [0, 0, 0];
      for (const p of s.gridPhases.slice(0, n)) drawA[phaseIndex(p)] += perPhase;
      const minPowerW = Math.min(s.minCurrentA, carMaxA) * ratio * n * NOMINAL_VOLTAGE_V;
      options.push({ signalA: a, phases: n, drawA, powerW: perPhase * n * NOMINAL_VOLTAGE_V, minPowerW });
    }
  }
  return options;
}

/** Lexicographic score of a combination for the mode (higher is better). */
function score(mode: BenchMode, combo: Option[], surplusW: number): number[] | undefined {
  const total = combo.reduce((a, o) => a + o.powerW, 0);
  if (mode === 'power') return [total];
  if (mode === 'green') return total <= surplusW + 1e-9 ? [total] : undefined;
  // Hybrid: grid only for the minimums; above them, PV only
  const minimumsW = combo.reduce((a, o) => a + o.minPowerW, 0);
  if (total > Math.max(surplusW, minimumsW) + 1e-9) return undefined;
  const allCharging = combo.every((o) => o.signalA > 0) ? 1 : 0;
  return [allCharging, Math.min(total, surplusW), -total];
}

function better(a: number[], b: number[] | undefined): boolean {
  if (!b) return true;
  for (let i = 0; i < a.length; i++) {
    if (a[i] > b[i] + 1e-9) return true;
    if (a[i] < b[i] - 1e-9) return false;
  }
  return false;
}

/** The best combination of station options at one instant (ties keep the earlier option). */
export function bestCombination(
  mode: BenchMode,
  options: Option[][],
  baseA: readonly number[],
  limitA: number,
  surplusW: number,
): Option[] {
  let best: { combo: Option[]; score: number[] } | undefined;
  const combo: Option[] = [];
  const load = [...baseA];
  const visit = (i: number): void => {
    if (i === options.length) {
      const s = score(mode, combo, surplusW);
      if (s && better(s, best?.score)) best = { combo: [...combo], score: s };
      return;
    }
    for (const o of options[i]) {
      let fits = true;
      for (let p = 0; p < 3; p++) {
        const after = load[p] + o.drawA[p];
        if (o.drawA[p] > 0 && Math.abs(after) > limitA + 1e-9) fits = false;
      }
      if (!fits) continue;
      for (let p = 0; p < 3; p++) load[p] += o.drawA[p];
      combo.push(o);
      visit(i + 1);
      combo.pop();
      for (let p = 0; p < 3; p++) load[p] -= o.drawA[p];
    }
  };
  visit(0);
  return best ? best.combo : options.map((o) => o[0]);
}

export function runOracle(setup: OracleSetup): { figures: RunFigures; wallMs: number } {
  const wallStart = process.hrtime.bigint();
  const options = setup.stations.map(stationOptions);
  const metrics = new RunMetrics(setup.limitA, setup.stations.length);
  let previous: Option[] | undefined;
  for (let t = setup.startMs; t < setup.endMs; t += 1000) {
    const { houseW, pvW } = setup.home.at(t);
    const baseA = [0, 1, 2].map((p) => (houseW[p] - pvW[p]) / NOMINAL_VOLTAGE_V);
    const surplusW = Math.max(0, sumPhases(pvW) - sumPhases(houseW));
    const combo = bestCombination(setup.mode, options, baseA, setup.limitA, surplusW);
    const carsA: PhaseTriple = [0, 0, 0];
    for (const o of combo) for (let p = 0; p < 3; p++) carsA[p] += o.drawA[p];
    combo.forEach((o, i) => {
      if (previous && (previous[i].signalA !== o.signalA || previous[i].phases !== o.phases)) metrics.command();
    });
    previous = combo;
    metrics.segment(t, Math.min(1000, setup.endMs - t), {
      houseW,
      pvW,
      carsA,
      gridA: [0, 1, 2].map((p) => baseA[p] + carsA[p]) as PhaseTriple,
      carW: combo.map((o) => o.powerW),
    });
  }
  return { figures: metrics.figures(), wallMs: Number(process.hrtime.bigint() - wallStart) / 1e6 };
}
