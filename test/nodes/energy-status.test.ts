import { expect } from 'chai';
import type { Allocation, StationShare } from '../../lib/energy/splitter';
import { formatCountdown } from '../../nodes/common/status';
import { headroomStatus } from '../../nodes/load-balancer/headroom-status';
import { allocationStatus } from '../../nodes/power-splitter/allocation-status';
import { targetStatus } from '../../nodes/pv-surplus/target-status';
import { headroom, phaseHeadroom, target, telemetry } from '../lib/energy/builders';
import { englishTexts, romanianTexts } from '../support/catalogue-translators';

/**
 * The status lines of the energy nodes for the situations the node tests do not reach (timers, the
 * resume delay), and the same lines in Romanian, as a runtime with `lang: 'ro'` shows them.
 */
const english = englishTexts;
const romanian = romanianTexts;

function share(station: string, currentA: number, reason: string): StationShare {
  return { station, currentA, reason, priority: 0, competing: true, idle: false };
}

function allocation(stations: StationShare[]): Allocation {
  return { timestamp: 0, commands: [], stations, problems: [] };
}

describe('energy nodes: status lines', () => {
  it('counts down in minutes and seconds', () => {
    expect([0, 5, 59.2, 60, 80, 599, 3600, 3725].map(formatCountdown)).to.deep.equal(['0:00', '0:05', '1:00', '1:00', '1:20', '9:59', '1:00:00', '1:02:05']);
    expect(formatCountdown(Number.NaN)).to.equal('?');
  });

  describe('PV surplus', () => {
    const t = english('pv-surplus');
    const cars = [telemetry('garage')];

    it('adds a running phase switch to what the mode gives', () => {
      const hybrid = target({ mode: 'hybrid', guaranteedA: 6, surplusW: 2100, stations: cars, timer: { action: 'switch-to-3p', remainingS: 580 } });
      expect(targetStatus(hybrid, t)).to.deep.equal({ fill: 'green', shape: 'dot', text: 'Hybrid · 6 A + 2.1 kW PV · 3 phases in 9:40' });
      const green = target({ mode: 'green', enabled: true, surplusW: 1500, stations: cars, timer: { action: 'switch-to-1p', remainingS: 120 } });
      expect(targetStatus(green, t).text).to.equal('Green · 1.5 kW PV · 1 phase in 2:00');
    });

    it('says how much grid energy a rationed switch down still waits for (Green with a limit on starts)', () => {
      const green = target({ mode: 'green', enabled: true, surplusW: 4000, stations: cars, switchDownAfterWh: 40 });
      expect(targetStatus(green, t)).to.deep.equal({ fill: 'green', shape: 'dot', text: 'Green · 4.0 kW PV · 1 phase after 40 Wh grid' });
      expect(targetStatus(green, romanian('pv-surplus')).text).to.equal('Verde · 4,0 kW FV · 1 fază după 40 Wh rețea');
    });

    it('says when the next Green car starts', () => {
      const green = target({ mode: 'green', enabled: true, surplusW: 3100, stations: cars, timer: { action: 'start', remainingS: 80 } });
      expect(targetStatus(green, t)).to.deep.equal({ fill: 'green', shape: 'dot', text: 'Green · 3.1 kW PV · next car in 1:20' });
    });

    it('in Romanian', () => {
      const ro = romanian('pv-surplus');
      const waiting = target({ mode: 'green', enabled: false, surplusW: 2300, stations: cars, timer: { action: 'start', remainingS: 80 } });
      expect(targetStatus(waiting, ro).text).to.equal('Verde · aștept surplus 1:20');
      expect(targetStatus(target({ mode: 'hybrid', guaranteedA: 6, surplusW: 2100, stations: cars }), ro).text).to.equal('Hibrid · 6 A + 2,1 kW FV');
      expect(targetStatus(target({ mode: 'off', stations: cars }), ro).text).to.equal('Oprit');
      const allUsed = Object.fromEntries(cars.map((c) => [c.station, 0]));
      const startsUsed = target({ mode: 'green', enabled: false, surplusW: 4200, stations: cars, startsLeft: allUsed });
      expect(targetStatus(startsUsed, ro).text).to.equal('Verde · 4,2 kW FV · fără porniri rămase (24 h)');
      expect(targetStatus(startsUsed, t)).to.deep.equal({ fill: 'yellow', shape: 'ring', text: 'Green · 4.2 kW PV · no starts left (24 h)' });
      // While one car may still start, Green waits for the sun, not for a start.
      const twoCars = [...cars, telemetry('carport')];
      const oneLeft = target({ mode: 'green', enabled: false, surplusW: 800, stations: twoCars, startsLeft: { ...allUsed, carport: 1 } });
      expect(targetStatus(oneLeft, t).text).to.equal('Green · waiting for surplus (0.8 kW PV)');
    });
  });

  describe('load balancer', () => {
    it('in Romanian', () => {
      const ro = romanian('load-balancer');
      const overloaded = headroom({ phases: [phaseHeadroom('L1', 12), { ...phaseHeadroom('L2', 10), gridCurrentA: 27 }, phaseHeadroom('L3', 12)] });
      expect(headroomStatus(overloaded, ro, true).text).to.equal('suprasarcină L2 → 10 A');
      expect(headroomStatus(headroom({ phases: [phaseHeadroom('L1', 16.9)] }), ro, true).text).to.equal('rezervă 16 A');
      expect(headroomStatus(headroom({ readingAgeMs: 12_000, failsafe: { currentA: 6, reason: '' } }), ro, true).text).to.equal('avarie 6 A · contorul nu răspunde de 12 s');
      // Decimal comma in Romanian, point in English.
      expect(headroomStatus(headroom({ readingAgeMs: 4_500, failsafe: { currentA: 6, reason: '' } }), ro, true).text).to.equal('avarie 6 A · contorul nu răspunde de 4,5 s');
      expect(headroomStatus(headroom({ readingAgeMs: 4_500, failsafe: { currentA: 6, reason: '' } }), english('load-balancer'), true).text).to.equal('fail-safe 6 A · meter silent 4.5 s');
    });

    it('names the phase furthest above its limit', () => {
      const phases = [{ ...phaseHeadroom('L1', 2), gridCurrentA: 26 }, { ...phaseHeadroom('L2', 0), gridCurrentA: 29 }, phaseHeadroom('L3', 12)];
      expect(headroomStatus(headroom({ phases }), english('load-balancer'), true).text).to.equal('L2 overload → 0 A');
    });
  });

  describe('power splitter', () => {
    const t = english('power-splitter');
    const cars = [telemetry('garage'), telemetry('carport')];

    it('tells a car that waits for the resume delay from one that has no room', () => {
      const a = allocation([share('garage', 16, 'charging 16 A'), share('carport', 0, 'paused: room again, resuming in 40 s')]);
      expect(allocationStatus(a, target({ stations: cars }), t)).to.deep.equal({ fill: 'yellow', shape: 'ring', text: '16 A · carport paused (room again, resumes soon)' });
    });

    it("waits for the car's minimum in Hybrid too: the guarantee is a target, not a floor", () => {
      const a = allocation([share('garage', 0, 'paused: not enough on L1 (4 A left, needs 6 A on L1)')]);
      expect(allocationStatus(a, target({ mode: 'hybrid', guaranteedA: 10, stations: cars }), t).text).to.equal('garage paused (min 6 A not available)');
    });

    it('names a car paused because it draws nothing, and warns of a station that keeps a current it was told to leave', () => {
      const idle = allocation([share('carport', 10, 'charging 10 A'), { ...share('garage', 0, 'paused: its car draws nothing, carport charges in its place'), yielded: true }]);
      expect(allocationStatus(idle, target({ stations: cars }), t).text).to.equal('10 A · garage paused (its car draws nothing)');
      const stuck = allocation([{ ...share('garage', 16, 'charging 16 A: its station still offers 16 A (it did not apply a lower current)'), offeredA: 16 }, share('carport', 6, 'charging 6 A')]);
      expect(allocationStatus(stuck, target({ stations: cars }), t)).to.deep.equal({ fill: 'yellow', shape: 'dot', text: 'garage holds 16 A: a cut was not applied' });
      expect(allocationStatus(stuck, target({ stations: cars }), romanian('power-splitter')).text).to.equal('garage rămâne la 16 A: reducere neaplicată');
      // Off pauses every car, but this one still draws: the warning stays.
      const offStuck = allocation([{ ...share('garage', 0, 'paused: Off'), offeredA: 16 }]);
      expect(allocationStatus(offStuck, target({ mode: 'off', stations: cars }), t).text).to.equal('garage holds 16 A: a cut was not applied');
    });

    it('a fail-safe of 0 A pauses every car', () => {
      const a = allocation([share('garage', 0, 'paused'), share('carport', 0, 'paused')]);
      expect(allocationStatus(a, target({ failsafe: { currentA: 0, reason: '' }, stations: cars }), t)).to.deep.equal({ fill: 'yellow', shape: 'dot', text: 'fail-safe · 2 paused' });
    });

    it('in Romanian', () => {
      const ro = romanian('power-splitter');
      const a = allocation([share('garage', 16, 'charging 16 A'), share('carport', 10, 'charging 10 A')]);
      expect(allocationStatus(a, target({ stations: cars }), ro).text).to.equal('2 stații · 16 + 10 A');
      const waiting = allocation([share('garage', 0, 'paused: not enough on L2 (3 A left, needs 6 A on L2)')]);
      expect(allocationStatus(waiting, target({ stations: cars }), ro).text).to.equal('garage în pauză (sub minimul de 6 A)');
    });
  });
});
