/**
 * The device config node's numeric settings, in seconds as the dialog shows them, with the
 * bounds both the runtime and the dialog enforce (shelly-device.html repeats these numbers in
 * its validators, since the editor cannot import this file).
 */
export interface SecondsSetting {
  /** Catalogue key of the setting's name in error texts. */
  readonly key: 'pollInterval' | 'timeout';
  readonly minS: number;
  readonly maxS: number;
  readonly defaultS: number;
}

/** 20 Hz is the fastest a Pro 3EM answers reliably; an hour is a meter that is as good as unread. */
export const POLL_INTERVAL: SecondsSetting = { key: 'pollInterval', minS: 0.05, maxS: 3600, defaultS: 1 };
/** Below 0.1 s even a device on the same switch misses; above a minute nobody waits for a status. */
export const TIMEOUT: SecondsSetting = { key: 'timeout', minS: 0.1, maxS: 60, defaultS: 5 };

/**
 * A setting as typed in the dialog (a string or a number) in ms: the default when empty,
 * undefined when it is not a number within the setting's bounds.
 */
export function settingMs(value: unknown, setting: SecondsSetting): number | undefined {
  if (value === undefined || value === null || value === '') return setting.defaultS * 1000;
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  const seconds = typeof value === 'string' && value.trim() === '' ? Number.NaN : Number(value);
  return Number.isFinite(seconds) && seconds >= setting.minS && seconds <= setting.maxS ? Math.round(seconds * 1000) : undefined;
}
