import type { HomeSample, HomeSource, PhaseTriple } from '../../../lib/sim/home/home-sample';

/**
 * A home whose load and PV the test sets by hand (W per grid phase), for fault tests that need a
 * known, steady site: "2 A on every phase", "an oven on L1".
 */
export class ControlledHome implements HomeSource {
  readonly name = 'controlled';
  houseW: PhaseTriple;
  pvW: PhaseTriple = [0, 0, 0];

  constructor(houseW: PhaseTriple = [460, 460, 460]) {
    this.houseW = [...houseW];
  }

  /** Sets the household load as A per phase at 230 V. */
  setHouseA(currentsA: PhaseTriple): void {
    this.houseW = currentsA.map((a) => a * 230) as PhaseTriple;
  }

  at(): HomeSample {
    return { houseW: [...this.houseW], pvW: [...this.pvW] };
  }
}
