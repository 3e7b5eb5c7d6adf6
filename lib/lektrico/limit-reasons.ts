/**
 * `current_limit_reason`: which cap sets the current signalled to the car now. The effective
 * current is the minimum of install, user, dynamic, the station's own EM, schedule, OCPP and
 * temperature; the code says which one binds. Codes from the vendor docs / lektricowifi.
 */
export interface LimitReason {
  code: number;
  name: LimitReasonName;
}

export type LimitReasonName =
  | 'no_limit'
  | 'installation_current'
  | 'user_limit'
  | 'dynamic_limit'
  | 'schedule'
  | 'em_offline'
  | 'em'
  | 'ocpp'
  | 'overtemperature'
  | 'switching_phases'
  | '1p_charging_disabled'
  | 'unknown';

/** Index = code. 10 is a second user-limit source on the device (meaning not documented). */
const NAMES: readonly LimitReasonName[] = [
  'no_limit',
  'installation_current',
  'user_limit',
  'dynamic_limit',
  'schedule',
  'em_offline',
  'em',
  'ocpp',
  'overtemperature',
  'switching_phases',
  'user_limit',
  '1p_charging_disabled',
];

export const UNKNOWN_LIMIT_REASON_CODE = -1;

export function limitReasonName(code: number): LimitReasonName {
  return Number.isInteger(code) && code >= 0 && code < NAMES.length ? NAMES[code] : 'unknown';
}

/** Texts lektricowifi produced in 2023 ("Installation current") and its snake_case names. */
function codeOfText(text: string): number | undefined {
  const key = text.trim().toLowerCase().replace(/[\s-]+/g, '_');
  const code = NAMES.indexOf(key as LimitReasonName);
  return code >= 0 ? code : undefined;
}

/**
 * Decodes the raw integer (or a library's text form). A missing key (older firmware) means
 * no limit, as lektricowifi assumes; an unrecognised value gives name 'unknown' and keeps its
 * integer code (or -1 when it is not an integer).
 */
export function decodeLimitReason(value: unknown): LimitReason {
  if (value === undefined || value === null) return { code: 0, name: 'no_limit' };
  if (typeof value === 'number' && Number.isInteger(value)) return { code: value, name: limitReasonName(value) };
  if (typeof value === 'string') {
    const code = codeOfText(value);
    if (code !== undefined) return { code, name: NAMES[code] };
  }
  return { code: UNKNOWN_LIMIT_REASON_CODE, name: 'unknown' };
}

/** Caps the chain does not control: when one binds, the car gets less than the dynamic limit. */
export function isExternalLimit(reason: { name: string }): boolean {
  return reason.name !== 'no_limit' && reason.name !== 'dynamic_limit';
}
