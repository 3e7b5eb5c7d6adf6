import { chance, type Random, uniform } from '../../random';

/**
 * A clear-sky PV curve and passing clouds, for the built-in home model (no files needed).
 *
 * Clear sky: solar elevation from the day of year and the solar time (declination by Cooper's
 * formula, no equation of time: ±16 min is irrelevant here), global horizontal irradiance by the
 * Haurwitz model GHI = 1098 · cos z · exp(−0.057 / cos z) W/m², and PV AC power =
 * kWp · 850 W · GHI / 1000 (pv-scale.ts: 85 % of nameplate at 1000 W/m²). The array is treated as
 * horizontal: a tilted roof would give more in winter; we accept the lower winter figure.
 */
const DEG = Math.PI / 180;

export function solarElevationDeg(tMs: number, latitudeDeg: number, longitudeDeg: number): number {
  const d = new Date(tMs);
  const startOfYear = Date.UTC(d.getUTCFullYear(), 0, 1);
  const dayOfYear = Math.floor((tMs - startOfYear) / 86_400_000) + 1;
  const declination = 23.44 * Math.sin((2 * Math.PI * (284 + dayOfYear)) / 365) * DEG;
  const utcHours = (tMs - Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())) / 3_600_000;
  const hourAngle = 15 * (utcHours + longitudeDeg / 15 - 12) * DEG;
  const lat = latitudeDeg * DEG;
  const sinEl = Math.sin(lat) * Math.sin(declination) + Math.cos(lat) * Math.cos(declination) * Math.cos(hourAngle);
  return Math.asin(Math.max(-1, Math.min(1, sinEl))) / DEG;
}

/** W/m², Haurwitz clear-sky global horizontal irradiance for a solar elevation. */
export function clearSkyGhi(elevationDeg: number): number {
  if (elevationDeg <= 0) return 0;
  const cosZ = Math.sin(elevationDeg * DEG);
  return 1098 * cosZ * Math.exp(-0.057 / cosZ);
}

/**
 * Passing clouds over one day, seeded: cloudiness c in [0, 1] (0 clear, 1 overcast).
 * - Overcast veil: the whole day transmits 1 − 0.7·c² of the clear sky.
 * - Cumulus passages arrive at random (Poisson, c · 10 per hour of daylight), each shading for
 *   1–8 min to 20–80 % (deeper with c), with 20–60 s edges: the fast PV ramps that make Green
 *   charging hard (OpenEMS's 1-min day shows drops of this size).
 */
export interface CloudPassage {
  startMs: number;
  endMs: number;
  edgeMs: number;
  depth: number;
}

export interface CloudDay {
  veil: number;
  passages: CloudPassage[];
}

export function cloudDay(random: Random, dayStartMs: number, cloudiness: number): CloudDay {
  const c = Math.max(0, Math.min(1, cloudiness));
  const passages: CloudPassage[] = [];
  const ratePerMs = (c * 10) / 3_600_000;
  if (ratePerMs > 0) {
    let t = dayStartMs;
    for (;;) {
      t += -Math.log(1 - random()) / ratePerMs;
      if (t >= dayStartMs + 86_400_000) break;
      const durationMs = uniform(random, 60_000, 480_000);
      passages.push({
        startMs: t,
        endMs: t + durationMs,
        edgeMs: uniform(random, 20_000, 60_000),
        depth: uniform(random, 0.2, 0.5 + 0.3 * c) * (chance(random, 0.2) ? 0.5 : 1),
      });
    }
  }
  return { veil: 1 - 0.7 * c * c, passages };
}

/** Fraction of clear-sky irradiance that reaches the panels at t (0..1). */
export function cloudTransmission(day: CloudDay, tMs: number): number {
  let transmission = day.veil;
  for (const p of day.passages) {
    if (tMs < p.startMs || tMs >= p.endMs) continue;
    const edge = Math.min(1, (tMs - p.startMs) / p.edgeMs, (p.endMs - tMs) / p.edgeMs);
    transmission *= 1 - p.depth * edge;
  }
  return transmission;
}
