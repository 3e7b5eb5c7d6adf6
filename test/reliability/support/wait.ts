/**
 * Resolves once check() holds (checked now, then every pollMs), or rejects after timeoutMs with
 * what was awaited and, if given, what the state was: tests wait for outcomes, never for time.
 */
export function until(check: () => boolean, what: string, timeoutMs = 10_000, describe?: () => string, pollMs = 20): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = (): void => {
      let ok = false;
      try {
        ok = check();
      } catch {
        ok = false;
      }
      if (ok) return resolve();
      if (Date.now() - started > timeoutMs) {
        return reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}${describe ? ` (${describe()})` : ''}`));
      }
      setTimeout(poll, pollMs);
    };
    poll();
  });
}
