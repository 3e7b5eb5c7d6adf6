/**
 * Max-min fair sharing of currents under linear limits ("water-filling"): all stations still
 * free rise together; a station stops rising when it reaches its own cap or when a limit it
 * takes part in is full; the others go on. What one station cannot take goes to the others.
 * Groups are filled one after the other (strict priority); one group = plain fair share.
 */

/** A shared limit: Σ perA × current ≤ limit over the stations that use it. */
export interface FillLimit {
  limit: number;
  /** Names the limit in reasons: "L1", "power cap", "PV budget". */
  label: string;
}

export interface FillStation {
  /** A it already has (its admitted minimum); never lowered. */
  floorA: number;
  /** A it may get at most (≥ floorA). */
  capA: number;
  /** The limits it takes part in, with its weight in each (1 for a phase, W per A for power). */
  uses: Array<{ limit: number; perA: number }>;
  /** Lower groups fill first. */
  group: number;
}

export interface FillResult {
  currentsA: number[];
  /** What stopped each station: 'max' (its own cap) or a limit's label; undefined if it had no room to grow. */
  boundBy: Array<string | undefined>;
}

const EPS = 1e-9;
const TIGHT = 1e-6;

function loads(stations: FillStation[], limits: FillLimit[], currentsA: number[]): number[] {
  const load = limits.map(() => 0);
  stations.forEach((s, i) => {
    for (const u of s.uses) load[u.limit] += u.perA * currentsA[i];
  });
  return load;
}

/** Whether the currents respect every limit. */
export function fitsLimits(stations: FillStation[], limits: FillLimit[], currentsA: number[]): boolean {
  return loads(stations, limits, currentsA).every((load, i) => load <= limits[i].limit + EPS);
}

/**
 * The highest level L (from `from` up to `to`) at which every limit still holds when each free
 * station takes clamp(L, floor, cap) and the others keep their current. Each limit's load is
 * piecewise linear in L with breaks at the free stations' floors and caps, so it is solved
 * exactly, segment by segment.
 */
function highestLevel(
  stations: FillStation[],
  limits: FillLimit[],
  currentsA: number[],
  free: number[],
  from: number,
  to: number,
): number {
  let best = to;
  const isFree = new Set(free);
  limits.forEach((limit, k) => {
    let fixed = 0;
    const parts: Array<{ floorA: number; capA: number; perA: number }> = [];
    stations.forEach((s, i) => {
      for (const u of s.uses) {
        if (u.limit !== k || u.perA === 0) continue;
        if (isFree.has(i)) parts.push({ floorA: s.floorA, capA: s.capA, perA: u.perA });
        else fixed += u.perA * currentsA[i];
      }
    });
    if (parts.length === 0) return;
    const loadAt = (level: number): number =>
      parts.reduce((sum, p) => sum + p.perA * Math.min(p.capA, Math.max(p.floorA, level)), fixed);
    if (loadAt(best) <= limit.limit + EPS) return;
    const breaks = [...new Set([from, ...parts.flatMap((p) => [p.floorA, p.capA])])].filter((b) => b >= from && b <= best).sort((a, b) => a - b);
    breaks.push(best);
    let low = from;
    for (const high of breaks) {
      if (high <= low) continue;
      if (loadAt(high) > limit.limit + EPS) {
        // Linear between low and high: solve load(L) = limit.
        const loadLow = loadAt(low);
        const slope = (loadAt(high) - loadLow) / (high - low);
        best = Math.min(best, slope > 0 ? low + Math.max(0, limit.limit - loadLow) / slope : low);
        return;
      }
      low = high;
    }
  });
  return Math.max(from, best);
}

export function waterFill(stations: FillStation[], limits: FillLimit[]): FillResult {
  const currentsA = stations.map((s) => s.floorA);
  const boundBy: Array<string | undefined> = stations.map(() => undefined);
  const groups = [...new Set(stations.map((s) => s.group))].sort((a, b) => a - b);
  for (const group of groups) {
    let free = stations.map((_, i) => i).filter((i) => stations[i].group === group && stations[i].capA > stations[i].floorA + EPS);
    stations.forEach((s, i) => {
      if (s.group === group && !free.includes(i)) boundBy[i] = 'max';
    });
    let level = Math.min(...free.map((i) => stations[i].floorA));
    while (free.length > 0) {
      const top = Math.max(...free.map((i) => stations[i].capA));
      const best = highestLevel(stations, limits, currentsA, free, level, top);
      for (const i of free) currentsA[i] = Math.min(stations[i].capA, Math.max(stations[i].floorA, best));
      const load = loads(stations, limits, currentsA);
      const tight = limits.map((l, k) => load[k] >= l.limit - TIGHT);
      const stillFree: number[] = [];
      for (const i of free) {
        const s = stations[i];
        const growing = s.floorA <= best + EPS;
        const blocking = growing ? s.uses.find((u) => u.perA > 0 && tight[u.limit]) : undefined;
        if (currentsA[i] >= s.capA - EPS) boundBy[i] = 'max';
        else if (blocking) boundBy[i] = limits[blocking.limit].label;
        else stillFree.push(i);
      }
      // Numerical safety: a round that freezes nobody ends the filling.
      if (stillFree.length === free.length) break;
      free = stillFree;
      level = best;
    }
  }
  return { currentsA, boundBy };
}

/**
 * Whole amps: round every current down (never past a limit), then hand out the amps left over
 * one at a time in the given order while every limit and cap allows.
 */
export function toWholeAmps(
  stations: FillStation[],
  limits: FillLimit[],
  currentsA: number[],
  order: (wholeA: number[]) => number[],
): number[] {
  // A share a rounding error below a whole amp counts as that amp, unless the shares together then break a limit
  // (two shares of 6.9999999993 A under a 13.9999999985 A headroom).
  const nearest = currentsA.map((a, i) => Math.max(stations[i].floorA, Math.floor(a + EPS)));
  const whole = fitsLimits(stations, limits, nearest) ? nearest : currentsA.map((a, i) => Math.max(stations[i].floorA, Math.floor(a)));
  for (;;) {
    let given = false;
    for (const i of order(whole)) {
      if (whole[i] + 1 > stations[i].capA + EPS) continue;
      whole[i] += 1;
      if (fitsLimits(stations, limits, whole)) {
        given = true;
        break;
      }
      whole[i] -= 1;
    }
    if (!given) return whole;
  }
}
