/** Short human forms for reasons and status lines ("2.3 kW", "16 A", "42 s"). */

/** Milliseconds in an hour: energy accounts turn W × ms into Wh with it. */
export const HOUR_MS = 3_600_000;

export function formatKw(powerW: number): string {
  return `${(powerW / 1000).toFixed(1)} kW`;
}

/** Whole amps print without decimals, others with one. */
export function formatA(currentA: number): string {
  return Number.isInteger(currentA) ? `${currentA} A` : `${currentA.toFixed(1)} A`;
}

export function formatDuration(durationMs: number): string {
  const s = Math.max(0, Math.ceil(durationMs / 1000));
  if (s < 120) return `${s} s`;
  return `${Math.round(s / 60)} min`;
}

/** Whole seconds left until deadlineMs (never negative), as timers publish them. */
export function remainingS(deadlineMs: number, nowMs: number): number {
  return Math.max(0, Math.ceil((deadlineMs - nowMs) / 1000));
}

/** One decimal, for amperes in reasons ("4.3 A left"). */
export function roundTo01(x: number): number {
  return Math.round(x * 10) / 10;
}
