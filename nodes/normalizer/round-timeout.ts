import { InputError } from '../../lib/input-error';
import type { Translate } from '../common/i18n';

const DEFAULT_ROUND_TIMEOUT_MS = 500;

/** The Gen1 MQTT wait, bounded like the dialog's field. */
const ROUND_TIMEOUT_MS = { min: 10, max: 60_000 };

/**
 * The Gen1 MQTT wait (ms) from the dialog's field: empty (or only spaces, which the dialog trims
 * too; or absent, in a flow saved before the setting) is the default 500 ms; otherwise 10–60000 ms.
 */
export function roundTimeoutMs(value: unknown, t: Translate): number {
  const text = typeof value === 'string' ? value.trim() : value;
  if (text === undefined || text === '') return DEFAULT_ROUND_TIMEOUT_MS;
  const ms = typeof text === 'string' ? Number(text) : text;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < ROUND_TIMEOUT_MS.min || ms > ROUND_TIMEOUT_MS.max) {
    throw new InputError(t('lektrico-normalizer.error.roundTimeout', { value: JSON.stringify(value), min: ROUND_TIMEOUT_MS.min, max: ROUND_TIMEOUT_MS.max }));
  }
  return ms;
}
