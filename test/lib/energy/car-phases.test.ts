import { expect } from 'chai';
import { CAR_SETTLE_MS } from '../../../lib/energy/car-timing';
import { CarPhases, FEWER_PHASES_AFTER_MS } from '../../../lib/energy/car-phases';
import type { StationTelemetry } from '../../../lib/lektrico/station-telemetry';
import { telemetry } from './builders';

/** ms after the first draw at which a car on fewer phases is taken to use only them. */
const LEARNED_MS = CAR_SETTLE_MS + FEWER_PHASES_AFTER_MS;

/** A 3P22K in 3-phase mode with a car drawing currentsA. */
const tri = (currentsA: number[], over: Partial<StationTelemetry> = {}): StationTelemetry => telemetry('tri', { currentsA, ...over });
const onL1 = tri([16, 0, 0]);
const onThree = tri([16, 16, 16]);
const paused = tri([0, 0, 0], { charging: false, state: 'paused' });

/** Feeds one telemetry per second from fromMs to toMs (inclusive). */
function feed(phases: CarPhases, t: StationTelemetry, fromMs: number, toMs: number): void {
  for (let ms = fromMs; ms <= toMs; ms += 1000) phases.observe([t], ms);
}

describe('car phases', () => {
  it('takes a car drawing on L1 alone to use one phase once it has settled there, and counts it there only while it still does', () => {
    const phases = new CarPhases();
    feed(phases, onL1, 0, LEARNED_MS - 1000);
    expect(phases.budgetGridPhases(onL1, {}), 'not settled yet').to.deep.equal(['L1', 'L2', 'L3']);
    expect(phases.limitGridPhases(onL1, {}, LEARNED_MS - 1000)).to.deep.equal(['L1', 'L2', 'L3']);
    feed(phases, onL1, LEARNED_MS, LEARNED_MS);
    expect(phases.budgetGridPhases(onL1, {})).to.deep.equal(['L1']);
    expect(phases.limitGridPhases(onL1, {}, LEARNED_MS)).to.deep.equal(['L1']);
    expect(phases.onOnePhase(onL1)).to.equal(true);
  });

  it('counts a car on all phases again on the first reading that shows it drawing on another', () => {
    const phases = new CarPhases();
    feed(phases, onL1, 0, LEARNED_MS);
    phases.observe([onThree], LEARNED_MS + 1000);
    expect(phases.limitGridPhases(onThree, {}, LEARNED_MS + 1000)).to.deep.equal(['L1', 'L2', 'L3']);
    expect(phases.budgetGridPhases(onThree, {})).to.deep.equal(['L1', 'L2', 'L3']);
    expect(phases.onOnePhase(onThree)).to.equal(false);
  });

  it('keeps a paused car\'s phase for the PV while it stays plugged in, but counts it on all phases until it has settled again', () => {
    const phases = new CarPhases();
    feed(phases, onL1, 0, LEARNED_MS);
    feed(phases, paused, LEARNED_MS + 1000, LEARNED_MS + 60_000);
    expect(phases.budgetGridPhases(paused, {}), 'PV cost of a restart').to.deep.equal(['L1']);
    expect(phases.limitGridPhases(paused, {}, LEARNED_MS + 60_000)).to.deep.equal(['L1', 'L2', 'L3']);
    const restartMs = LEARNED_MS + 61_000;
    feed(phases, onL1, restartMs, restartMs + CAR_SETTLE_MS - 1000);
    expect(phases.limitGridPhases(onL1, {}, restartMs + CAR_SETTLE_MS - 1000), 'just started').to.deep.equal(['L1', 'L2', 'L3']);
    feed(phases, onL1, restartMs + CAR_SETTLE_MS, restartMs + CAR_SETTLE_MS);
    expect(phases.limitGridPhases(onL1, {}, restartMs + CAR_SETTLE_MS)).to.deep.equal(['L1']);
  });

  it('prices the next car on the phases of the station\'s previous car until it draws on others, and never counts it so on the hard limits', () => {
    const phases = new CarPhases();
    feed(phases, onL1, 0, LEARNED_MS);
    const unplugged = tri([0, 0, 0], { carConnected: false, charging: false, state: 'available' });
    phases.observe([unplugged], LEARNED_MS + 1000);
    // The next day the car is back: before it draws, Green may start it on one phase's minimum (1.4 kW, not 4.1 kW).
    feed(phases, paused, LEARNED_MS + 2000, LEARNED_MS + 10_000);
    expect(phases.budgetGridPhases(paused, {})).to.deep.equal(['L1']);
    expect(phases.limitGridPhases(paused, {}, LEARNED_MS + 10_000)).to.deep.equal(['L1', 'L2', 'L3']);
    expect(phases.onOnePhase(paused), 'not learned: a 1↔3 switch is still judged on its own draw').to.equal(false);
    // Another car, which draws on three phases: priced on three at its first reading.
    phases.observe([unplugged], LEARNED_MS + 11_000);
    phases.observe([onThree], LEARNED_MS + 12_000);
    expect(phases.budgetGridPhases(onThree, {})).to.deep.equal(['L1', 'L2', 'L3']);
    // Once it has settled on three phases, that is what the car after it is priced on.
    feed(phases, onThree, LEARNED_MS + 13_000, 2 * LEARNED_MS + 13_000);
    phases.observe([unplugged], 2 * LEARNED_MS + 14_000);
    phases.observe([paused], 2 * LEARNED_MS + 15_000);
    expect(phases.budgetGridPhases(paused, {})).to.deep.equal(['L1', 'L2', 'L3']);
  });

  it('prices a car on the station\'s L1 from the start when the station says its car draws on one phase, until it draws on others', () => {
    const phases = new CarPhases();
    const declared = (t: StationTelemetry): StationTelemetry => ({ ...t, singlePhaseCar: true });
    phases.observe([declared(paused)], 0);
    expect(phases.budgetGridPhases(declared(paused), {}), 'before it has drawn').to.deep.equal(['L1']);
    expect(phases.limitGridPhases(declared(paused), {}, 0), 'the hard limits wait for its telemetry').to.deep.equal(['L1', 'L2', 'L3']);
    phases.observe([declared(onThree)], 1000);
    expect(phases.budgetGridPhases(declared(onThree), {}), 'a guest car on three phases').to.deep.equal(['L1', 'L2', 'L3']);
  });

  it('learns nothing from a 3-phase car tapering off, or from a station that offers one phase', () => {
    const phases = new CarPhases();
    const tapering = tri([1.5, 0.9, 0.9]);
    feed(phases, tapering, 0, 2 * LEARNED_MS);
    expect(phases.budgetGridPhases(tapering, {})).to.deep.equal(['L1', 'L2', 'L3']);
    const relayMode1 = tri([16, 0, 0], { activePhases: 1, canSwitchPhases: true });
    const other = new CarPhases();
    feed(other, relayMode1, 0, 2 * LEARNED_MS);
    expect(other.budgetGridPhases(relayMode1, { tri: 3 }), 'after a switch up').to.deep.equal(['L1', 'L2', 'L3']);
  });

  it('counts on every phase involved while a 1↔3 switch is pending, and prices the car on the one it uses', () => {
    const phases = new CarPhases();
    const switchable = tri([16, 0, 0], { canSwitchPhases: true });
    feed(phases, switchable, 0, LEARNED_MS);
    expect(phases.limitGridPhases(switchable, { tri: 1 }, LEARNED_MS)).to.deep.equal(['L1', 'L2', 'L3']);
    expect(phases.budgetGridPhases(switchable, { tri: 1 })).to.deep.equal(['L1']);
    expect(phases.limitGridPhases(switchable, { tri: 3 }, LEARNED_MS)).to.deep.equal(['L1']);
  });
});
