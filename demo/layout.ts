import type { GridPhase } from '../lib/grid-phase';
import type { CarOptions } from '../lib/sim/lektrico/car-model';
import type { SimStationType } from '../lib/sim/lektrico/station-model';
import { familyOf, type SimulatedShellyModel } from '../lib/sim/shelly/families';

/**
 * The demo's home, fitted to the chosen meter: a three-phase meter gets a three-phase home
 * (3 × 25 A, 8 kWp, a 22 kW car on a 3P22K and a 7 kW car on a 1P7K wired to L2, so both share L2);
 * a one- or two-channel meter gets a single-phase home (40 A, 4.6 kWp, two 1P7K). The cars can
 * take more than the connection gives, so in Power mode the limit is what decides.
 */
export interface DemoStation {
  /** Local name in the flow and the station id the splitter addresses it by. */
  key: string;
  name: string;
  type: SimStationType;
  serial: string;
  gridPhases: GridPhase[];
  car: CarOptions;
}

export interface DemoLayout {
  threePhase: boolean;
  limitA: number;
  pvKWp: number;
  pvMeterModel: SimulatedShellyModel;
  stations: DemoStation[];
  /** What the visitor should know about this meter in the demo. */
  warnings: string[];
}

export function demoLayout(model: SimulatedShellyModel, stationCount: 1 | 2): DemoLayout {
  const family = familyOf(model);
  const warnings: string[] = [];
  let pvKWp = family.threePhase ? 8 : 4.6;
  if (!family.fields.signedPower) {
    warnings.push(`the ${model} reports power without a sign, so it cannot tell export from import: the demo home has no PV`);
    pvKWp = 0;
  }
  const stations: DemoStation[] = family.threePhase
    ? [
        { key: 'garage', name: 'garage (3P22K)', type: '3p22k', serial: '700101', gridPhases: ['L1', 'L2', 'L3'], car: { maxCurrentA: 32, phases: 3, drawRatio: 0.97 } },
        { key: 'carport', name: 'carport (1P7K on L2)', type: '1p7k', serial: '500102', gridPhases: ['L2'], car: { maxCurrentA: 32, phases: 1, drawRatio: 0.98 } },
      ]
    : [
        { key: 'garage', name: 'garage (1P7K)', type: '1p7k', serial: '500101', gridPhases: ['L1'], car: { maxCurrentA: 32, phases: 1, drawRatio: 0.97 } },
        { key: 'carport', name: 'carport (1P7K)', type: '1p7k', serial: '500102', gridPhases: ['L1'], car: { maxCurrentA: 16, phases: 1, drawRatio: 0.98 } },
      ];
  return {
    threePhase: family.threePhase,
    limitA: family.threePhase ? 25 : 40,
    pvKWp,
    pvMeterModel: family.threePhase ? 'S3EM-003CXCEU63' : 'S3PM-001PCEU16',
    stations: stations.slice(0, stationCount),
    warnings,
  };
}
