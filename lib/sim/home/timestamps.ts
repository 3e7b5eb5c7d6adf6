/**
 * Timestamps as the data files write them, to ms since the epoch (UTC).
 */

/**
 * ISO 8601 (with Z or an offset; "2016-06-22 10:00:00+02:00" with a space is accepted; without a
 * zone it is read as UTC) or a number: epoch seconds below 1e11, epoch milliseconds above.
 */
export function parseTimestamp(text: string): number {
  const s = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(s)) {
    const n = Number(s);
    return n < 1e11 ? Math.round(n * 1000) : Math.round(n);
  }
  let iso = s.replace(' ', 'T');
  // +0200 → +02:00 (OPSD's local column), a zone-less stamp → UTC
  iso = iso.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  if (!/(Z|[+-]\d{2}:\d{2})$/i.test(iso)) iso += 'Z';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`not a timestamp: "${text}"`);
  return ms;
}

/** A local wall-clock stamp "yyyy-MM-dd HH:mm[:ss]" read as if it were UTC (no zone applied). */
export function parseWallClock(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) throw new Error(`not a local timestamp "yyyy-MM-dd HH:mm:ss": "${text}"`);
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0));
}

/** ms (UTC) of 01:00 UTC on the last Sunday of the month (EU summer-time switch instant). */
function lastSundayAt0100Utc(year: number, month0: number): number {
  const lastDay = new Date(Date.UTC(year, month0 + 1, 0));
  const sunday = lastDay.getUTCDate() - lastDay.getUTCDay();
  return Date.UTC(year, month0, sunday, 1);
}

/**
 * Whether an instant is in Central European Summer Time. EU rule (since 1996, also Switzerland):
 * from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC.
 */
export function isCentralEuropeanSummerTime(utcMs: number): boolean {
  const year = new Date(utcMs).getUTCFullYear();
  return utcMs >= lastSundayAt0100Utc(year, 2) && utcMs < lastSundayAt0100Utc(year, 9);
}

/**
 * The UTC instants a Central European wall-clock time can mean: one normally, two in the repeated
 * autumn hour (CEST first), none inside the skipped spring hour. The switch instants themselves
 * belong to both sides (03:00 CEST and 02:00 CET are the same autumn instant, and an end-of-period
 * label may name either), so the bounds are inclusive.
 */
export function centralEuropeanCandidates(wallClockMs: number): number[] {
  const out: number[] = [];
  const cest = wallClockMs - 2 * 3_600_000;
  const cet = wallClockMs - 3_600_000;
  const summer = isCentralEuropeanSummerTime;
  if (summer(cest) || summer(cest - 1)) out.push(cest);
  if (!summer(cet) || !summer(cet - 1)) out.push(cet);
  return out;
}
