import { expect } from 'chai';
import { MAX_CLOCK_AHEAD_MS, ManualClock } from '../../../lib/clock';
import { LoadBalancer } from '../../../lib/energy/balancer';
import { InputError } from '../../../lib/input-error';
import { reading, telemetry } from './builders';

/**
 * A single message stamped absurdly far ahead (1e308, µs instead of ms) must not be taken: the
 * load balancer would then refuse every correctly stamped reading after it as out of order.
 */
describe('LoadBalancer: time stamps far ahead of the clock', () => {
  const clock = new ManualClock(1_700_000_000_000);
  const make = (): LoadBalancer => new LoadBalancer({ limitA: 25, marginA: 1 }, clock.now);

  it('refuses a reading more than an hour ahead, and keeps taking correct ones', () => {
    const lb = make();
    lb.onReading(reading(clock.now(), { L1: 5 }));
    for (const ts of [1e308, 2 ** 53 + 1, clock.now() * 1000, clock.now() + MAX_CLOCK_AHEAD_MS + 1]) {
      expect(() => lb.onReading(reading(ts, { L1: 5 })), String(ts)).to.throw(InputError, /more than an hour ahead of this machine's clock/);
    }
    expect(lb.onReading(reading(clock.now() + 1, { L1: 5 })).failsafe).to.equal(undefined);
    expect(lb.onReading(reading(clock.now() + 10 * 60_000, { L1: 5 })).failsafe, 'a simulation ahead of the wall clock').to.equal(undefined);
  });

  it('names a reading stamped in seconds instead of milliseconds, not just "55 years old"', () => {
    const lb = make();
    const seconds = Math.floor(clock.now() / 1000);
    const reason = lb.onReading(reading(seconds, { L1: 5 })).failsafe?.reason;
    expect(reason).to.match(new RegExp(`^meter reading is .* old \\(its timestamp ${seconds} looks like seconds since the epoch: give milliseconds\\)$`));
    // A reading that is merely late says only its age.
    expect(lb.onReading(reading(clock.now() - 60_000, { L1: 5 })).failsafe?.reason).to.equal('meter reading is 60 s old');
  });

  it('refuses telemetry more than an hour ahead, so the station\'s real telemetry is still taken', () => {
    const lb = make();
    expect(() => lb.onTelemetry(telemetry('a', { timestamp: 1e308 }))).to.throw(InputError, /telemetry of station a: .* ahead/);
    lb.onTelemetry(telemetry('a', { timestamp: clock.now() }));
    lb.onTelemetry(telemetry('a', { timestamp: clock.now() + 1000 }));
  });
});

/**
 * The fail-safe must come staleAfterMs after the last reading the balancer took, whatever the
 * stamps say: a device clock that is fast (MQTT frames carry the Shelly's own `ts`) or this
 * machine's clock set back must not keep a silent meter looking fresh.
 */
describe('LoadBalancer: fail-safe when stamps and the clock disagree', () => {
  it('falls back to the fail-safe after the timeout for a reading stamped ahead of the clock (a fast device clock)', () => {
    const clock = new ManualClock(1_700_000_000_000);
    const lb = new LoadBalancer({ limitA: 25, marginA: 1, staleAfterMs: 10_000 }, clock.now);
    expect(lb.onReading(reading(clock.now() + 5 * 60_000, { L1: 5 })).failsafe).to.equal(undefined);
    for (let s = 1; s <= 10; s++) {
      clock.advance(1000);
      expect(lb.tick(), `${s} s after the reading`).to.equal(undefined);
    }
    clock.advance(1000);
    expect(lb.tick()?.failsafe).to.deep.equal({ currentA: 6, reason: 'no meter reading for 11 s' });
  });

  it('falls back to the fail-safe when the clock is set back and its readings are refused as out of order', () => {
    const clock = new ManualClock(1_700_000_000_000);
    const lb = new LoadBalancer({ limitA: 25, marginA: 1, staleAfterMs: 10_000 }, clock.now);
    lb.onReading(reading(clock.now(), { L1: 5 }));
    clock.advance(1000);
    expect(lb.tick()).to.equal(undefined);
    clock.set(clock.now() - 5 * 60_000); // NTP steps a fast clock back
    let failsafe: string | undefined;
    for (let s = 1; s <= 12 && failsafe === undefined; s++) {
      expect(() => lb.onReading(reading(clock.now(), { L1: 20 }))).to.throw(InputError, /out of order/);
      failsafe = lb.tick()?.failsafe?.reason;
      clock.advance(1000);
    }
    expect(failsafe).to.equal('no meter reading for 11 s');
  });
});

describe('LoadBalancer: a station\'s silence when the clock is set back', () => {
  it('stops counting a station whose telemetry is refused as out of order for over a minute, while the meter (its own clock) goes on', () => {
    const clock = new ManualClock(1_700_000_000_000);
    const lb = new LoadBalancer({ limitA: 25, marginA: 1 }, clock.now);
    let deviceMs = clock.now(); // readings stamped by the meter's own clock, e.g. the `ts` of Shelly frames over MQTT
    lb.onTelemetry(telemetry('a', { currentsA: [16, 16, 16], timestamp: clock.now() }));
    lb.onReading(reading(deviceMs, { L1: 20, L2: 20, L3: 20 }));
    clock.set(clock.now() - 5 * 60_000); // NTP steps this machine's fast clock back
    let carCurrentA = 16;
    for (let s = 1; s <= 70; s++) {
      clock.advance(1000);
      deviceMs += 1000;
      // The car stopped: the station says so, stamped by the clock that was set back.
      expect(() => lb.onTelemetry(telemetry('a', { currentsA: [0, 0, 0], timestamp: clock.now() }))).to.throw(InputError, /out of order/);
      const h = lb.onReading(reading(deviceMs, { L1: 4, L2: 4, L3: 4 }));
      carCurrentA = h.phases[0].carCurrentA;
    }
    expect(carCurrentA, 'the car\'s last reported 16 A is no longer subtracted from the grid').to.equal(0);
  });
});
