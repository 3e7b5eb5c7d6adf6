import type { Clock } from '../../clock';
import type { GridPhase } from '../../grid-phase';
import { gridPhasesW, type HomeSource, type PhaseTriple, sumPhases } from '../home/home-sample';
import { StationSimulator, type StationSimulatorOptions } from '../lektrico/station-simulator';
import { familyOf, type MeterProfile, type SimulatedShellyModel } from '../shelly/families';
import { ShellySimulator } from '../shelly/simulator';
import { foldPhases, meterPoints } from './meter-points';
import { stationGridW } from './station-draw';

/**
 * A simulated home on real sockets: a household and its PV (any HomeSource, read through the
 * environment clock, which may run faster than the wall clock), a Shelly meter at the grid
 * connection, optionally a Shelly measuring the PV inverter, and LEKTRI.CO stations with cars.
 * Every update the grid meter is set to house − PV + what the cars draw now, per phase, so the
 * chain under test sees its own commands come back through the meter like in a real home.
 *
 * Only the environment is accelerated: the meters, the stations and the cars run in real time
 * (the nodes' timers, the meter push, the station polling and the car's reaction all do).
 */
export interface SiteStation {
  /** Options of the simulated station (type, serial, car …); always on 127.0.0.1. */
  simulator: StationSimulatorOptions;
  /** Grid phases the station's L1, L2, L3 are wired to, as in the station node's "Wired to". */
  gridPhases: GridPhase[];
}

export interface SimulatedSiteOptions {
  home: HomeSource;
  /** Time of the environment (home and PV): real or accelerated. */
  clock: Clock;
  /** The grid meter to simulate; omitted when a real meter is used (no simulator is started). */
  meter?: { model: SimulatedShellyModel; profile?: MeterProfile; password?: string; port?: number };
  /** A meter on the PV inverter (its power is −PV: generation flows towards the grid). */
  pvMeter?: { model: SimulatedShellyModel; port?: number };
  stations?: SiteStation[];
  /** Wall-clock ms between updates of the meters (default 500). */
  updateIntervalMs?: number;
  /** Mains voltage of L1, L2, L3 at the meters (default 230 V each). */
  voltagesV?: PhaseTriple;
  /** Every simulated device announces itself over mDNS on 127.0.0.1 at this UDP port (the editor's search finds them). */
  mdnsPort?: number;
}

/** The state of the site at one update. */
export interface SiteSnapshot {
  /** Environment time, ms since the epoch. */
  simTimeMs: number;
  /** Household load without the cars, W per grid phase. */
  houseW: PhaseTriple;
  pvW: PhaseTriple;
  /** What all cars draw, W per grid phase. */
  carsW: PhaseTriple;
  /** At the grid connection, W per phase (+ import). */
  gridW: PhaseTriple;
  /** At the grid connection, A per phase, signed like gridW. */
  gridA: PhaseTriple;
  /** W per station, in the order of the options. */
  stationW: number[];
}

const DEFAULT_UPDATE_INTERVAL_MS = 500;
const DEFAULT_VOLTAGES_V: PhaseTriple = [230, 230, 230];

export class SimulatedSite {
  readonly meter?: ShellySimulator;
  readonly pvMeter?: ShellySimulator;
  readonly stations: StationSimulator[];
  /** Called after every update (tests record the site through it). */
  onUpdate?: (snapshot: SiteSnapshot) => void;

  private readonly wiring: GridPhase[][];
  private readonly voltagesV: PhaseTriple;
  /** A one- or two-channel grid meter means a single-phase home. */
  private readonly threePhase: boolean;
  private timer?: NodeJS.Timeout;
  private last?: SiteSnapshot;

  private constructor(
    private readonly options: SimulatedSiteOptions,
    devices: { meter?: ShellySimulator; pvMeter?: ShellySimulator; stations: StationSimulator[] },
  ) {
    this.meter = devices.meter;
    this.pvMeter = devices.pvMeter;
    this.stations = devices.stations;
    this.wiring = (options.stations ?? []).map((s) => s.gridPhases);
    this.voltagesV = options.voltagesV ?? DEFAULT_VOLTAGES_V;
    this.threePhase = options.meter ? familyOf(options.meter.model).threePhase : true;
  }

  /** Starts every simulator, sets the meters once, then updates them every updateIntervalMs. */
  static async start(options: SimulatedSiteOptions): Promise<SimulatedSite> {
    const started: Array<{ stop(): Promise<void> }> = [];
    try {
      const mdns = options.mdnsPort ? { port: options.mdnsPort } : undefined;
      const meter = options.meter
        ? await ShellySimulator.start({ model: options.meter.model, profile: options.meter.profile, password: options.meter.password, port: options.meter.port, mdns })
        : undefined;
      if (meter) started.push(meter);
      const pvMeter = options.pvMeter ? await ShellySimulator.start({ model: options.pvMeter.model, port: options.pvMeter.port, mdns }) : undefined;
      if (pvMeter) started.push(pvMeter);
      const stations: StationSimulator[] = [];
      for (const s of options.stations ?? []) {
        const station = new StationSimulator({ ...s.simulator, ...(mdns ? { mdns: { interface: '127.0.0.1', port: mdns.port } } : {}) });
        await station.start();
        started.push(station);
        stations.push(station);
      }
      const site = new SimulatedSite(options, { meter, pvMeter, stations });
      site.update();
      site.timer = setInterval(() => site.update(), options.updateIntervalMs ?? DEFAULT_UPDATE_INTERVAL_MS);
      return site;
    } catch (err) {
      await Promise.all(started.map((s) => s.stop()));
      throw err;
    }
  }

  /** The state at the last update. */
  get snapshot(): SiteSnapshot {
    return this.last ?? this.update();
  }

  /** Reads the home and the cars now and sets the meters; returns what it set. */
  update(): SiteSnapshot {
    const simTimeMs = this.options.clock();
    const sample = this.options.home.at(simTimeMs);
    const fold = (w: PhaseTriple): PhaseTriple => foldPhases(w, this.threePhase);
    const stationDraws = this.stations.map((station, i) => stationGridW(station.model, this.wiring[i]));
    const carsW = fold(stationDraws.reduce<PhaseTriple>((sum, w) => [sum[0] + w[0], sum[1] + w[1], sum[2] + w[2]], [0, 0, 0]));
    const houseW = fold(sample.houseW);
    const pvW = fold(sample.pvW);
    const gridW = gridPhasesW({ houseW, pvW }, carsW);
    this.meter?.setPhases(meterPoints(gridW, this.threePhase, this.voltagesV));
    if (this.pvMeter) {
      // The PV meter sees the inverter feed power out: negative in the import-positive convention.
      const feedW = pvW.map((w) => -w) as PhaseTriple;
      this.pvMeter.setPhases(meterPoints(feedW, familyOf(this.pvMeter.model).threePhase, this.voltagesV));
    }
    const gridA = gridW.map((w, i) => w / this.voltagesV[i]) as PhaseTriple;
    this.last = { simTimeMs, houseW, pvW, carsW, gridW, gridA, stationW: stationDraws.map(sumPhases) };
    this.onUpdate?.(this.last);
    return this.last;
  }

  /** Stops the updates and every simulator (their sockets close, so the process can exit). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await Promise.all([this.meter?.stop(), this.pvMeter?.stop(), ...this.stations.map((s) => s.stop())]);
  }
}
