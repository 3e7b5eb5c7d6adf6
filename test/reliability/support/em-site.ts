import { systemClock, type Clock } from '../../../lib/clock';
import type { HomeSource, PhaseTriple } from '../../../lib/sim/home/home-sample';
import type { StationSimulator } from '../../../lib/sim/lektrico/station-simulator';
import { familyOf, type SimulatedShellyModel } from '../../../lib/sim/shelly/families';
import type { PointSetting } from '../../../lib/sim/shelly/measuring-point';
import { ShellySimulator, type ShellySimulatorOptions } from '../../../lib/sim/shelly/simulator';
import { meterPoints, SimulatedSite, type SiteSnapshot, type SiteStation } from '../../../lib/sim/site';
import { OverloadTracker } from './overload-tracker';

export interface EmSiteMeter {
  model: SimulatedShellyModel;
  password?: string;
  username?: string;
}

/** A meter besides the grid meter (PV inverter, sub-meter): what it shows is derived from each update. */
export interface EmSiteExtraMeter extends EmSiteMeter {
  show(snapshot: SiteSnapshot): PointSetting[];
}

export interface EmSiteOptions {
  home: HomeSource;
  /** Environment time (default: the wall clock). */
  clock?: Clock;
  meter: EmSiteMeter;
  stations: SiteStation[];
  /** A per phase of the site's connection, for the overload record. */
  limitA: number;
  /** Wall-clock ms between updates of the meter (default 100). */
  updateIntervalMs?: number;
  extraMeters?: EmSiteExtraMeter[];
}

const VOLTAGES_V: PhaseTriple = [230, 230, 230];

/**
 * One simulated site for the reliability tests: lib/sim/site's SimulatedSite runs the home and the
 * stations with their cars, and this rig owns the grid meter, so a test can switch it off, make
 * it fail, or put another model at the same address. Every update the meter shows
 * house − PV + cars, and the overload tracker sees what a breaker would.
 */
export class EmSite {
  readonly overload: OverloadTracker;
  private meterValue: ShellySimulator;
  private constructor(
    readonly site: SimulatedSite,
    meter: ShellySimulator,
    limitA: number,
    readonly extraMeters: ShellySimulator[],
    private readonly extraViews: Array<EmSiteExtraMeter['show']>,
  ) {
    this.meterValue = meter;
    this.overload = new OverloadTracker(limitA);
  }

  static async start(options: EmSiteOptions): Promise<EmSite> {
    const meter = await ShellySimulator.start(meterOptions(options.meter));
    const extras: ShellySimulator[] = [];
    let site: SimulatedSite;
    try {
      for (const extra of options.extraMeters ?? []) extras.push(await ShellySimulator.start(meterOptions(extra)));
      site = await SimulatedSite.start({
        home: options.home,
        clock: options.clock ?? systemClock,
        stations: options.stations,
        updateIntervalMs: options.updateIntervalMs ?? 100,
        voltagesV: VOLTAGES_V,
      });
    } catch (err) {
      await Promise.all([meter.stop(), ...extras.map((m) => m.stop())]);
      throw err;
    }
    const rig = new EmSite(site, meter, options.limitA, extras, (options.extraMeters ?? []).map((m) => m.show));
    site.onUpdate = (snapshot) => rig.onUpdate(snapshot);
    rig.onUpdate(site.snapshot);
    return rig;
  }

  get meter(): ShellySimulator {
    return this.meterValue;
  }

  get stations(): StationSimulator[] {
    return this.site.stations;
  }

  get snapshot(): SiteSnapshot {
    return this.site.snapshot;
  }

  /** Another Shelly answers at the meter's address from now on (the old one is gone). */
  async replaceMeter(meter: EmSiteMeter): Promise<ShellySimulator> {
    const port = this.meterValue.port;
    await this.meterValue.stop();
    this.meterValue = await ShellySimulator.start({ ...meterOptions(meter), port });
    this.onUpdate(this.site.snapshot);
    return this.meterValue;
  }

  async stop(): Promise<void> {
    await Promise.all([this.site.stop(), this.meterValue.stop(), ...this.extraMeters.map((m) => m.stop())]);
  }

  private onUpdate(snapshot: SiteSnapshot): void {
    const threePhase = familyOf(this.meterValue.model).threePhase;
    this.meterValue.setPhases(meterPoints(snapshot.gridW, threePhase, VOLTAGES_V));
    this.extraMeters.forEach((m, i) => m.setPhases(this.extraViews[i](snapshot)));
    // A single-phase home has one limit for everything: its breaker sees the sum.
    this.overload.record(threePhase ? snapshot : singlePhase(snapshot));
  }
}

function singlePhase(s: SiteSnapshot): SiteSnapshot {
  const sum = (w: PhaseTriple): PhaseTriple => [w[0] + w[1] + w[2], 0, 0];
  const gridW = sum(s.gridW);
  return { ...s, houseW: sum(s.houseW), pvW: sum(s.pvW), carsW: sum(s.carsW), gridW, gridA: [gridW[0] / VOLTAGES_V[0], 0, 0] };
}

function meterOptions(meter: EmSiteMeter): ShellySimulatorOptions {
  return { model: meter.model, password: meter.password, username: meter.username };
}
