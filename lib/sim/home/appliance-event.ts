import type { GridPhase } from '../../grid-phase';
import type { PhaseTriple } from './home-sample';
import { addOnPhases } from './phase-split';

/** One appliance drawing powerW, shared equally by its phases, during [startMs, endMs). */
export interface ApplianceEvent {
  appliance: string;
  phases: GridPhase[];
  startMs: number;
  endMs: number;
  powerW: number;
}

/** Adds the power of every event active at t to `into` (per phase). */
export function addActiveEvents(into: PhaseTriple, events: readonly ApplianceEvent[], tMs: number): void {
  for (const e of events) if (tMs >= e.startMs && tMs < e.endMs) addOnPhases(into, e.phases, e.powerW);
}

export function eventEnergyWh(e: ApplianceEvent): number {
  return (e.powerW * (e.endMs - e.startMs)) / 3_600_000;
}

/**
 * A thermostat-controlled appliance (oven, heat pump): full power during `firstOnMs`, then cycles
 * `onMs` on / `offMs` off until `endMs`. Returns the on-periods as events.
 */
export function cycling(
  base: Omit<ApplianceEvent, 'startMs' | 'endMs'>,
  startMs: number,
  endMs: number,
  firstOnMs: number,
  onMs: number,
  offMs: number,
): ApplianceEvent[] {
  const out: ApplianceEvent[] = [{ ...base, startMs, endMs: Math.min(endMs, startMs + firstOnMs) }];
  for (let t = startMs + firstOnMs + offMs; t < endMs; t += onMs + offMs) {
    out.push({ ...base, startMs: t, endMs: Math.min(endMs, t + onMs) });
  }
  return out;
}
