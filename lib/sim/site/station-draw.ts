import { type GridPhase, phaseIndex } from '../../grid-phase';
import type { PhaseTriple } from '../home/home-sample';
import type { StationModel } from '../lektrico/station-model';

/**
 * What one simulated station draws from the grid, per grid phase (W): the car's current on each
 * station phase times that phase's voltage, put on the grid phase the installer wired it to
 * (the same wiring the station node's "Wired to" setting describes).
 */
export function stationGridW(model: StationModel, gridPhases: readonly GridPhase[]): PhaseTriple {
  model.advance(); // the car reacts in the model's own time; bring it to now before reading
  const currents = model.currentsA();
  const out: PhaseTriple = [0, 0, 0];
  gridPhases.forEach((phase, i) => {
    out[phaseIndex(phase)] += currents[i] * model.voltagesV[i];
  });
  return out;
}
