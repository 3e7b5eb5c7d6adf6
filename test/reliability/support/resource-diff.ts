import type { ResourceProbe } from './runtime-protocol';

/** Several probes a little apart: per resource type the fewest seen, so a request in flight at one instant does not count as a leak. */
export async function steadyProbe(probe: () => Promise<ResourceProbe>, samples = 5, gapMs = 150): Promise<ResourceProbe> {
  const all: ResourceProbe[] = [];
  for (let i = 0; i < samples; i++) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    all.push(await probe());
  }
  const types = new Set(all.flatMap((p) => Object.keys(p.resources)));
  const resources: Record<string, number> = {};
  for (const type of types) resources[type] = Math.min(...all.map((p) => p.resources[type] ?? 0));
  return {
    resources,
    heapUsedBytes: Math.min(...all.map((p) => p.heapUsedBytes)),
    listeners: all[all.length - 1].listeners,
    gcForced: all.every((p) => p.gcForced),
  };
}

/** after − before per key, only where it differs. */
export function countDiff(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const d = (after[key] ?? 0) - (before[key] ?? 0);
    if (d !== 0) out[key] = d;
  }
  return out;
}
