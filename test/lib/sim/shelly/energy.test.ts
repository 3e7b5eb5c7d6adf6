import { expect } from 'chai';
import { ManualClock } from '../../../../lib/clock';
import { detectChannels, readChannel } from '../../../../lib/shelly/channels';
import { ShellySimulator, type SimulatedShellyModel } from '../../../../lib/sim/shelly';
import { EnergyCounter } from '../../../../lib/sim/shelly/energy-counter';
import { useSimulators } from './sim-client';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** A minute boundary, so minute_ts values are easy to state. */
const T0_MS = Date.UTC(2025, 5, 1, 12, 0, 0);

/** Imported / exported Wh per channel id as a client reads them from the simulator's status. */
function energyByChannel(sim: ShellySimulator, model: SimulatedShellyModel): Record<string, { importWh?: number; exportWh?: number }> {
  const status = sim.status();
  const out: Record<string, { importWh?: number; exportWh?: number }> = {};
  for (const channel of detectChannels(status, { model, profile: sim.profile })) {
    const { importWh, exportWh } = readChannel(status, channel);
    out[channel.id] = { importWh, exportWh };
  }
  return out;
}

describe('Shelly simulators: energy counters follow the injected clock', () => {
  const sims = useSimulators();
  let clock: ManualClock;
  beforeEach(() => {
    clock = new ManualClock(T0_MS);
  });
  const start = (model: SimulatedShellyModel): Promise<ShellySimulator> => sims.start({ model, clock: clock.now });

  it('integrates import and export per phase of a Pro 3EM, piecewise', async () => {
    const sim = await start('SPEM-003CEBEU');
    sim.setPhases([{ powerW: 1000 }, { powerW: -500 }, { powerW: 0 }]);
    clock.advance(HOUR_MS / 2);
    sim.setChannel(0, { powerW: 3000 }); // the first half hour stays at 1000 W
    clock.advance(HOUR_MS / 2);
    const energy = energyByChannel(sim, 'SPEM-003CEBEU');
    expect(energy['em:0:A'].importWh).to.be.closeTo(2000, 0.01);
    expect(energy['em:0:B'].exportWh).to.be.closeTo(500, 0.01);
    expect(energy['em:0:B'].importWh).to.equal(0);
    const emdata = sim.status()['emdata:0'] as Record<string, number>;
    expect(emdata.total_act).to.be.closeTo(2000, 0.01);
    expect(emdata.total_act_ret).to.be.closeTo(500, 0.01);
  });

  it('counts Gen1 EM energy in Wh and Gen1 plug energy in watt-minutes', async () => {
    const em = await start('SHEM');
    const plug = await start('SHPLG-S');
    em.setPhases([{ powerW: -1200 }, { powerW: 300 }]);
    plug.setChannel(0, { powerW: 600 });
    clock.advance(HOUR_MS / 2);
    const emeters = em.status().emeters as Array<Record<string, number>>;
    expect(emeters[0].total_returned).to.be.closeTo(600, 0.05);
    expect(emeters[1].total).to.be.closeTo(150, 0.05);
    const meter = (plug.status().meters as Array<Record<string, unknown>>)[0];
    expect(meter.total).to.equal(18_000); // 300 Wh × 60
    expect(meter.counters).to.deep.equal([600, 600, 600]); // 600 W for a minute = 600 Wmin
    expect(energyByChannel(plug, 'SHPLG-S')['meter:0'].importWh).to.be.closeTo(300, 1e-9);
  });

  it('counts |P| on the Plus 1PM and splits import/export on the PM Mini Gen3 (aenergy includes returned energy)', async () => {
    const plus = await start('SNSW-001P16EU');
    const mini = await start('S3PM-001PCEU16');
    plus.setChannel(0, { powerW: -1200 });
    mini.setChannel(0, { powerW: -100 });
    clock.advance(HOUR_MS);
    mini.setChannel(0, { powerW: 50 });
    clock.advance(HOUR_MS);
    expect(energyByChannel(plus, 'SNSW-001P16EU')['switch:0']).to.deep.equal({ importWh: 2400, exportWh: undefined });
    const pm1 = mini.status()['pm1:0'] as { aenergy: Record<string, unknown>; ret_aenergy: Record<string, unknown> };
    expect(pm1.aenergy.total).to.be.closeTo(150, 1e-6);
    expect(pm1.ret_aenergy.total).to.be.closeTo(100, 1e-6);
    expect(pm1.aenergy.by_minute).to.deep.equal([833.333, 833.333, 833.333]); // 50 W × 1 min in mWh
    expect(pm1.ret_aenergy.by_minute).to.deep.equal([0, 0, 0]);
    expect(pm1.aenergy.minute_ts).to.equal((T0_MS + 2 * HOUR_MS) / 1000);
    const energy = energyByChannel(mini, 'S3PM-001PCEU16')['pm1:0'];
    expect(energy.importWh).to.be.closeTo(50, 1e-6);
    expect(energy.exportWh).to.be.closeTo(100, 1e-6);
  });

  it('handles clock jumps of days without losing energy', async () => {
    const sim = await start('S4EM-001PXCEU16');
    sim.setChannel(0, { powerW: 100 });
    clock.advance(10 * 24 * HOUR_MS + 30_000);
    const data = sim.status()['em1data:0'] as Record<string, number>;
    expect(data.total_act_energy).to.be.closeTo(24_000 + 100 / 120, 0.01);
  });

  it('keeps the last three complete minutes, newest first', () => {
    const counter = new EnergyCounter(T0_MS);
    counter.advance(T0_MS + 30_000, 60); // half a minute at 60 W = 0.5 Wh
    counter.advance(T0_MS + MINUTE_MS + 30_000, 120); // rest of minute 1 at 120 W (+1 Wh), half of minute 2 (+1 Wh)
    counter.advance(T0_MS + 2 * MINUTE_MS, -120); // rest of minute 2 exporting (1 Wh)
    expect(counter.lastMinutes()).to.deep.equal([
      { importWh: 1, exportWh: 1 },
      { importWh: 1.5, exportWh: 0 },
      { importWh: 0, exportWh: 0 },
    ]);
    expect(counter.importWh).to.be.closeTo(2.5, 1e-12);
    expect(counter.exportWh).to.be.closeTo(1, 1e-12);
    expect(counter.minuteStartS).to.equal((T0_MS + 2 * MINUTE_MS) / 1000);
  });
});
