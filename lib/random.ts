/**
 * Seeded pseudo-random numbers (mulberry32): the home model, the variability layer and the fuzz
 * and property tests are deterministic for a seed, so a demo, a test and a benchmark run see the
 * same appliances and a failing fuzz case repeats.
 */
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed for a sub-stream (e.g. one day, one interval) of a seeded model: independent of query order. */
export function subSeed(seed: number, ...keys: number[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const k of keys) {
    h = Math.imul(h ^ (k >>> 0), 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
    h = Math.imul(h ^ Math.floor(k / 4294967296), 0x27d4eb2f) >>> 0;
  }
  return h;
}

export function uniform(random: Random, min: number, max: number): number {
  return min + (max - min) * random();
}

export function chance(random: Random, probability: number): boolean {
  return random() < probability;
}
