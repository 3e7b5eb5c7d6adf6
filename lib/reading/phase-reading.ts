import type { GridPhase } from '../grid-phase';
import type { ChannelValues } from '../shelly/channels';
import type { PhaseReading } from './canonical-reading';

/**
 * One channel's values (SI units, from readChannel() or the generic format) as one phase of the
 * canonical reading:
 *  - reversed: power negated (a CT mounted against the arrow; import/export swap in the totals);
 *  - unwired: a voltage of 0 means the phase is not connected (Pro 3EM captures: a_voltage 0 with
 *    nonsense a_freq 198), so voltage, frequency and pf are left out; power and current stay;
 *  - unsigned: a channel that measures a magnitude only is flagged, so nobody mistakes its 0 W for no export;
 *  - derived current: a meter without a current field (Gen1 EM) gets I = √(P²+Q²)/V when the
 *    reactive power Q is known, else |P|/(V·|pf|), flagged in `derived`. Never from nothing.
 * The caller guarantees powerW is a finite number.
 */
export function phaseReading(
  phase: GridPhase,
  values: ChannelValues,
  reversed: boolean,
  reactiveVar?: number,
  unsigned?: boolean,
): PhaseReading {
  const measuredW = values.powerW as number;
  // 0 - x, not -x: a reversed 0 W stays +0 (no "-0" in the output).
  const powerW = reversed ? 0 - measuredW : measuredW;
  const reading: PhaseReading = { phase, power: powerW };
  if (unsigned) reading.unsigned = true;
  const voltageV = values.voltageV;
  const wired = voltageV !== undefined && voltageV > 0;
  if (values.currentA !== undefined) {
    reading.current = values.currentA;
  } else if (wired) {
    const derivedA = deriveCurrentA(measuredW, voltageV, reactiveVar, values.pf);
    if (derivedA !== undefined) {
      reading.current = derivedA;
      reading.derived = ['current'];
    }
  }
  if (wired) reading.voltage = voltageV;
  // 0 V is an unwired phase, whose pf and frequency mean nothing; a meter that gives no voltage at all still gives them.
  if (wired || voltageV === undefined) {
    if (values.pf !== undefined) reading.pf = values.pf;
    if (values.frequencyHz !== undefined) reading.frequency = values.frequencyHz;
  }
  return reading;
}

function deriveCurrentA(powerW: number, voltageV: number, reactiveVar: number | undefined, pf: number | undefined): number | undefined {
  let currentA: number | undefined;
  if (reactiveVar !== undefined) currentA = Math.hypot(powerW, reactiveVar) / voltageV;
  else if (pf !== undefined && pf !== 0) currentA = Math.abs(powerW) / (voltageV * Math.abs(pf));
  return currentA !== undefined && Number.isFinite(currentA) ? currentA : undefined;
}
