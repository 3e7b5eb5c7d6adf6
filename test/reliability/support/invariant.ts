import type { ChargingTarget } from '../../../lib/energy/messages';
import type { Allocation } from '../../../lib/energy/splitter';
import type { StationSimulator } from '../../../lib/sim/lektrico/station-simulator';
import { CommandBook, expectInvariant, type CarMemory } from '../../lib/energy/builders';

/**
 * The safety invariant at the chain's far end. Allocations are checked with the energy tests'
 * independent invariant (test/lib/energy/builders.ts: every command 0 or whole within
 * [min, max]; together within every phase's headroom, the power cap and the budget; in fail-safe
 * at most the fail-safe current), here collecting violations instead of stopping at the first.
 * memory: the caller's own memory of the cars (draw ratios, phases), fed every target in order.
 */
export function allocationViolations(target: ChargingTarget, allocation: Allocation, memory: CarMemory): string[] {
  const book = new CommandBook();
  book.apply(allocation.stations.map((s) => ({ kind: 'station-command', station: s.station, currentA: s.currentA, reason: s.reason, timestamp: target.timestamp })));
  const idle = new Set(allocation.stations.filter((s) => s.idle).map((s) => s.station));
  const off = target.mode === 'off' ? allocation.stations.filter((s) => s.currentA !== 0).map((s) => `${s.station}: ${s.currentA} A in Off mode`) : [];
  try {
    expectInvariant(target, book, idle, memory);
    return off;
  } catch (err) {
    return [...off, err instanceof Error ? err.message : String(err)];
  }
}

/** Every dynamic_current.set a station simulator received that breaks {0} ∪ [min, max] or sends a relay mode other than 1/3. */
export function frameViolations(sim: StationSimulator, limits: { minCurrentA: number; maxCurrentA: number }): string[] {
  const out: string[] = [];
  for (const frame of sim.framesOf('dynamic_current.set')) {
    const params = (frame.params ?? {}) as { dynamic_current?: unknown; relay_mode?: unknown };
    const a = params.dynamic_current;
    const ok = typeof a === 'number' && Number.isInteger(a) && (a === 0 || (a >= limits.minCurrentA && a <= limits.maxCurrentA));
    if (!ok) out.push(`${sim.deviceId}: dynamic_current ${JSON.stringify(a)}`);
    if (params.relay_mode !== undefined && params.relay_mode !== 1 && params.relay_mode !== 3) {
      out.push(`${sim.deviceId}: relay_mode ${JSON.stringify(params.relay_mode)}`);
    }
  }
  return out;
}

/** Paths of every number in value that is NaN or ±Infinity ("payload.phases.0.power"). */
export function nonFiniteNumbers(value: unknown, path = 'payload'): string[] {
  const out: string[] = [];
  const seen = new WeakSet<object>();
  const walk = (v: unknown, at: string, depth: number): void => {
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) out.push(`${at} = ${String(v)}`);
      return;
    }
    if (typeof v !== 'object' || v === null || depth > 12 || seen.has(v)) return;
    seen.add(v);
    for (const [key, child] of Object.entries(v)) walk(child, `${at}.${key}`, depth + 1);
  };
  walk(value, path, 0);
  return out;
}
