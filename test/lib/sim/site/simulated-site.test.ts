import { expect } from 'chai';
import { ManualClock } from '../../../../lib/clock';
import type { HomeSample, HomeSource } from '../../../../lib/sim/home/home-sample';
import { SimulatedSite } from '../../../../lib/sim/site';

/** A home with fixed per-phase load and PV, so every expected grid value is plain arithmetic. */
class FixedHome implements HomeSource {
  readonly name = 'fixed';
  constructor(private readonly sample: HomeSample) {}
  at(): HomeSample {
    return this.sample;
  }
}

const HOME = new FixedHome({ houseW: [1000, 500, 300], pvW: [2000, 2000, 2000] });

async function emStatus(host: string): Promise<Record<string, number>> {
  const res = await fetch(`http://${host}/rpc/Shelly.GetStatus`);
  return ((await res.json()) as Record<string, Record<string, number>>)['em:0'];
}

describe('SimulatedSite', () => {
  let site: SimulatedSite | undefined;
  afterEach(async () => {
    await site?.stop();
    site = undefined;
  });

  it('sets the grid meter to house − PV + the cars, per phase, as the car follows its station', async () => {
    const env = new ManualClock(Date.UTC(2025, 5, 21, 10));
    const stationClock = new ManualClock(0);
    site = await SimulatedSite.start({
      home: HOME,
      clock: env.now,
      meter: { model: 'SPEM-003CEBEU' },
      stations: [{ simulator: { type: '3p22k', clock: stationClock.now, car: { maxCurrentA: 32, phases: 3 } }, gridPhases: ['L2', 'L3', 'L1'] }],
      updateIntervalMs: 60_000,
    });
    const station = site.stations[0];
    station.model.call('dynamic_current.set', { dynamic_current: 10 });
    stationClock.advance(10_000); // past the car's reaction and start lag
    const snap = site.update();
    const carW = 10 * 230.4; // the car's 10 A on the station's L1, wired to grid L2
    expect(snap.carsW[1]).to.be.closeTo(carW, 1e-6);
    expect(snap.gridW[1]).to.be.closeTo(500 - 2000 + carW, 1e-6);
    expect(snap.stationW[0]).to.be.closeTo(station.model.powerW(), 1e-6);
    const em = await emStatus(site.meter!.host);
    expect(em.b_act_power).to.be.closeTo(snap.gridW[1], 0.5);
    expect(em.a_act_power).to.be.closeTo(1000 - 2000 + 10 * 231.1, 0.5); // station L3 → grid L1
    expect(em.total_act_power).to.be.closeTo(snap.gridW[0] + snap.gridW[1] + snap.gridW[2], 1);
  });

  it('puts a single-phase home on the first channel of a one- or two-channel meter', async () => {
    site = await SimulatedSite.start({
      home: HOME,
      clock: () => 0,
      meter: { model: 'SHEM' },
      stations: [{ simulator: { type: '1p7k', car: false }, gridPhases: ['L1'] }],
      updateIntervalMs: 60_000,
    });
    const snap = site.snapshot;
    expect(snap.gridW).to.deep.equal([1800 - 6000, 0, 0]);
    const res = await fetch(`http://${site.meter!.host}/status`);
    const emeters = ((await res.json()) as { emeters: Array<{ power: number }> }).emeters;
    expect(emeters[0].power).to.be.closeTo(-4200, 0.5);
    expect(emeters[1].power).to.equal(0);
  });

  it('shows the PV inverter as power flowing out on the PV meter', async () => {
    site = await SimulatedSite.start({ home: HOME, clock: () => 0, pvMeter: { model: 'S3EM-003CXCEU63' }, updateIntervalMs: 60_000 });
    const em = await emStatus(site.pvMeter!.host);
    expect(em.total_act_power).to.be.closeTo(-6000, 1);
  });

  it('updates the meter on its own while running, and stops every simulator', async () => {
    let now = 0;
    site = await SimulatedSite.start({ home: HOME, clock: () => now, meter: { model: 'SPEM-003CEBEU' }, updateIntervalMs: 20 });
    const host = site.meter!.host;
    const seen = await new Promise<number>((resolve) => {
      site!.onUpdate = (s) => {
        if (s.simTimeMs === 5) resolve(s.simTimeMs);
      };
      now = 5;
    });
    expect(seen).to.equal(5);
    await site.stop();
    site = undefined;
    let refused = false;
    await fetch(`http://${host}/shelly`).catch(() => (refused = true));
    expect(refused).to.equal(true);
  });
});
