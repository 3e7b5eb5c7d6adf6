import { expect } from 'chai';
import { InputError } from '../../../lib/input-error';
import type { StationTelemetry } from '../../../lib/lektrico/station-telemetry';
import { GREEN_DEFAULTS } from '../../../lib/energy/green-control';
import type { ChargingTarget, Headroom } from '../../../lib/energy/messages';
import { SurplusCalculator, type SurplusConfigInput } from '../../../lib/energy/surplus';
import { headroom, telemetry } from './builders';

const ONE_P_MIN_W = 6 * 230; // 1380
const THREE_P_MIN_W = 3 * 6 * 230; // 4140

/** A Headroom at time t whose PV surplus (export + the cars' draw) is surplusW. */
function at(tMs: number, surplusW: number, stations: StationTelemetry[]): Headroom {
  const carPowerW = stations.reduce((s, t) => s + (t.online ? t.powerW : 0), 0);
  return headroom({ timestamp: tMs, gridPowerW: carPowerW - surplusW, carPowerW, housePowerW: -surplusW, stations });
}

function calc(config: SurplusConfigInput): SurplusCalculator {
  return new SurplusCalculator({ smoothingMs: 0, ...config });
}

const oneP = (over: Partial<StationTelemetry> = {}) => telemetry('car', { gridPhases: ['L1'], ...over });
const triSwitchable = (over: Partial<StationTelemetry> = {}) => telemetry('tri', { canSwitchPhases: true, ...over });

/**
 * Feeds one Headroom per second from fromS to toS (inclusive), the station charging (as
 * charging) from the second after a target enabled it, and returns the targets: the station's
 * telemetry shows its starts, as Green counts them.
 */
function runFollowing(c: SurplusCalculator, fromS: number, toS: number, surplusAt: (s: number) => number, idle: StationTelemetry, charging: StationTelemetry): ChargingTarget[] {
  const out: ChargingTarget[] = [];
  let enabled = false;
  for (let s = fromS; s <= toS; s++) {
    const target = c.update(at(s * 1000, surplusAt(s), [enabled ? charging : idle]));
    enabled = target.enabled;
    out.push(target);
  }
  return out;
}

/** Feeds one Headroom per second from fromS to toS (inclusive) and returns the targets. */
function run(c: SurplusCalculator, fromS: number, toS: number, surplusAt: (s: number) => number, stations: StationTelemetry[]): ChargingTarget[] {
  const out: ChargingTarget[] = [];
  for (let s = fromS; s <= toS; s++) out.push(c.update(at(s * 1000, surplusAt(s), stations)));
  return out;
}

