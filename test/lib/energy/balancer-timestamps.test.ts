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

  it('refuses telemetry more than an hour ahead, so the station\'s real telemetry is still taken', () => {
    const lb = make();
    expect(() => lb.onTelemetry(telemetry('a', { timestamp: 1e308 }))).to.throw(InputError, /telemetry of station a: .* ahead/);
    lb.onTelemetry(telemetry('a', { timestamp: clock.now() }));
    lb.onTelemetry(telemetry('a', { timestamp: clock.now() + 1000 }));
  });
});
