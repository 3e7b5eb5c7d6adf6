/** "09:00", "9:30", "13:05:30" → ms after midnight. Throws on anything else. */
export function parseTimeOfDay(text: string): number {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  const [h, min, s] = m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : [NaN, NaN, NaN];
  if (!(h >= 0 && h <= 23 && min >= 0 && min <= 59 && s >= 0 && s <= 59)) {
    throw new Error(`time of day "${text}" is not HH:MM (00:00 to 23:59)`);
  }
  return ((h * 60 + min) * 60 + s) * 1000;
}

/** "14:05" for ms after local midnight (wraps over days). */
export function formatTimeOfDay(msAfterMidnight: number): string {
  const minutes = Math.floor((((msAfterMidnight % 86_400_000) + 86_400_000) % 86_400_000) / 60_000);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
