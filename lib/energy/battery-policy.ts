import { refuseStampAhead } from '../clock';
import { InputError } from '../input-error';
import { checkChoice, checkNumber, withoutUndefined } from './config-check';
import type { BatteryStatus } from './messages';
import { formatKw } from './units';

export type BatteryPolicy = 'car-first' | 'battery-first' | 'battery-first-below-soc';
export const BATTERY_POLICIES: readonly BatteryPolicy[] = ['car-first', 'battery-first', 'battery-first-below-soc'];

export interface BatteryPolicyConfig {
  policy: BatteryPolicy;
  /** %: below it the battery charges first (battery-first-below-soc). */
  prioritySoc: number;
  /** %: the car takes priority again only once the SoC is this much above prioritySoc. */
  socHysteresis: number;
  /** ms after which a battery reading is ignored. */
  staleAfterMs: number;
}

export const BATTERY_DEFAULTS: BatteryPolicyConfig = {
  // openWB's ev_mode default: the car before the battery.
  policy: 'car-first',
  // openWB's min_soc_bat_mode switches at 50 %; evcc's prioritySoc has the same role.
  prioritySoc: 50,
  socHysteresis: 5,
  // SmartEVSE drops a battery current older than 60 s.
  staleAfterMs: 60_000,
};

export function checkBatteryConfig(raw: Partial<BatteryPolicyConfig>): BatteryPolicyConfig {
  const c = { ...BATTERY_DEFAULTS, ...withoutUndefined(raw) };
  const policy = checkChoice('battery policy', c.policy, BATTERY_POLICIES);
  const prioritySoc = checkNumber('battery priority SoC', c.prioritySoc, { min: 0, max: 100, unit: '%' });
  const socHysteresis = checkNumber('battery SoC hysteresis', c.socHysteresis, { min: 0, max: 50, unit: '%' });
  // Car first comes back at SoC + hysteresis: above 100 % it never would.
  if (policy === 'battery-first-below-soc' && prioritySoc + socHysteresis > 100) {
    throw new InputError(
      `battery priority SoC plus the battery SoC hysteresis (${prioritySoc} + ${socHysteresis} %) must be at most 100 % with "battery first below a SoC": above it the car never gets priority again`,
    );
  }
  return { policy, prioritySoc, socHysteresis, staleAfterMs: checkNumber('battery timeout', c.staleAfterMs, { min: 1000, unit: 'ms' }) };
}

/** A battery message payload: {powerW, soc?, timestamp?} (power + = charging). */
export function checkBatteryStatus(value: unknown, receivedAtMs: number): BatteryStatus {
  const b = value as Record<string, unknown> | null;
  if (typeof b !== 'object' || b === null) throw new InputError('battery payload must be an object {powerW, soc}');
  const powerW = checkNumber('battery powerW', b.powerW);
  const soc = b.soc === undefined ? undefined : checkNumber('battery soc', b.soc, { min: 0, max: 100, unit: '%' });
  const timestamp = b.timestamp === undefined ? receivedAtMs : checkNumber('battery timestamp', b.timestamp);
  // Stamped far ahead, it would count as fresh for as long (a µs stamp: for ever).
  refuseStampAhead('battery timestamp', timestamp, receivedAtMs);
  // Stamped a little ahead (a fast clock), it is no fresher than its arrival: its age counts from then.
  return { powerW, ...(soc === undefined ? {} : { soc }), timestamp: Math.min(timestamp, receivedAtMs) };
}

export interface BatteryContribution {
  /** W added to the grid-based surplus (may be negative). */
  surplusW: number;
  /** Short note for the reason line, empty when there is no battery. */
  note: string;
}

/**
 * How a home battery changes the PV surplus available to the cars. Its discharge never feeds a
 * car (always subtracted); whether its charging power is the car's to take depends on the policy.
 */
export class BatteryPolicyState {
  private carFirstBySoc = false;

  constructor(private readonly config: BatteryPolicyConfig) {}

  contribution(battery: BatteryStatus | undefined, nowMs: number): BatteryContribution {
    if (!battery) return { surplusW: 0, note: '' };
    if (nowMs - battery.timestamp > this.config.staleAfterMs) return { surplusW: 0, note: 'battery reading too old, ignored' };
    const carFirst = this.carFirst(battery);
    // Car first: the battery's charging power goes to the car (the battery charges less).
    // Battery first: only its discharge counts, subtracted so the car is not fed from it.
    const surplusW = carFirst ? battery.powerW : Math.min(0, battery.powerW);
    const soc = battery.soc === undefined ? '' : ` at ${Math.round(battery.soc)} %`;
    return { surplusW, note: `${carFirst ? 'car' : 'battery'} first, battery ${formatKw(battery.powerW)}${soc}` };
  }

  private carFirst(battery: BatteryStatus): boolean {
    const { policy, prioritySoc, socHysteresis } = this.config;
    if (policy !== 'battery-first-below-soc') return policy === 'car-first';
    // Without a SoC the battery keeps priority (the cautious choice for the battery).
    if (battery.soc === undefined) return (this.carFirstBySoc = false);
    if (battery.soc < prioritySoc) this.carFirstBySoc = false;
    else if (battery.soc >= prioritySoc + socHysteresis) this.carFirstBySoc = true;
    return this.carFirstBySoc;
  }
}
