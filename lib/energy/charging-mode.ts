import { InputError } from '../input-error';
import { CHARGING_MODES, type ChargingMode } from './messages';

/**
 * A mode as a user or the app's slider sends it: 'off' | 'power' | 'hybrid' | 'green' in any case,
 * or LEKTRI.CO's load_balancing_mode numbers 0..3 (0 off, 1 Power, 2 Hybrid, 3 Green), also as
 * the strings "0".."3" that dashboards send.
 */
export function parseChargingMode(value: unknown): ChargingMode {
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if ((CHARGING_MODES as readonly string[]).includes(text)) return text as ChargingMode;
    if (/^[0-3]$/.test(text)) return CHARGING_MODES[Number(text)];
  }
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 3) return CHARGING_MODES[value];
  throw new InputError(`unknown charging mode ${JSON.stringify(value)}: expected off, power, hybrid, green or 0–3`);
}
