import { InputError } from '../input-error';

/** What a numeric setting must be. Bounds are inclusive. */
export interface NumberRule {
  min?: number;
  max?: number;
  integer?: boolean;
  /** Shown after the number in messages: "A", "W", "s". */
  unit?: string;
}

function describeRule(rule: NumberRule): string {
  const unit = rule.unit ? ` ${rule.unit}` : '';
  const kind = rule.integer ? 'a whole number' : 'a number';
  if (rule.min !== undefined && rule.max !== undefined) return `${kind} from ${rule.min} to ${rule.max}${unit}`;
  if (rule.min !== undefined) return `${kind} of at least ${rule.min}${unit}`;
  if (rule.max !== undefined) return `${kind} of at most ${rule.max}${unit}`;
  return kind;
}

/**
 * The value when it is a finite number within the rule; otherwise an InputError that names the
 * setting, says what was expected and what was given.
 */
export function checkNumber(name: string, value: unknown, rule: NumberRule = {}): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (rule.min === undefined || value >= rule.min) &&
    (rule.max === undefined || value <= rule.max) &&
    (!rule.integer || Number.isInteger(value));
  if (!ok) throw new InputError(`${name} must be ${describeRule(rule)} (got ${JSON.stringify(value) ?? String(value)})`);
  return value as number;
}

/** An optional number: undefined stays undefined, anything else must pass the rule. */
export function checkOptionalNumber(name: string, value: unknown, rule: NumberRule = {}): number | undefined {
  return value === undefined ? undefined : checkNumber(name, value, rule);
}

export function checkBoolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new InputError(`${name} must be true or false (got ${JSON.stringify(value)})`);
  return value;
}

/** One of the listed strings, or an InputError listing them. */
export function checkChoice<T extends string>(name: string, value: unknown, choices: readonly T[]): T {
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
  throw new InputError(`${name} must be one of ${choices.join(', ')} (got ${JSON.stringify(value)})`);
}

/**
 * A number typed in the editor: Node-RED stores form fields as strings, so "" and undefined mean
 * "not set" (undefined) and anything else is converted; a non-number stays NaN so the check that
 * follows reports it.
 */
export function settingNumber(raw: unknown): number | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string') return raw.trim() === '' ? undefined : Number(raw);
  return Number.NaN;
}

/** A checkbox from the editor: true/"true"/"on" are true, anything else false. */
export function settingBoolean(raw: unknown): boolean {
  return raw === true || raw === 'true' || raw === 'on';
}

/** The object without its undefined fields, so `{...defaults, ...withoutUndefined(raw)}` keeps the defaults. */
export function withoutUndefined<T extends object>(raw: T): Partial<T> {
  return Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)) as Partial<T>;
}
