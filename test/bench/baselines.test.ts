import { expect } from 'chai';
import type { ControlCommand, Controller } from '../../bench/control/controller';
import { evccLike } from '../../bench/control/evcc-like';
import { openWbLike } from '../../bench/control/openwb-like';
import { smartEvseLike } from '../../bench/control/smartevse-like';
import { context, info, reading, telemetry } from './fixtures';

/** Per-phase A at the grid while exporting `exportW` in total (the car's draw already in it); negative = import. */
const exporting = (exportW: number): [number, number, number] => {
  const a = -exportW / 3 / 230;
  return [a, a, a];
};

const currentOf = (cmds: ControlCommand[], station = 'a'): number | undefined => cmds.find((c) => c.station === station)?.currentA;

describe('baseline policies', () => {
  describe('evcc-like', () => {
    it('waits the 1 min enable delay on surplus, seen on its 30 s ticks, before starting at the minimum', () => {
      const c: Controller = evccLike.create(context('green', [info('a')]));
      c.onTelemetry(telemetry('a', 0, 0), 0);
      const firstSeen = 30_000;
      const starts: number[] = [];
      for (let t = firstSeen; t <= 150_000; t += 30_000) {
        c.onReading(reading(t - 500, exporting(5000)), t - 400);
        if ((currentOf(c.tick(t)) ?? 0) > 0) starts.push(t);
      }
      expect(starts[0] - firstSeen).to.equal(60_000);
    });

    it('holds the minimum through the 3 min disable delay once the surplus is gone, then stops', () => {
      const c = evccLike.create(context('green', [info('a')]));
      c.onTelemetry(telemetry('a', 0, 0), 0);
      for (let t = 30_000; t <= 90_000; t += 30_000) {
        c.onReading(reading(t - 500, exporting(5000)), t - 400);
        c.tick(t);
      }
      c.onTelemetry(telemetry('a', 100_000, 6), 100_000);
      const seen: Array<[number, number | undefined]> = [];
      for (let t = 120_000; t <= 330_000; t += 30_000) {
        c.onReading(reading(t - 500, exporting(-500)), t - 400); // importing 500 W with the car at its minimum
        seen.push([t, currentOf(c.tick(t))]);
      }
      const stop = seen.find(([, a]) => a === 0);
      expect(stop?.[0]).to.equal(120_000 + 180_000);
      expect(seen.filter(([t]) => t < 300_000).every(([, a]) => a === 6)).to.equal(true);
    });

    it('updates one loadpoint per tick, round-robin', () => {
      const c = evccLike.create(context('power', [info('a'), info('b')]));
      c.onTelemetry(telemetry('a', 0, 0), 0);
      c.onTelemetry(telemetry('b', 0, 0), 0);
      c.onReading(reading(0, [1, 1, 1]), 100);
      expect(c.tick(30_000).map((x) => x.station)).to.deep.equal(['a']);
      expect(c.tick(60_000).map((x) => x.station)).to.deep.equal(['b']);
      expect(c.tick(90_000).map((x) => x.station)).to.deep.equal(['a']);
    });

    it('limits by the highest phase current, even one the car does not use', () => {
      const c = evccLike.create(context('power', [info('a', { gridPhases: ['L1'] })]));
      c.onTelemetry(telemetry('a', 0, 0, { gridPhases: ['L1'] }), 0);
      c.onReading(reading(0, [5, 5, 5]), 100);
      expect(currentOf(c.tick(30_000))).to.equal(20); // increase capped at the 20 A headroom
      c.onTelemetry(telemetry('a', 31_000, 20, { gridPhases: ['L1'] }), 31_000);
      c.onReading(reading(59_000, [25, 28, 5]), 59_100); // L2 (no car on it) is 3 A over
      expect(currentOf(c.tick(60_000))).to.equal(17);
    });
  });

  describe('SmartEVSE-like', () => {
    it('starts with the full headroom, cuts the full deficit at once and raises by ¼ of the headroom', () => {
      const c = smartEvseLike.create(context('power', [info('a')]));
      c.onTelemetry(telemetry('a', 0, 0), 0);
      expect(currentOf(c.onReading(reading(0, [2, 2, 2]), 150))).to.equal(23);
      c.onTelemetry(telemetry('a', 1500, 23), 1500);
      expect(currentOf(c.onReading(reading(2000, [27, 27, 27]), 2150))).to.equal(21); // 2 A over → −2
      c.onTelemetry(telemetry('a', 3500, 21), 3500);
      expect(currentOf(c.onReading(reading(4000, [17, 17, 17]), 4150))).to.equal(23); // 8 A room → +2
    });

    it('acts only on fresh measurements, at most once per 2 s cycle', () => {
      const c = smartEvseLike.create(context('power', [info('a')]));
      c.onTelemetry(telemetry('a', 0, 0), 0);
      expect(c.onReading(reading(0, [2, 2, 2]), 150)).to.not.deep.equal([]);
      expect(c.onReading(reading(1000, [2, 2, 2]), 1150)).to.deep.equal([]); // inside the cycle
      expect(c.tick(2200)).to.not.deep.equal([]); // the reading of 1 s is new to the next cycle
      expect(c.tick(4400)).to.deep.equal([]); // nothing new arrived
    });

    it('has no Hybrid (SmartEVSE has no Min+PV mode): the bench leaves it out', () => {
      expect(smartEvseLike.unsupported?.hybrid).to.match(/no Min\+PV/);
      expect(() => smartEvseLike.create(context('hybrid', [info('a')]))).to.throw(/Hybrid/);
    });

    it('in Solar starts above StartCurrent (4 A of export) and steps +0.5 A on export', () => {
      const c = smartEvseLike.create(context('green', [info('a')]));
      c.onTelemetry(telemetry('a', 0, 0), 0);
      expect(currentOf(c.onReading(reading(0, exporting(800)), 150))).to.equal(0); // 3.5 A of export
      expect(currentOf(c.onReading(reading(2000, exporting(1000)), 2150))).to.equal(6); // 4.3 A
    });
  });

  describe('openWB-like', () => {
    it('starts after 1500 W per phase for 30 s, then moves at most 5 A per 10 s cycle', () => {
      const c = openWbLike.create(context('green', [info('a', { maxCurrentA: 32 })]));
      c.onTelemetry(telemetry('a', 0, 0), 0);
      const firstSeen = 10_000;
      let started: number | undefined;
      for (let t = firstSeen; t <= 60_000 && started === undefined; t += 10_000) {
        c.onReading(reading(t - 500, exporting(12_000)), t - 400);
        if ((currentOf(c.tick(t)) ?? 0) > 0) started = t;
      }
      expect((started as number) - firstSeen).to.equal(30_000);
      let drawA = 6;
      let t = started as number;
      for (let k = 0; k < 4; k++) {
        t += 10_000;
        c.onTelemetry(telemetry('a', t - 2000, drawA), t - 2000);
        c.onReading(reading(t - 500, exporting(20_000 - drawA * 690)), t - 400); // the car takes its draw from the export
        const next = currentOf(c.tick(t)) as number;
        expect(next - drawA).to.be.at.most(5);
        expect(next).to.be.greaterThan(drawA);
        drawA = next;
      }
    });

    it('shares what is left on each phase between the charge points on it (Power)', () => {
      const c = openWbLike.create(context('power', [info('a'), info('b', { gridPhases: ['L2', 'L3', 'L1'] })]));
      c.onTelemetry(telemetry('a', 0, 0), 0);
      c.onTelemetry(telemetry('b', 0, 0, { gridPhases: ['L2', 'L3', 'L1'] }), 0);
      c.onReading(reading(0, [5, 1, 1]), 100);
      const cmds = c.tick(10_000);
      expect(currentOf(cmds, 'a')).to.equal(10); // L1 has 20 A left for two cars
      expect(currentOf(cmds, 'b')).to.equal(10);
    });
  });
});