describe('SurplusCalculator', () => {
  describe('modes', () => {
    it('Power: no budget, only the hard limits; switchable stations on 3 phases', () => {
      const t = calc({ mode: 'power' }).update(at(0, 500, [triSwitchable({ activePhases: 1 })]));
      expect(t).to.not.have.property('budgetW');
      expect(t).to.include({ kind: 'charging-target', mode: 'power', enabled: true });
      expect(t.phaseChoice).to.deep.equal({ tri: 3 });
    });

    it('Off: budget 0, not enabled', () => {
      const t = calc({ mode: 'off' }).update(at(0, 9000, [oneP()]));
      expect(t).to.include({ budgetW: 0, enabled: false });
      expect(t.reason).to.match(/^Off/);
    });

    it('counts the cars\' own draw as surplus', () => {
      const car = oneP({ currentsA: [10], powerW: 2300 });
      const h = headroom({ timestamp: 0, gridPowerW: -700, carPowerW: 2300, stations: [car] });
      expect(calc({ mode: 'power' }).update(h).surplusW).to.equal(3000);
    });

    it('Hybrid: the guaranteed current from the grid, all the surplus on top', () => {
      const c = calc({ mode: 'hybrid', hybridCurrentA: 8 });
      const low = c.update(at(0, 500, [telemetry('tri')]));
      expect(low).to.include({ guaranteedA: 8, enabled: true, budgetW: 8 * 3 * 230 });
      const high = c.update(at(1000, 9000, [telemetry('tri')]));
      expect(high.budgetW).to.equal(9000);
    });

    it('takes the next car at its own draw ratio, not at the one of the car that left before it', () => {
      const c = calc({ mode: 'hybrid' });
      // The first car draws 85 % of its signal, then leaves; the station is out of the running while empty.
      c.update(at(20_000, 0, [oneP({ currentsA: [8.5], powerW: 8.5 * 230, lastCommand: { currentA: 10, at: 0, accepted: true } })]));
      c.update(at(30_000, 0, [oneP({ carConnected: false, charging: false, currentsA: [0], powerW: 0 })]));
      const next = c.update(at(40_000, 0, [oneP({ charging: false, currentsA: [0], powerW: 0 })]));
      expect(next.budgetW, 'its guaranteed 6 A at 230 V').to.equal(ONE_P_MIN_W);
    });

    it('Hybrid with forced single phase guarantees the current on one phase', () => {
      const t = calc({ mode: 'hybrid', forceSinglePhase: { hybrid: true } }).update(at(0, 0, [triSwitchable()]));
      expect(t.phaseChoice).to.deep.equal({ tri: 1 });
      expect(t.budgetW).to.equal(ONE_P_MIN_W);
    });

    it('Hybrid guarantees at least the car\'s own minimum', () => {
      const t = calc({ mode: 'hybrid', hybridCurrentA: 6 }).update(at(0, 0, [oneP({ minCurrentA: 10 })]));
      expect(t.budgetW).to.equal(10 * 230);
    });
  });

  describe('mode messages', () => {
    it('accepts names in any case and LEKTRI.CO numbers 0..3', () => {
      const c = calc({ mode: 'power' });
      expect(c.setMode('GREEN')).to.equal('green');
      expect(c.setMode(' hybrid ')).to.equal('hybrid');
      expect(c.setMode(0)).to.equal('off');
      expect(c.setMode(1)).to.equal('power');
      expect(c.setMode('3')).to.equal('green');
      expect(c.mode).to.equal('green');
    });

    it('rejects anything else and keeps the mode', () => {
      const c = calc({ mode: 'hybrid' });
      for (const bad of ['fast', 4, -1, 1.5, null, undefined, {}, '']) {
        expect(() => c.setMode(bad), JSON.stringify(bad)).to.throw(InputError, /unknown charging mode/);
      }
      expect(c.mode).to.equal('hybrid');
    });

    it('applies a mode change to the last Headroom at once (reapply)', () => {
      const c = calc({ mode: 'power' });
      expect(c.reapply()).to.equal(undefined);
      c.update(at(0, 0, [oneP()]));
      c.setMode('off');
      expect(c.reapply()).to.include({ mode: 'off', budgetW: 0 });
    });
  });

  describe('Green start and stop', () => {
    const car = oneP();
    /** The rules under test, spelled out rather than taken from the defaults (no limit on starts unless a test sets one). */
    const rules = { startThresholdW: 200, stopThresholdW: 200, enableDelayMs: 60_000, disableDelayMs: 180_000, minRunMs: 600_000, minPauseMs: 300_000, stopBudgetWh: 0, earlyRestartMarginW: 0, maxStartsPerDay: 0 };
    const green = (over: SurplusConfigInput = {}) => calc({ mode: 'green', ...over, green: { ...rules, ...over.green } });

    it('starts only after the surplus carried the minimum + threshold for the whole start delay', () => {
      const c = green();
      const targets = run(c, 0, 60, () => ONE_P_MIN_W + 250, [car]);
      expect(targets[0]).to.include({ enabled: false, budgetW: 0 });
      expect(targets[0].timer).to.deep.equal({ action: 'start', remainingS: 60 });
      expect(targets[18].timer).to.deep.equal({ action: 'start', remainingS: 42 });
      expect(targets[59].enabled).to.equal(false);
      expect(targets[60]).to.include({ enabled: true, budgetW: ONE_P_MIN_W + 250 });
      expect(targets[60]).to.not.have.property('timer');
    });

    it('does not start on a surplus below minimum + threshold, and restarts the delay after a dip', () => {
      const c = green();
      expect(run(c, 0, 100, () => ONE_P_MIN_W + 150, [car]).every((t) => !t.enabled && !t.timer)).to.equal(true);
      const dip = run(c, 101, 220, (s) => (s === 150 ? 0 : ONE_P_MIN_W + 300), [car]);
      const startedAt = 101 + dip.findIndex((t) => t.enabled);
      expect(startedAt).to.equal(211);
    });

    it('holds the minimum while the stop timer runs and stops at its end (after the minimum run)', () => {
      const c = green({ green: { minRunMs: 0 } });
      run(c, 0, 60, () => 3000, [car]);
      const cloud = run(c, 61, 300, () => 400, [car]);
      expect(cloud[0]).to.include({ enabled: true, budgetW: ONE_P_MIN_W });
      expect(cloud[0].timer).to.deep.equal({ action: 'stop', remainingS: 180 });
      expect(cloud[179].enabled).to.equal(true);
      expect(cloud[180]).to.include({ enabled: false, budgetW: 0 });
    });

    it('a passing cloud (2 min) neither stops nor restarts the car', () => {
      const c = green();
      run(c, 0, 60, () => 3000, [car]);
      const day = run(c, 61, 1200, (s) => (s >= 300 && s < 420 ? 300 : 3000), [car]);
      expect(day.every((t) => t.enabled && (t.budgetW as number) >= ONE_P_MIN_W)).to.equal(true);
    });

    it('keeps a car at least the minimum run time once started', () => {
      const c = green({ green: { minRunMs: 600_000, disableDelayMs: 60_000 } });
      run(c, 0, 60, () => 3000, [car]);
      const dark = run(c, 61, 700, () => 0, [car]);
      const stoppedAt = 61 + dark.findIndex((t) => !t.enabled);
      expect(stoppedAt).to.equal(660);
      expect(dark[0].timer).to.deep.equal({ action: 'stop', remainingS: 599 });
    });

    it('stops at once, even within the minimum run, when the held minimum has taken the grid budget', () => {
      const c = green({ green: { stopBudgetWh: 60 } });
      run(c, 0, 60, () => 3000, [car]);
      // In the dark the held 1-phase minimum (1380 W) draws all of it from the grid: over 60 Wh after 157 s.
      const dark = run(c, 61, 400, () => 0, [car]);
      const stoppedAt = 61 + dark.findIndex((t) => !t.enabled);
      expect(stoppedAt).to.equal(60 + 157);
    });

    it('export pays the grid budget back: shallow dips between sunny spells never stop the car', () => {
      const c = green({ green: { stopBudgetWh: 60, disableDelayMs: 10_000_000 } });
      run(c, 0, 60, () => 3000, [car]);
      // 2 min at 400 W (32.7 Wh short), then 2 min 1 kW above the minimum (33.3 Wh back), for an hour.
      const day = run(c, 61, 3600, (s) => (s % 240 < 120 ? 400 : ONE_P_MIN_W + 1000), [car]);
      expect(day.every((t) => t.enabled)).to.equal(true);
    });

    it('restarts before the end of the minimum pause once the surplus has carried the minimum + the margin for the start delay', () => {
      const c = green({ green: { minRunMs: 0, minPauseMs: 600_000, earlyRestartMarginW: 1000 } });
      run(c, 0, 60, () => 3000, [car]);
      run(c, 61, 241, () => 0, [car]); // stopped at 241
      // The minimum + 500 W (above the 200 W start threshold, below the margin): the pause holds.
      const weak = run(c, 242, 600, () => ONE_P_MIN_W + 500, [car]);
      expect(weak.some((t) => t.enabled)).to.equal(false);
      // The minimum + 1.2 kW: the start delay from its onset, not the rest of the pause.
      const strong = run(c, 601, 700, () => ONE_P_MIN_W + 1200, [car]);
      expect(601 + strong.findIndex((t) => t.enabled)).to.equal(661);
    });

    it('waits the minimum pause after a stop before starting again', () => {
      const c = green({ green: { minRunMs: 0, minPauseMs: 300_000 } });
      run(c, 0, 60, () => 3000, [car]);
      run(c, 61, 241, () => 0, [car]);
      const back = run(c, 242, 700, () => 3000, [car]);
      const restartedAt = 242 + back.findIndex((t) => t.enabled);
      // Stopped at 241; the start delay alone would allow 302, the pause holds it to 541.
      expect(restartedAt).to.equal(541);
      expect(back[0].timer).to.deep.equal({ action: 'start', remainingS: 299 });
    });

    it('starts at most the allowed number of times in any 24 hours', () => {
      const c = green({ green: { minRunMs: 0, minPauseMs: 0, maxStartsPerDay: 2 } });
      const charging = oneP({ currentsA: [13], powerW: 3000 });
      // The sun, then a cloud that stops the car after the 180 s stop delay.
      const cycle = (fromS: number): ChargingTarget[] => runFollowing(c, fromS, fromS + 500, (s) => (s <= fromS + 300 ? 3000 : 0), car, charging);
      const first = cycle(0);
      expect(first.findIndex((t) => t.enabled), 'the start delay').to.equal(60);
      expect(first[0].startsLeft).to.deep.equal({ car: 2 });
      expect(first[61].startsLeft, 'counted when the car charges').to.deep.equal({ car: 1 });
      const second = cycle(1000);
      expect(second.findIndex((t) => t.enabled), '1 of 2 left: the same start delay').to.equal(60);
      const third = run(c, 2000, 4000, () => 3000, [car]);
      expect(third.some((t) => t.enabled), 'both used').to.equal(false);
      expect(third[0].startsLeft).to.deep.equal({ car: 0 });
      expect(third[0].reason).to.equal('Green: 3.0 kW surplus, no start: the 2 starts of the last 24 h are used');
      // The first start (charging at 61 s) leaves the 24 h window at 86 461 s: one start is free again.
      const nextDay = run(c, 86_400, 86_700, () => 3000, [car]);
      expect(86_400 + nextDay.findIndex((t) => t.enabled)).to.equal(86_461 + 60);
      // Without a limit (0) the target says nothing about starts.
      expect(green({ green: { maxStartsPerDay: 0 } }).update(at(0, 3000, [car])).startsLeft).to.equal(undefined);
    });

    it('by default gives a station at most 6 Green starts in any 24 hours, and another once the oldest is 24 h old', () => {
      expect(GREEN_DEFAULTS.maxStartsPerDay).to.equal(6);
      const c = calc({ mode: 'green' }); // no Green overrides: the defaults' timers and limit
      const charging = oneP({ currentsA: [13], powerW: 3000 });
      // One start an hour: 20 min of sun, then dark for the rest of the hour (long enough for any stop and pause).
      const hour = (fromS: number, sun = (s: number) => s <= fromS + 1200): ChargingTarget[] => runFollowing(c, fromS, fromS + 3599, (s) => (sun(s) ? 3000 : 0), car, charging);
      for (let k = 0; k < 6; k++) {
        const h = hour(k * 3600);
        expect(h[0].startsLeft, `before start ${k + 1}`).to.deep.equal({ car: 6 - k });
        expect(h.findIndex((t) => t.enabled), `start ${k + 1} after the 60 s start delay`).to.equal(60);
        expect(h.at(-1)?.enabled, `stopped in the dark after start ${k + 1}`).to.equal(false);
      }
      // The seventh hour: sun all hour, but the 6 starts are used.
      const seventh = hour(6 * 3600, () => true);
      expect(seventh.some((t) => t.enabled), 'no seventh start').to.equal(false);
      expect(seventh[0].startsLeft).to.deep.equal({ car: 0 });
      expect(seventh[0].reason).to.equal('Green: 3.0 kW surplus, no start: the 6 starts of the last 24 h are used');
      // The first start (charging at 61 s) leaves the 24 h window at 86 461 s: then one is free, and the start delay runs.
      const nextDay = runFollowing(c, 86_400, 86_700, () => 3000, car, charging);
      expect(nextDay[60].startsLeft, 'still 24 h old at most').to.deep.equal({ car: 0 });
      expect(nextDay[61].startsLeft, 'the oldest start is more than 24 h old').to.deep.equal({ car: 1 });
      expect(86_400 + nextDay.findIndex((t) => t.enabled)).to.equal(86_461 + 60);
    });

    describe('with the starts of the last 24 h used', () => {
      /** Starts the car (the one start allowed), then lets it charge 3 kW of PV for the given hours. */
      function startedAndCharged(c: SurplusCalculator, hours: number): number {
        run(c, 0, 60, () => 3000, [car]);
        const endS = 60 + hours * 3600;
        run(c, 61, endS, () => 3000, [oneP({ currentsA: [13], powerW: 3000 })]);
        return endS + 1;
      }
      const atMinimum = oneP({ currentsA: [6], powerW: ONE_P_MIN_W });

      it('rides through a dip on the grid instead of stopping for the day, until the dip has taken 300 Wh', () => {
        const c = green({ green: { minRunMs: 0, maxStartsPerDay: 1 } });
        const fromS = startedAndCharged(c, 3); // 9 kWh charged: 5 % of it (450 Wh) is more than one dip may take
        // 400 W of sun for the 1380 W minimum: 980 W from the grid, 300 Wh in the 1103rd second (index 1102).
        const dip = run(c, fromS, fromS + 1500, () => 400, [atMinimum]);
        expect(dip[300], 'past the 180 s stop delay').to.include({ enabled: true, budgetW: ONE_P_MIN_W });
        expect(dip[300].startsLeft).to.deep.equal({ car: 0 });
        expect(dip[300].reason).to.equal('Green: 0.4 kW surplus below the 1.4 kW minimum, holding it: the 1 starts of the last 24 h are used');
        expect(dip[300]).to.not.have.property('timer');
        // Then the usual stop delay (180 s) runs.
        expect(dip.findIndex((t) => !t.enabled)).to.equal(1102 + 180);
        // Without a limit on starts the same dip stops the car after the stop delay.
        const free = green({ green: { minRunMs: 0, maxStartsPerDay: 0 } });
        startedAndCharged(free, 3);
        expect(run(free, fromS, fromS + 900, () => 400, [atMinimum]).findIndex((t) => !t.enabled)).to.equal(180);
      });

      it('rides through only while the grid has paid under 5 % of what the cars charged in the last 24 h', () => {
        const c = green({ green: { minRunMs: 0, maxStartsPerDay: 1 } });
        const fromS = startedAndCharged(c, 1 / 6); // 10 min at 3 kW: 0.5 kWh, 5 % of it 25 Wh
        const dark = run(c, fromS, fromS + 900, () => 0, [atMinimum]);
        // The dip's own charge counts too: 5 % of (0.5 kWh + what the minimum adds) is reached after
        // 1380 W × 0.95 × t = 25 Wh: 68.6 s (index 68), then the stop delay.
        expect(dark.findIndex((t) => !t.enabled)).to.equal(68 + 180);
      });

      it('a car that can switch phases stays on 3 phases and is stopped, not held there because 1 phase would carry it', () => {
        const c = green({ green: { minRunMs: 0, maxStartsPerDay: 1 }, phaseSwitch: { auto: true } });
        run(c, 0, 60, () => 6000, [triSwitchable()]);
        const charging = triSwitchable({ currentsA: [8, 8, 8], powerW: 5520 });
        const sunny = run(c, 61, 7261, () => 6000, [charging]);
        expect(sunny.at(-1)).to.include({ enabled: true });
        expect(sunny.at(-1)?.startsLeft).to.deep.equal({ tri: 0 });
        // 2.5 kW: enough for 1 phase, 1.64 kW short of the 3-phase minimum. A switch would be a second start.
        const atThreePhaseMin = triSwitchable({ currentsA: [6, 6, 6], powerW: THREE_P_MIN_W });
        const cloudy = run(c, 7262, 9000, () => 2500, [atThreePhaseMin]);
        expect(cloudy.every((t) => t.phaseChoice.tri === 3)).to.equal(true);
        const stoppedAt = cloudy.findIndex((t) => !t.enabled);
        // The 300 Wh of the dip in 659 s (index 658), then the 180 s stop delay.
        expect(stoppedAt).to.equal(658 + 180);
      });

      describe('counted per station', () => {
        const idleA = oneP({ station: 'a' });
        const idleB = oneP({ station: 'b', gridPhases: ['L2'] });
        const chargingA = oneP({ station: 'a', currentsA: [6], powerW: ONE_P_MIN_W });
        const chargingB = oneP({ station: 'b', gridPhases: ['L2'], currentsA: [6], powerW: ONE_P_MIN_W });

        it('a car whose starts are used does not hold back one that still has a start', () => {
          const c = green({ green: { maxStartsPerDay: 1 } });
          run(c, 0, 60, () => 2500, [idleA, idleB]);
          run(c, 61, 700, () => 2500, [chargingA, idleB]); // a started (its one start); not enough sun for b
          const dark = run(c, 701, 1500, () => 0, [chargingA, idleB]);
          expect(dark.at(-1)?.enabled, 'a stopped').to.equal(false);
          const sunAgain = run(c, 1501, 2000, () => 3000, [idleA, idleB]);
          expect(sunAgain[0].startsLeft).to.deep.equal({ a: 0, b: 1 });
          expect(sunAgain[0].reason).to.match(/^Green: 3\.0 kW surplus, starting charging in/);
          expect(sunAgain.some((t) => t.enabled), 'b starts').to.equal(true);
          // Once b's start is used too, no car starts.
          const bStarted = 1501 + sunAgain.findIndex((t) => t.enabled);
          run(c, bStarted + 1, bStarted + 600, () => 3000, [idleA, chargingB]);
          const night = run(c, bStarted + 601, bStarted + 2000, () => 0, [idleA, chargingB]);
          const afterStop = night.findIndex((t) => !t.enabled);
          const morning = run(c, bStarted + 2001, bStarted + 3000, () => 3000, [idleA, idleB]);
          expect(afterStop).to.be.greaterThan(0);
          expect(morning.some((t) => t.enabled)).to.equal(false);
          expect(morning[0].reason).to.equal('Green: 3.0 kW surplus, no start: every car has used its 1 starts of the last 24 h');
        });

        it('a dip stops the charging car with a start left, and the one without rides through', () => {
          const c = green({ green: { maxStartsPerDay: 2 } });
          run(c, 0, 60, () => 6000, [idleA, idleB]);
          run(c, 61, 121, () => 6000, [chargingA, idleB]); // a's first start; b's start timer runs
          run(c, 122, 199, () => 6000, [chargingA, chargingB]); // b's first start
          run(c, 200, 210, () => 6000, [idleA, chargingB]); // a pauses by itself for 10 s…
          const both = run(c, 211, 5000, () => 6000, [chargingA, chargingB]); // …and starts again: its second
          expect(both.at(-1)?.startsLeft).to.deep.equal({ a: 0, b: 1 });
          // Sun for one car: the step that stops is b's (it can start again), so the budget falls from both minimums.
          const cut = run(c, 5001, 5300, () => 2000, [chargingA, chargingB]);
          expect(cut[0].budgetW).to.equal(2 * ONE_P_MIN_W);
          expect(cut[180].budgetW, 'stopped after the 180 s stop delay').to.equal(2000);
          // Then dark: a, with no start left, is held through the stop delay and beyond.
          const dark = run(c, 5301, 6300, () => 0, [chargingA, idleB]);
          expect(dark[200]).to.include({ enabled: true, budgetW: ONE_P_MIN_W });
          expect(dark[200].reason).to.equal('Green: 0.0 kW surplus below the 1.4 kW minimum, holding it: the 2 starts of the last 24 h are used');
          expect(dark.some((t) => !t.enabled), 'until the dip has taken its share').to.equal(true);
        });

        it('counts only Green\'s starts: a car started in Power, then Green chosen, has all its starts', () => {
          const c = calc({ mode: 'power', green: { maxStartsPerDay: 2 } });
          c.update(at(0, 3000, [idleA]));
          c.update(at(1000, 3000, [chargingA]));
          c.setMode('green');
          expect(c.update(at(2000, 3000, [chargingA])).startsLeft).to.deep.equal({ a: 2 });
        });

        it('counts no start made by the fail-safe current, during the fail-safe or while the car may still be starting after it', () => {
          const c = green({ green: { maxStartsPerDay: 2 } });
          const failsafe = (tMs: number, stations: StationTelemetry[]): Headroom => ({ ...at(tMs, 0, stations), failsafe: { currentA: 6, reason: 'no meter reading for 12 s' } });
          run(c, 0, 10, () => 0, [idleA, idleB]);
          // The meter falls silent at night for 20 s: the fail-safe current starts a at once, and b only 25 s after the meter is back.
          c.update(failsafe(11_000, [idleA, idleB]));
          for (let s = 14; s <= 30; s++) c.update(failsafe(s * 1000, [chargingA, idleB]));
          run(c, 31, 54, () => 0, [chargingA, idleB]);
          expect(run(c, 55, 70, () => 0, [chargingA, chargingB]).at(-1)?.startsLeft).to.deep.equal({ a: 2, b: 2 });
          // A start made by Green still counts.
          run(c, 71, 2000, () => 0, [idleA, idleB]);
          run(c, 2001, 2061, () => 3000, [idleA, idleB]);
          expect(run(c, 2062, 2070, () => 3000, [chargingA, idleB]).at(-1)?.startsLeft).to.deep.equal({ a: 1, b: 2 });
        });

        it('gives the next car on a station its own starts: an unplugged car takes its count with it', () => {
          const c = green({ green: { maxStartsPerDay: 1 } });
          const unplugged = oneP({ station: 'a', state: 'available', carConnected: false });
          run(c, 0, 60, () => 3000, [idleA]);
          run(c, 61, 700, () => 3000, [chargingA]); // the first car's one start
          const dark = run(c, 701, 1500, () => 0, [chargingA]);
          expect(dark.at(-1)?.enabled, 'the first car stopped').to.equal(false);
          expect(run(c, 1501, 1600, () => 3000, [idleA]).at(-1)?.reason).to.equal('Green: 3.0 kW surplus, no start: the 1 starts of the last 24 h are used');
          run(c, 1601, 1700, () => 3000, [unplugged]);
          const nextCar = run(c, 1701, 2100, () => 3000, [idleA]);
          expect(nextCar[0].startsLeft).to.deep.equal({ a: 1 });
          expect(nextCar.some((t) => t.enabled), 'the next car starts').to.equal(true);
        });
      });
    });

    it('does not count the time spent in another mode as a dip when Green is chosen again', () => {
      const c = green({ green: { stopBudgetWh: 60 } });
      const charging = oneP({ currentsA: [6], powerW: ONE_P_MIN_W });
      run(c, 0, 60, () => 3000, [car]);
      run(c, 61, 120, () => 3000, [charging]);
      c.setMode('power');
      c.update(at(3_600_000, ONE_P_MIN_W - 150, [charging]));
      c.setMode('green');
      // 150 W short of the minimum, within the stop threshold: an hour of it would be 150 Wh of grid, but that hour was Power's.
      expect(c.update(at(3_601_000, ONE_P_MIN_W - 150, [charging]))).to.include({ enabled: true });
    });

    it('keeps a car that is charging when Green is chosen, if the surplus carries it', () => {
      const c = calc({ mode: 'power' });
      const charging = oneP({ currentsA: [10], powerW: 2300 });
      c.update(at(0, 2500, [charging]));
      c.setMode('green');
      expect(c.update(at(1000, 2500, [charging]))).to.include({ enabled: true });
    });

    it('starts cars one by one; the next one waits for its own start delay', () => {
      const c = green();
      const a = oneP({ station: 'a' });
      const b = oneP({ station: 'b', gridPhases: ['L2'] });
      run(c, 0, 60, () => 2000, [a, b]);
      const one = c.update(at(61_000, 2000, [oneP({ station: 'a', currentsA: [8], powerW: 1840 }), b]));
      expect(one.enabled).to.equal(true);
      expect(one.budgetW).to.equal(2000);
      const more = run(c, 62, 130, () => 3500, [oneP({ station: 'a', currentsA: [8], powerW: 1840 }), b]);
      // Below what two cars need until the delay has run: the splitter cannot start b early.
      expect(more[0].budgetW).to.equal(2 * ONE_P_MIN_W - 1);
      expect(more[0].timer?.action).to.equal('start');
      expect(more[60].budgetW).to.equal(3500);
    });

    it('says why in the reason', () => {
      const c = green();
      expect(c.update(at(0, 500, [car])).reason).to.equal('Green: 0.5 kW surplus, waiting for 1.6 kW to start');
      expect(c.update(at(1000, 2000, [car])).reason).to.equal('Green: 2.0 kW surplus, starting charging in 60 s');
    });
  });

  describe('phases', () => {
    it('Green forced single phase: switchable stations on 1 phase, so 1.4 kW starts them', () => {
      const c = calc({ mode: 'green', forceSinglePhase: { green: true }, green: { enableDelayMs: 0 } });
      const t = c.update(at(0, ONE_P_MIN_W + 300, [triSwitchable()]));
      expect(t.phaseChoice).to.deep.equal({ tri: 1 });
      expect(t.enabled).to.equal(true);
    });

    it('automatic: down to 1 phase after the delay when the surplus cannot carry 3-phase minimum', () => {
      const c = calc({ mode: 'green', phaseSwitch: { auto: true, downBudgetWh: 0 } });
      const tri = triSwitchable({ currentsA: [7, 7, 7], powerW: 4830 });
      c.update(at(0, 6000, [tri]));
      const low = run(c, 1, 181, () => 3000, [tri]);
      expect(low[0].phaseChoice).to.deep.equal({ tri: 3 });
      expect(low[0].timer).to.deep.equal({ action: 'switch-to-1p', remainingS: 180 });
      // Held at the 3-phase minimum meanwhile, not stopped (1 phase would carry it).
      expect(low[0]).to.include({ enabled: true, budgetW: THREE_P_MIN_W });
      expect(low[180].phaseChoice).to.deep.equal({ tri: 1 });
      expect(low[180].budgetW).to.equal(3000);
    });

    it('automatic: a deep dip spends the grid budget and switches down before the delay ends', () => {
      const c = calc({ mode: 'green', phaseSwitch: { auto: true, downBudgetWh: 50 } });
      const tri = triSwitchable({ currentsA: [7, 7, 7], powerW: 4830 });
      c.update(at(0, 6000, [tri]));
      // 1 kW against the 4140 W 3-phase minimum: 3140 W from the grid, over 50 Wh after 58 s (the delay is 180 s).
      const dip = run(c, 1, 181, () => 1000, [tri]);
      expect(dip.findIndex((t) => t.phaseChoice.tri === 1) + 1).to.equal(58);
      // A shallow dip (300 W short) takes the whole delay: 15 Wh in 180 s.
      // (No limit on starts: with one, the grid budget alone decides; see below.)
      const d = calc({ mode: 'green', green: { maxStartsPerDay: 0 }, phaseSwitch: { auto: true, downBudgetWh: 50 } });
      d.update(at(0, 6000, [tri]));
      const shallow = run(d, 1, 181, () => THREE_P_MIN_W - 300, [tri]);
      expect(shallow.findIndex((t) => t.phaseChoice.tri === 1) + 1).to.equal(181);
    });

    it('automatic: an hour in Power or with the car unplugged adds nothing to the grid budget', () => {
      const tri = triSwitchable({ currentsA: [7, 7, 7], powerW: 4830 });
      const gone = triSwitchable({ carConnected: false, charging: false, currentsA: [0, 0, 0], powerW: 0 });
      for (const [what, between] of [
        ['Power', (c: SurplusCalculator) => { c.setMode('power'); run(c, 10, 3600, () => 6000, [tri]); c.setMode('green'); }],
        ['unplugged', (c: SurplusCalculator) => run(c, 10, 3600, () => 6000, [gone])],
      ] as const) {
        const c = calc({ mode: 'green', phaseSwitch: { auto: true, downBudgetWh: 50 }, green: { maxStartsPerDay: 0 } });
        c.update(at(0, 6000, [tri]));
        between(c);
        // 1 kW against the 4140 W minimum: the 50 Wh budget lasts 58 s, counted from the dip, not from an hour
        // before (after Power the first second of the dip counts no time: no decision of the switcher's covers it).
        const dip = run(c, 3601, 3700, () => 1000, [tri]);
        expect(dip[0].phaseChoice.tri, what).to.equal(3);
        expect(dip.findIndex((t) => t.phaseChoice.tri === 1) + 1, what).to.be.within(58, 59);
      }
    });

    it('automatic: thresholds do not cross (hysteresis) and switches keep their minimum interval', () => {
      // Hybrid: the same phase rules as Green, without Green's start timer in the way.
      const c = calc({ mode: 'hybrid', phaseSwitch: { auto: true, upDelayMs: 60_000, downDelayMs: 60_000, minIntervalMs: 600_000, hysteresisW: 200 } });
      // A 16 A car: 1 phase tops out at 3680 W, 3 phases start at 4140 W.
      const charging1p = triSwitchable({ maxCurrentA: 16, activePhases: 1, currentsA: [16, 0, 0], powerW: 3680 });
      // Not charging: the first decision is immediate (3.0 kW → 1 phase).
      expect(c.update(at(0, 3000, [triSwitchable({ maxCurrentA: 16 })])).phaseChoice).to.deep.equal({ tri: 1 });
      // 4.2 kW: above the 3-phase minimum but below max(4140, 3680) + 200 W → stays on 1 phase.
      expect(run(c, 1, 200, () => 4200, [charging1p]).every((t) => t.phaseChoice.tri === 1 && !t.timer)).to.equal(true);
      // 4.5 kW: up after the delay, but not before 600 s since the last switch (at 0).
      const up = run(c, 201, 700, () => 4500, [charging1p]);
      expect(up[0].timer).to.deep.equal({ action: 'switch-to-3p', remainingS: 399 });
      expect(up.findIndex((t) => t.phaseChoice.tri === 3) + 201).to.equal(600);
      // On 3 phases 4.2 kW is enough: no switch down.
      const charging3p = triSwitchable({ maxCurrentA: 16, currentsA: [6, 6, 6], powerW: 4140 });
      expect(run(c, 701, 900, () => 4200, [charging3p]).every((t) => t.phaseChoice.tri === 3 && !t.timer)).to.equal(true);
    });

    it('automatic: a car that limits itself on 1 phase (16 A on a 32 A station) goes up once 3 phases give more', () => {
      const c = calc({ mode: 'hybrid', phaseSwitch: { auto: true, upDelayMs: 60_000, hysteresisW: 500 } });
      // Settled 16 A under a 32 A command: 1 phase tops out at 16 × 230 = 3680 W, not 7360 W.
      const saturated = triSwitchable({ activePhases: 1, currentsA: [16, 0, 0], powerW: 3680, lastCommand: { currentA: 32, phases: 1, at: -60_000, accepted: true } });
      c.update(at(0, 3000, [saturated]));
      const up = run(c, 1, 61, () => 4700, [saturated]);
      expect(up[0].timer).to.deep.equal({ action: 'switch-to-3p', remainingS: 60 });
      expect(up[60].phaseChoice.tri).to.equal(3);
    });

    it('automatic: a strong sun spends the PV budget and switches up before the delay ends', () => {
      // A 16 A car settled on 1 phase tops out at 3680 W: up above max(4140, 3680) + 500 = 4640 W.
      const saturated = triSwitchable({ activePhases: 1, currentsA: [16, 0, 0], powerW: 3680, lastCommand: { currentA: 32, phases: 1, at: -60_000, accepted: true } });
      const strong = calc({ mode: 'hybrid', phaseSwitch: { auto: true, upBudgetWh: 200 } });
      strong.update(at(0, 3000, [saturated]));
      // 6.64 kW: 2 kW above the threshold left unused, over 200 Wh after 360 s (the delay is 600 s).
      const up = run(strong, 1, 600, () => 6640, [saturated]);
      expect(up.findIndex((t) => t.phaseChoice.tri === 3) + 1).to.equal(361);
      // 100 W above it takes the whole delay.
      const marginal = calc({ mode: 'hybrid', phaseSwitch: { auto: true, upBudgetWh: 200 } });
      marginal.update(at(0, 3000, [saturated]));
      const slow = run(marginal, 1, 601, () => 4740, [saturated]);
      expect(slow.findIndex((t) => t.phaseChoice.tri === 3) + 1).to.equal(601);
    });

    it('Green with a limit on starts: a switch of a charging car counts as one, and none is made once they are used', () => {
      const charging3p = triSwitchable({ currentsA: [7, 7, 7], powerW: 4830 });
      const charging1p = triSwitchable({ activePhases: 1, currentsA: [16, 0, 0], powerW: 3680, lastCommand: { currentA: 32, phases: 1, at: 120_000, accepted: true } });
      const upAgainAt = (limit: number): number => {
        const c = calc({ mode: 'green', green: { maxStartsPerDay: limit }, phaseSwitch: { auto: true, downBudgetWh: 0 } });
        c.update(at(0, 6000, [charging3p])); // already charging when Green begins: not a start
        const down = run(c, 1, 181, () => 3000, [charging3p]);
        expect(down[180].phaseChoice.tri, 'down after the 180 s delay').to.equal(1);
        if (limit > 0) expect(down[180].startsLeft, 'the switch took one').to.deep.equal({ tri: limit - 1 });
        // The contactor opens for the switch and the car starts again on 1 phase: the same start.
        run(c, 182, 186, () => 3000, [triSwitchable({ activePhases: 1 })]);
        const sunny = run(c, 187, 1500, () => 6640, [charging1p]);
        if (limit > 0) expect(sunny[0].startsLeft, 'its resume is the same start').to.deep.equal({ tri: limit - 1 });
        return 187 + sunny.findIndex((t) => t.phaseChoice.tri === 3);
      };
      expect(upAgainAt(0), 'no limit: up again after the minimum time between switches').to.be.within(781, 1500);
      expect(upAgainAt(3), 'two starts left: up again').to.be.within(781, 1500);
      expect(upAgainAt(2), 'one start left: it would have none for the way down, stays on 1 phase').to.equal(187 - 1);
      expect(upAgainAt(1), 'no start left: stays on 1 phase').to.equal(187 - 1);
    });

    describe('Green with a limit on starts: a charging car switches only when the energy pays for the start', () => {
      // A 16 A car settled on 1 phase tops out at 3680 W: up above max(4140, 3680) + 500 = 4640 W.
      const saturated = triSwitchable({ activePhases: 1, currentsA: [16, 0, 0], powerW: 3680, lastCommand: { currentA: 32, phases: 1, at: -60_000, accepted: true } });
      /** A calculator whose car has used `used` starts (each stop and start 20 min apart, so no two make one contactor cycle); returns the next second. */
      const withStartsUsed = (c: SurplusCalculator, used: number): number => {
        for (let k = 0; k < used; k++) {
          const fromS = k * 2400;
          run(c, fromS, fromS + 1199, () => 3000, [triSwitchable({ activePhases: 1 })]);
          run(c, fromS + 1200, fromS + 2399, () => 3000, [saturated]);
        }
        return used * 2400;
      };
      /** Seconds from the sun reaching surplusW until the charging car is switched up. */
      const upAfterS = (limit: number, used: number, surplusW: number): number => {
        const c = calc({ mode: 'green', green: { maxStartsPerDay: limit }, phaseSwitch: { auto: true } });
        const fromS = withStartsUsed(c, used);
        const sunny = run(c, fromS, fromS + 7200, () => surplusW, [saturated]);
        if (limit > 0) expect(sunny[0].startsLeft).to.deep.equal({ tri: limit - used });
        return sunny.findIndex((t) => t.phaseChoice.tri === 3);
      };

      it('up: a steady small gain waits for the up delay × (allowed ÷ left)², a strong sun for the PV budget × √(allowed ÷ left)', () => {
        // 4.9 kW: 260 W above the threshold, 1.2 kW more than 1 phase takes.
        expect(upAfterS(0, 1, 4900), 'no limit: the 10 min delay').to.equal(600);
        expect(upAfterS(6, 1, 4900), 'one start used: 600 s × (6 ÷ 5)²').to.equal(864);
        expect(upAfterS(6, 2, 4900), 'two used: 600 s × (6 ÷ 4)²').to.equal(1350);
        // Four used: the delay would be 5400 s; the 260 W left unused add up to 200 Wh × √3 first.
        expect(upAfterS(6, 4, 4900)).to.equal(4796);
        // 6.64 kW: 2 kW above the threshold; 200 Wh × √(6 ÷ 2) ≈ 346 Wh after 623 s.
        expect(upAfterS(6, 4, 6640)).to.equal(623);
        expect(upAfterS(6, 1, 6640), '200 Wh × √(6 ÷ 5) ≈ 219 Wh').to.equal(394);
      });

      it('down: not after the 3 min delay on a shallow dip, once it has taken the grid budget', () => {
        const charging3p = triSwitchable({ currentsA: [7, 7, 7], powerW: 4830 });
        const downAt = (limit: number): number => {
          const c = calc({ mode: 'green', green: { maxStartsPerDay: limit }, phaseSwitch: { auto: true } });
          c.update(at(0, 6000, [charging3p]));
          // 270 W short of the 4140 W 3-phase minimum.
          const shallow = run(c, 1, 1800, () => THREE_P_MIN_W - 270, [charging3p]);
          return shallow.findIndex((t) => t.phaseChoice.tri === 1) + 1;
        };
        expect(downAt(0), 'no limit: the 3 min delay').to.equal(181);
        // 100 Wh at 270 W: 1333.3 s.
        expect(downAt(6)).to.equal(1334);
        // Meanwhile the reason says what it waits for: 270 W for 300 s is 22.5 Wh of the 100.
        const c = calc({ mode: 'green', green: { maxStartsPerDay: 6 }, phaseSwitch: { auto: true } });
        c.update(at(0, 6000, [charging3p]));
        const waiting = run(c, 1, 300, () => THREE_P_MIN_W - 270, [charging3p]).at(-1);
        expect(waiting?.reason).to.match(/; tri: 1 phase once the 3-phase minimum has taken 78 Wh more from the grid \(a switch is a start\)$/);
        // The node's status shows it from this field (no timer runs).
        expect(waiting?.switchDownAfterWh).to.equal(78);
        expect(waiting).to.not.have.property('timer');
      });
    });

    it('Power mode puts switchable stations back on 3 phases at once', () => {
      const c = calc({ mode: 'green', forceSinglePhase: { green: true } });
      expect(c.update(at(0, 0, [triSwitchable()])).phaseChoice.tri).to.equal(1);
      c.setMode('power');
      expect(c.update(at(1000, 0, [triSwitchable({ activePhases: 1 })])).phaseChoice.tri).to.equal(3);
    });
  });

  describe('a single-phase car on a three-phase station', () => {
    /** The car waiting, and drawing on the station's L1 alone (a PHEV on a 3P22K in 3-phase mode). */
    const waiting = telemetry('tri', { charging: false, state: 'paused' });
    const onL1 = (currentA: number, over: Partial<StationTelemetry> = {}) => telemetry('tri', { currentsA: [currentA, 0, 0], ...over });
    const rules = { startThresholdW: 200, stopThresholdW: 200, enableDelayMs: 60_000, disableDelayMs: 180_000, minRunMs: 0, minPauseMs: 0, stopBudgetWh: 0, earlyRestartMarginW: 0, maxStartsPerDay: 0 };

    it('Green: once seen on one phase, it is held and started on the 1-phase minimum (1.4 kW), not 4.1 kW', () => {
      const c = calc({ mode: 'green', green: rules });
      // Never seen charging: nothing tells it apart from a 3-phase car.
      const first = runFollowing(c, 0, 120, () => THREE_P_MIN_W + 300, waiting, onL1(7));
      expect(first[60].enabled).to.equal(true);
      const cloud = runFollowing(c, 121, 320, () => 1000, waiting, onL1(6));
      expect(cloud[0]).to.include({ enabled: true, budgetW: ONE_P_MIN_W });
      expect(cloud[199].enabled).to.equal(false);
      const sun = runFollowing(c, 321, 400, () => ONE_P_MIN_W + 300, waiting, onL1(7));
      expect(sun[0].reason).to.match(/start/);
      expect(sun[60]).to.include({ enabled: true, budgetW: ONE_P_MIN_W + 300 });
    });

    it('Green: declared on its station, it starts on the 1-phase minimum in its very first session', () => {
      const c = calc({ mode: 'green', green: rules });
      const declared = (t: StationTelemetry): StationTelemetry => ({ ...t, singlePhaseCar: true });
      const morning = runFollowing(c, 0, 80, () => ONE_P_MIN_W + 300, declared(waiting), declared(onL1(7)));
      expect(morning[0].reason).to.match(/start/);
      expect(morning[60]).to.include({ enabled: true, budgetW: ONE_P_MIN_W + 300 });
    });

    it('Green: plugged in again after a day on one phase, it starts on the 1-phase minimum before it has drawn', () => {
      const c = calc({ mode: 'green', green: rules });
      runFollowing(c, 0, 120, () => THREE_P_MIN_W + 300, waiting, onL1(7));
      const unplugged = telemetry('tri', { carConnected: false, charging: false, state: 'available' });
      run(c, 121, 200, () => 0, [unplugged]);
      // The next session on a 1.7 kW morning: 4.1 kW would never come.
      const morning = runFollowing(c, 201, 280, () => ONE_P_MIN_W + 300, waiting, onL1(7));
      expect(morning[0].reason).to.match(/start/);
      expect(morning[60]).to.include({ enabled: true, budgetW: ONE_P_MIN_W + 300 });
    });

    it('Hybrid: the guaranteed current is priced on its one phase, so the surplus on top is not lost', () => {
      const c = calc({ mode: 'hybrid' });
      const targets = run(c, 0, 60, () => 3100, [onL1(6)]);
      expect(targets[0].budgetW, 'not settled: 3 × 6 A').to.equal(THREE_P_MIN_W);
      expect(targets[60].budgetW).to.equal(3100);
    });

    it('automatic switching leaves it on the phases it has: a switch would gain it nothing and open the contactor', () => {
      const c = calc({ mode: 'green', green: { ...rules, enableDelayMs: 0 }, phaseSwitch: { auto: true, downDelayMs: 60_000, downBudgetWh: 0 } });
      const car = onL1(13, { canSwitchPhases: true });
      const targets = run(c, 0, 900, () => 3000, [car]);
      expect(targets.every((t) => t.enabled && t.phaseChoice.tri === 3)).to.equal(true);
      expect(targets.slice(60).every((t) => t.timer === undefined)).to.equal(true);
    });
  });

  describe('home battery', () => {
    const h = (t: number) => at(t, 1000, [oneP()]);

    it('car first: the battery\'s charging power counts as surplus, its discharge never feeds the car', () => {
      const c = calc({ mode: 'power', battery: { policy: 'car-first' } });
      c.setBattery({ powerW: 2000, soc: 40 }, 0);
      expect(c.update(h(0)).surplusW).to.equal(3000);
      c.setBattery({ powerW: -800, soc: 40 }, 1000);
      expect(c.update(h(1000)).surplusW).to.equal(200);
    });

    it('refuses a battery reading stamped more than an hour ahead (a µs stamp would never go stale)', () => {
      const c = calc({ mode: 'power', battery: { policy: 'car-first' } });
      const nowMs = 1_700_000_000_000;
      expect(() => c.setBattery({ powerW: 3000, timestamp: nowMs * 1000 }, nowMs)).to.throw(InputError, /battery timestamp .* more than an hour ahead/);
      c.setBattery({ powerW: 3000, timestamp: nowMs + 60_000 }, nowMs);
      expect(c.update(h(nowMs)).surplusW, 'a clock a minute fast is fine').to.equal(4000);
    });

    it('ages a battery reading stamped ahead from its arrival: silent for the timeout, it is ignored', () => {
      const c = calc({ mode: 'power', battery: { policy: 'car-first' } });
      const nowMs = 1_700_000_000_000;
      c.setBattery({ powerW: 3000, timestamp: nowMs + 30 * 60_000 }, nowMs);
      expect(c.update(h(nowMs + 60_000)).surplusW, 'within the 60 s timeout').to.equal(4000);
      expect(c.update(h(nowMs + 61_000)).surplusW, 'a battery clock 30 min fast does not keep a silent battery fresh').to.equal(1000);
    });

    it('battery first: its charging power stays with it', () => {
      const c = calc({ mode: 'power', battery: { policy: 'battery-first' } });
      c.setBattery({ powerW: 2000 }, 0);
      expect(c.update(h(0)).surplusW).to.equal(1000);
      c.setBattery({ powerW: -800 }, 1000);
      expect(c.update(h(1000)).surplusW).to.equal(200);
    });

    it('battery first below a SoC, with hysteresis', () => {
      const c = calc({ mode: 'power', battery: { policy: 'battery-first-below-soc', prioritySoc: 50, socHysteresis: 5 } });
      const surplusAt = (soc: number, t: number): number => {
        c.setBattery({ powerW: 2000, soc }, t);
        return c.update(h(t)).surplusW;
      };
      expect(surplusAt(40, 0)).to.equal(1000);
      expect(surplusAt(52, 1000)).to.equal(1000);
      expect(surplusAt(55, 2000)).to.equal(3000);
      expect(surplusAt(51, 3000)).to.equal(3000);
      expect(surplusAt(49, 4000)).to.equal(1000);
    });

    it('ignores a battery reading older than its timeout', () => {
      const c = calc({ mode: 'hybrid', battery: { staleAfterMs: 60_000 } });
      c.setBattery({ powerW: 2000, timestamp: 0 }, 0);
      const t = c.update(h(61_000));
      expect(t.surplusW).to.equal(1000);
      expect(t.reason).to.match(/battery reading too old/);
    });

    it('rejects a bad battery message', () => {
      const c = calc({ mode: 'power' });
      expect(() => c.setBattery({ powerW: Number.NaN }, 0)).to.throw(InputError, /battery powerW/);
      expect(() => c.setBattery({ powerW: 100, soc: 140 }, 0)).to.throw(InputError, /battery soc/);
      expect(() => c.setBattery('full', 0)).to.throw(InputError, /battery payload/);
    });
  });

  describe('smoothing and fail-safe', () => {
    it('smooths the surplus over irregular samples (63 % of a step after one time constant)', () => {
      const c = new SurplusCalculator({ mode: 'power', smoothingMs: 10_000 });
      c.update(at(0, 0, []));
      expect(c.update(at(10_000, 1000, [])).surplusW).to.be.closeTo(632.1, 0.1);
    });

    it('passes a fail-safe through without advancing any timer', () => {
      const c = calc({ mode: 'green' });
      c.update(at(0, 3000, [oneP()]));
      const fs = c.update({ ...at(50_000, 3000, [oneP()]), failsafe: { currentA: 6, reason: 'no meter reading for 12 s' } });
      expect(fs.reason).to.equal('fail-safe 6 A: no meter reading for 12 s');
      expect(fs.failsafe).to.deep.equal({ currentA: 6, reason: 'no meter reading for 12 s' });
      // The start timer counted from 0 s and was not touched by the fail-safe target.
      expect(c.update(at(51_000, 3000, [oneP()])).timer).to.deep.equal({ action: 'start', remainingS: 9 });
    });

    it('counts no grid budget for a fail-safe spell: its surplus is unknown', () => {
      const c = calc({ mode: 'green', green: { stopBudgetWh: 60, minRunMs: 0 } });
      const charging = oneP({ currentsA: [6], powerW: ONE_P_MIN_W });
      run(c, 0, 60, () => 3000, [oneP()]);
      run(c, 61, 120, () => 3000, [charging]);
      // An hour without a meter reading, then 150 W short of the minimum (within the stop threshold).
      c.update({ ...at(121_000, 3000, [charging]), failsafe: { currentA: 6, reason: 'no meter reading for 12 s' } });
      const back = c.update(at(3_721_000, ONE_P_MIN_W - 150, [charging]));
      // Counted with the reading after it, the hour would be 150 Wh of grid debt: the car stopped at once.
      expect(back).to.include({ enabled: true });
      expect(back).to.not.have.property('timer');
      // Nor for the phase switcher: 300 W short for an hour would be 300 Wh, beyond its 50 Wh, a switch down at once.
      const h = calc({ mode: 'hybrid', phaseSwitch: { auto: true, downBudgetWh: 50 } });
      const tri = triSwitchable({ currentsA: [7, 7, 7], powerW: 4830 });
      h.update(at(0, 6000, [tri]));
      h.update({ ...at(1000, 6000, [tri]), failsafe: { currentA: 6, reason: 'no meter reading for 12 s' } });
      const after = h.update(at(3_601_000, THREE_P_MIN_W - 300, [tri]));
      expect(after.phaseChoice.tri).to.equal(3);
      expect(after.timer?.action).to.equal('switch-to-1p');
    });
  });

  describe('bad input', () => {
    it('rejects a message that is not a Headroom, and non-finite powers', () => {
      const c = calc({ mode: 'power' });
      expect(() => c.update({ kind: 'charging-target' })).to.throw(InputError, /Headroom/);
      expect(() => c.update({ ...at(0, 0, []), gridPowerW: Number.NaN })).to.throw(InputError, /gridPowerW/);
      expect(() => c.update({ ...at(0, 0, []), phases: [{ phase: 'L1', headroomA: -1 }] })).to.throw(InputError, /L1/);
    });

    it('rejects bad settings', () => {
      expect(() => calc({ hybridCurrentA: 40 })).to.throw(InputError, /Hybrid current must be a whole number from 6 to 32 A/);
      expect(() => calc({ mode: 'turbo' as never })).to.throw(InputError, /unknown charging mode/);
      expect(() => calc({ green: { enableDelayMs: -1 } })).to.throw(InputError, /Green start delay/);
      expect(() => calc({ green: { stopThresholdW: Number.NaN } })).to.throw(InputError, /Green stop threshold/);
      expect(() => calc({ battery: { policy: 'sometimes' as never } })).to.throw(InputError, /battery policy/);
      expect(() => calc({ phaseSwitch: { hysteresisW: 0 } })).to.throw(InputError, /hysteresis/);
    });

    it('refuses the settings its dialog refuses: a fractional Hybrid current, a falling smoothing above the smoothing, an unreachable SoC band', () => {
      expect(() => calc({ hybridCurrentA: 6.5 })).to.throw(InputError, /^Hybrid current must be a whole number from 6 to 32 A \(got 6\.5\)$/);
      expect(() => calc({ smoothingMs: 10_000, smoothingFallMs: 12_000 })).to.throw(InputError, /^surplus smoothing while falling must be from 0 ms to the surplus smoothing \(10000 ms\) \(got 12000 ms\)$/);
      expect(calc({ smoothingMs: 10_000, smoothingFallMs: 10_000 }).config.smoothingFallMs).to.equal(10_000);
      // Car first would come back only at 103 %: never.
      const band = { policy: 'battery-first-below-soc', prioritySoc: 98, socHysteresis: 5 } as const;
      expect(() => calc({ battery: band })).to.throw(InputError, /^battery priority SoC plus the battery SoC hysteresis \(98 \+ 5 %\) must be at most 100 %/);
      expect(calc({ battery: { ...band, socHysteresis: 2 } }).config.battery.socHysteresis).to.equal(2);
      // The band only matters with that policy.
      expect(calc({ battery: { ...band, policy: 'car-first' } }).config.battery.prioritySoc).to.equal(98);
    });
  });
});
