import type { GridPhase } from '../grid-phase';
import { InputError } from '../input-error';
import type { ChannelValues } from '../shelly/channels';
import type { CanonicalReading } from './canonical-reading';
import { phaseReading } from './phase-reading';

/** One mapped channel's values, ready to become a phase of a reading. */
export interface PhaseSample {
  phase: GridPhase;
  values: ChannelValues;
  /** The installer asked for a sign flip and the channel can measure direction. */
  reversed: boolean;
  /** Gen1 EM reactive power, var: lets the current be derived exactly. */
  reactiveVar?: number;
  /** The channel reports a magnitude only (cannot see export). */
  unsigned?: boolean;
}

export type DeviceInfo = CanonicalReading['device'];

/**
 * Sums the counters of all samples, one side at a time; a side that any sample lacks is left out
 * (a partial sum would look like a real total). A reversed channel's import is its export.
 * Note: these are sums of per-phase counters, not a net (saldierend) meter.
 */
function energyTotals(samples: readonly PhaseSample[]): CanonicalReading['energy'] | undefined {
  let importWh: number | undefined = 0;
  let exportWh: number | undefined = 0;
  for (const s of samples) {
    const imported = s.reversed ? s.values.exportWh : s.values.importWh;
    const exported = s.reversed ? s.values.importWh : s.values.exportWh;
    importWh = importWh === undefined || imported === undefined ? undefined : importWh + imported;
    exportWh = exportWh === undefined || exported === undefined ? undefined : exportWh + exported;
  }
  if (importWh === undefined && exportWh === undefined) return undefined;
  const energy: NonNullable<CanonicalReading['energy']> = {};
  if (importWh !== undefined) energy.import = importWh;
  if (exportWh !== undefined) energy.export = exportWh;
  return energy;
}

/**
 * The canonical reading of some mapped channels (1 to 3, in L1..L3 order, each with a finite
 * power). `energy`, when given, replaces the sum of the channels' counters (the generic format
 * gives one pair of counters for the whole meter). Throws when a total overflows (1e308 W
 * phases add up to Infinity): a reading is never Infinity or NaN.
 */
export function buildReading(
  samples: readonly PhaseSample[],
  timestamp: number,
  device: DeviceInfo,
  energy?: CanonicalReading['energy'],
): CanonicalReading {
  const phases = samples.map((s) => phaseReading(s.phase, s.values, s.reversed, s.reactiveVar, s.unsigned));
  let powerW = 0;
  for (const p of phases) powerW += p.power as number;
  if (!Number.isFinite(powerW)) throw new InputError('the phases\' power adds up to more than a number can hold; expected W');
  const reading: CanonicalReading = { timestamp, device, phases, power: powerW };
  const totals = energy ?? energyTotals(samples);
  if (totals) {
    if ((totals.import !== undefined && !Number.isFinite(totals.import)) || (totals.export !== undefined && !Number.isFinite(totals.export))) {
      throw new InputError('the energy counters add up to more than a number can hold; expected Wh');
    }
    reading.energy = totals;
  }
  return reading;
}
