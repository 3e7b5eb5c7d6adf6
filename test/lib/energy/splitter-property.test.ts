import { expect } from 'chai';
import { GRID_PHASES, type GridPhase } from '../../../lib/grid-phase';
import type { StationTelemetry } from '../../../lib/lektrico/station-telemetry';
import { CHARGING_MODES, type ChargingTarget } from '../../../lib/energy/messages';
import { PowerSplitter } from '../../../lib/energy/splitter';
import { phaseHeadroom, SplitterRun, target, telemetry } from './builders';
// Seeded, so every run sees the same "random" targets.
import { seededRandom as prng } from '../../../lib/random';


function randomTarget(rand: () => number, tMs: number): ChargingTarget {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const chance = (p: number): boolean => rand() < p;
  const shuffled = [...GRID_PHASES].sort(() => rand() - 0.5);
  const measured = GRID_PHASES.filter(() => !chance(0.1));
  const stations: StationTelemetry[] = [];
  for (const id of ['a', 'b', 'c', 'd', 'e']) {
    if (chance(0.15)) continue;
    const three = chance(0.6);
    const gridPhases: GridPhase[] = three ? [...GRID_PHASES].sort(() => rand() - 0.5) : [pick(shuffled)];
    const activePhases = three && chance(0.8) ? 3 : 1;
    const minCurrentA = chance(0.05) ? 6 + rand() * 4 : pick([6, 6, 6, 7, 8, 10]);
    const maxCurrentA = chance(0.05) ? minCurrentA - 1 : pick([6, 10, 13, 16, 20, 32, 32 * rand()]);
    stations.push(
      telemetry(id, {
        gridPhases,
        activePhases,
        canSwitchPhases: three && chance(0.5),
        online: !chance(0.1),
        carConnected: !chance(0.2),
        currentsA: gridPhases.map(() => (chance(0.5) ? rand() * 32 : 0)),
        ...(chance(0.5) ? { lastCommand: { currentA: pick([6, 10, 16, 32]), at: tMs - rand() * 60_000, accepted: chance(0.9) } } : {}),
        minCurrentA,
        maxCurrentA: Math.max(0, maxCurrentA),
        timestamp: tMs,
      }),
    );
  }
  const phaseChoice: Record<string, 1 | 3> = {};
  for (const s of stations) if (chance(0.5)) phaseChoice[s.station] = pick([1, 3] as const);
  const mode = pick(CHARGING_MODES);
  return target({
    timestamp: tMs,
    mode,
    phases: measured.map((p) => phaseHeadroom(p, chance(0.1) ? 0 : rand() * 60)),
    ...(chance(0.3) ? { powerHeadroomW: rand() * 30_000 } : {}),
    ...(mode !== 'power' && chance(0.8) ? { budgetW: rand() * 20_000 } : {}),
    ...(mode === 'hybrid' && chance(0.7) ? { guaranteedA: pick([6, 8, 10, 16]) } : {}),
    ...(chance(0.05) ? { failsafe: { currentA: pick([0, 6, 10, 16]), reason: 'test' } } : {}),
    enabled: mode !== 'off' && !chance(0.1),
    phaseChoice,
    stations,
  });
}

describe('PowerSplitter invariant under random targets', () => {
  for (const strategy of ['fair', 'priority'] as const) {
    it(`${strategy}: every command is 0 or whole within [min, max] and all fit every limit (5 000 targets)`, () => {
      const rand = prng(strategy === 'fair' ? 42 : 7);
      let tMs = 0;
      let commands = 0;
      for (let sequence = 0; sequence < 50; sequence++) {
        const r = new SplitterRun(
          new PowerSplitter({
            strategy,
            priorities: { a: 2, c: -1, e: 2 },
            discipline: { increaseIntervalMs: rand() * 10_000, maxIncreaseStepA: Math.floor(rand() * 8) },
            resumeDelayMs: rand() * 60_000,
            underuse: { holdMs: rand() * 60_000 },
            rotation: { enabled: rand() < 0.5, intervalMs: 60_000 + rand() * 600_000 },
          }),
        );
        for (let step = 0; step < 100; step++) {
          tMs += Math.floor(rand() * 20_000);
          const t = randomTarget(rand, tMs);
          const a = r.step(t);
          commands += a.commands.length;
          expect(a.problems.filter((p) => p.includes('self-check')), `step ${step}`).to.deep.equal([]);
          expect(a.stations.map((s) => s.station)).to.deep.equal(t.stations.map((s) => s.station));
        }
      }
      expect(commands).to.be.greaterThan(1000);
    });
  }
});
