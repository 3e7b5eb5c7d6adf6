import { refuseStampAhead, secondsStampHint, type Clock } from '../clock';
import { NOMINAL_VOLTAGE_V, type GridPhase } from '../grid-phase';
import { InputError } from '../input-error';
import { STATION_MIN_CURRENT_A } from '../lektrico/station-current';
import type { StationTelemetry } from '../lektrico/station-telemetry';
import type { CanonicalReading } from '../reading/canonical-reading';
import { CAR_SETTLE_MS, CAR_START_MS } from './car-timing';
import { checkNumber, checkOptionalNumber, withoutUndefined } from './config-check';
import { measureGridPhase } from './grid-current';
import { checkReading, checkTelemetry } from './message-check';
import type { Headroom, PhaseHeadroom } from './messages';
import { ReportPeriod } from './report-period';
import { PeakHold } from './peak-hold';
import { activeGridPhases, drawPerGridPhase, isCompeting } from './station-view';
import { formatDuration } from './units';

export interface LoadBalancerConfig {
  /** A per phase that the grid connection may carry (main breaker / contracted limit, LEKTRI.CO breaker_rating). */
  limitA: number;
  /** A kept free below the limit on every phase. */
  marginA: number;
  /** W that the whole connection may import (capacity tariff); undefined = no cap. */
  powerCapW?: number;
  /**
   * ms without a fresh meter reading after which the fail-safe current applies; for a meter that
   * reports less often, METER_PERIODS_BEFORE_STALE of its periods.
   */
  staleAfterMs: number;
  /** A every station may draw while the meter is silent (LEKTRI.CO lb_meter_offline_current); 0 pauses. */
  failsafeCurrentA: number;
  /** ms a lower house load must persist before the headroom grows (rises apply at once). */
  increaseHoldMs: number;
}

export const LOAD_BALANCER_DEFAULTS: LoadBalancerConfig = {
  limitA: 25,
  marginA: 1,
  staleAfterMs: 10_000,
  failsafeCurrentA: 6,
  increaseHoldMs: 10_000,
};

/**
 * Telemetry older than this (ms) no longer describes the station: it is treated as offline, so
 * its last current is not subtracted from the grid (the house estimate can only get higher).
 */
export const STATION_SILENT_MS = 60_000;

/**
 * A meter is silent after this many of its own reporting periods at least: a meter polled every
 * 10 s is not taken for silent when one reading comes 10.3 s after the last (with a 10 s timeout
 * that cut the car to the fail-safe dozens of times an hour); two missed readings are.
 */
export const METER_PERIODS_BEFORE_STALE = 2.5;

/**
 * A lower house load waits at least this many of the slowest charging station's reporting
 * periods. Right after a cut the meter shows the car's lower draw while the station's telemetry
 * still shows the old one, so grid − telemetry makes a false fall; with a station read every 15 s
 * the 10 s hold let that fall through and raised the car again before its telemetry showed the
 * cut. Two periods leave room for the report that shows it and the reading after.
 */
export const STATION_PERIODS_IN_HOLD = 2;


export function checkLoadBalancerConfig(raw: Partial<LoadBalancerConfig>): LoadBalancerConfig {
  const c = { ...LOAD_BALANCER_DEFAULTS, ...withoutUndefined(raw) };
  const limitA = checkNumber('limit per phase', c.limitA, { min: 10, max: 1000, unit: 'A' });
  const marginA = checkNumber('safety margin', c.marginA, { min: 0, unit: 'A' });
  // As the edit dialog says: a limit that leaves less than a car's minimum can never charge a car.
  if (limitA - marginA < STATION_MIN_CURRENT_A) {
    throw new InputError(`the limit per phase minus the safety margin (${limitA} − ${marginA} A) leaves less than a car's minimum of ${STATION_MIN_CURRENT_A} A`);
  }
  const powerCapW = checkOptionalNumber('total power cap', c.powerCapW, { min: 0, unit: 'W' });
  // As the edit dialog says: a cap below one car at its minimum (6 A × 230 V) can never charge a car.
  const oneCarMinW = STATION_MIN_CURRENT_A * NOMINAL_VOLTAGE_V;
  if (powerCapW !== undefined && powerCapW < oneCarMinW) {
    throw new InputError(`total power cap must be empty (no cap) or at least ${oneCarMinW / 1000} kW, one car at its minimum of ${STATION_MIN_CURRENT_A} A (got ${powerCapW / 1000} kW)`);
  }
  const staleAfterMs = checkNumber('stale timeout', c.staleAfterMs, { min: 1000, unit: 'ms' });
  const failsafeCurrentA = checkNumber('fail-safe current', c.failsafeCurrentA, { min: 0, max: 32, unit: 'A' });
  if (failsafeCurrentA > 0 && failsafeCurrentA < STATION_MIN_CURRENT_A) {
    throw new InputError(`fail-safe current must be 0 (pause) or from ${STATION_MIN_CURRENT_A} to 32 A (got ${failsafeCurrentA})`);
  }
  // Node-RED deploys a node its dialog marks invalid (after a warning), and imported flows are not checked there.
  if (failsafeCurrentA > limitA - marginA) {
    throw new InputError(`fail-safe current (${failsafeCurrentA} A) must not exceed the limit per phase minus the safety margin (${limitA - marginA} A): a silent meter would let the stations draw more than the breaker allows`);
  }
  const increaseHoldMs = checkNumber('increase hold', c.increaseHoldMs, { min: 0, unit: 'ms' });
  return { limitA, marginA, powerCapW, staleAfterMs, failsafeCurrentA, increaseHoldMs };
}

/** When a message was taken: its age then (clock − stamp, never negative) and the steady time then (see steadyMs). */
interface Arrival {
  ageOnArrivalMs: number;
  atSteadyMs: number;
}

/** The latest computed state, reused for fail-safe and telemetry-driven Headrooms. */
interface LastResult {
  readingTimestamp: number;
  arrival: Arrival;
  phases: PhaseHeadroom[];
  gridPowerW: number;
  carPowerW: number;
  housePowerW: number;
  powerHeadroomW?: number;
}

/**
 * Per-phase load balancing. Each meter reading gives, per grid phase, house = grid − the cars'
 * measured draw on that phase, held high for increaseHoldMs (PeakHold; longer for a station that
 * reports slowly, STATION_PERIODS_IN_HOLD), and headroom =
 * limit − margin − house. Stations are mapped to grid phases through their wiring, so a car on L2
 * is never limited by L1. Time for the hold is the readings' own timestamps; staleness is a
 * reading's age on arrival (clock − stamp) plus the clock's time since.
 */
export class LoadBalancer {
  readonly config: LoadBalancerConfig;
  private readonly stations = new Map<string, StationTelemetry>();
  private readonly heard = new Map<string, Arrival>();
  private readonly phaseHolds = new Map<GridPhase, PeakHold>();
  private powerHold: PeakHold;
  private last?: LastResult;
  private readonly startedAtMs: number;
  private steadyElapsedMs = 0;
  private lastClockMs: number;
  private readonly meterPeriod = new ReportPeriod();
  private readonly stationPeriods = new Map<string, ReportPeriod>();
  /** The device whose readings this balancer balances on (the first with an id, or the next once it falls silent). */
  private meterId?: string;

  constructor(config: Partial<LoadBalancerConfig>, private readonly clock: Clock) {
    this.config = checkLoadBalancerConfig(config);
    this.powerHold = new PeakHold(this.config.increaseHoldMs);
    this.startedAtMs = clock();
    this.lastClockMs = this.startedAtMs;
  }

  /** A new meter reading: the Headroom it gives (fail-safe if the reading is already stale). */
  onReading(value: unknown): Headroom {
    const reading = checkReading(value);
    this.refuseOtherMeter(reading);
    this.refuseAhead('meter reading', reading.timestamp);
    if (this.last && reading.timestamp <= this.last.readingTimestamp) {
      throw new InputError(
        `meter reading out of order: timestamp ${reading.timestamp} is not after the last one (${this.last.readingTimestamp})`,
      );
    }
    const nowMs = reading.timestamp;
    const stations = this.liveStations();
    const { limitA, powerCapW } = this.config;
    const holdMs = this.increaseHoldMs(stations);

    let rampPowerW = 0;
    const phases: PhaseHeadroom[] = reading.phases.map((p) => {
      const grid = measureGridPhase(p);
      const carCurrentA = sumOnPhase(stations, grid.phase, drawPerGridPhase);
      const rampA = sumOnPhase(stations, grid.phase, (t) => rampAllowance(t, nowMs));
      rampPowerW += rampA * grid.voltageV;
      const houseA = grid.currentA - carCurrentA;
      const hold = this.holdFor(grid.phase);
      const sampleA = grid.currentA > limitA ? houseA : rampAware(houseA, rampA, hold.value);
      return this.phaseHeadroom(grid.phase, grid.currentA, carCurrentA, hold.push(nowMs, sampleA, holdMs), grid.voltageV);
    });
    const carPowerW = onlinePowerW(stations);

    const gridPowerW = reading.power;
    const housePowerW = gridPowerW - carPowerW;
    const powerSampleW =
      powerCapW !== undefined && gridPowerW > powerCapW ? housePowerW : rampAware(housePowerW, rampPowerW, this.powerHold.value);
    const heldHousePowerW = this.powerHold.push(nowMs, powerSampleW, holdMs);
    const arrival = this.arrival(reading.timestamp);
    this.meterPeriod.push(arrival.atSteadyMs);
    const ageMs = arrival.ageOnArrivalMs;
    this.last = {
      readingTimestamp: reading.timestamp,
      arrival,
      phases,
      gridPowerW,
      carPowerW,
      housePowerW,
      powerHeadroomW: this.powerHeadroomW(heldHousePowerW),
    };
    if (ageMs > this.staleAfterMs()) {
      return this.failsafe(`meter reading is ${formatDuration(ageMs)} old${secondsStampHint(reading.timestamp, this.clock())}`, ageMs);
    }
    return this.headroom(ageMs);
  }

  /**
   * Stores a station's telemetry. Returns a Headroom when the set of cars changed (plugged,
   * unplugged, station online/offline), so the chain can react before the next reading.
   */
  onTelemetry(value: unknown): Headroom | undefined {
    const t = checkTelemetry(value);
    this.refuseAhead(`telemetry of station ${t.station}`, t.timestamp);
    const previous = this.stations.get(t.station);
    if (previous && t.timestamp < previous.timestamp) {
      throw new InputError(`telemetry of station ${t.station} out of order: ${t.timestamp} is older than ${previous.timestamp}`);
    }
    const countedBefore = this.liveStations().some((s) => s.station === t.station && s.online);
    this.stations.set(t.station, t);
    const heard = this.arrival(t.timestamp);
    this.heard.set(t.station, heard);
    this.periodOf(t.station).push(heard.atSteadyMs);
    if (!countedBefore && t.online && t.powerW > 0) this.rebaseHouse();
    const changed =
      !previous ||
      previous.online !== t.online ||
      previous.carConnected !== t.carConnected ||
      isCompeting(previous) !== isCompeting(t) ||
      activeGridPhases(previous).length !== activeGridPhases(t).length;
    if (!changed || !this.last) return undefined;
    return this.tick() ?? this.headroom(this.lastReadingAgeMs());
  }

  /**
   * Called every second: a fail-safe Headroom while the newest reading is older than the stale
   * timeout (or none came since start), else undefined.
   */
  tick(): Headroom | undefined {
    const nowMs = this.clock();
    if (!this.last) {
      // Until the first reading nothing is known about the house: the stations get the fail-safe
      // current at once, not after the stale timeout (a station boots with its own last limit,
      // 32 A on real units, and a car could draw it unbalanced meanwhile).
      const waitedMs = nowMs - this.startedAtMs;
      return this.failsafe(`no meter reading yet (${formatDuration(waitedMs)} since start)`, waitedMs);
    }
    const ageMs = this.lastReadingAgeMs();
    return ageMs > this.staleAfterMs() ? this.failsafe(`no meter reading for ${formatDuration(ageMs)}`, ageMs) : undefined;
  }

  private headroom(readingAgeMs: number): Headroom {
    const last = this.last as LastResult;
    return {
      kind: 'headroom',
      timestamp: last.readingTimestamp,
      readingAgeMs,
      phases: last.phases,
      gridPowerW: last.gridPowerW,
      carPowerW: last.carPowerW,
      housePowerW: last.housePowerW,
      ...(last.powerHeadroomW === undefined ? {} : { powerHeadroomW: last.powerHeadroomW }),
      stations: this.liveStations(),
    };
  }

  private failsafe(reason: string, readingAgeMs: number): Headroom {
    const last = this.last;
    return {
      kind: 'headroom',
      timestamp: Math.max(this.clock(), last?.readingTimestamp ?? -Infinity),
      readingAgeMs,
      phases: last?.phases ?? [],
      gridPowerW: last?.gridPowerW ?? 0,
      carPowerW: last?.carPowerW ?? 0,
      housePowerW: last?.housePowerW ?? 0,
      ...(last?.powerHeadroomW === undefined ? {} : { powerHeadroomW: last.powerHeadroomW }),
      failsafe: { currentA: this.config.failsafeCurrentA, reason },
      stations: this.liveStations(),
    };
  }

  /**
   * One load balancer, one grid meter: readings of a second device (an MQTT wildcard subscription
   * takes every Shelly on the broker, a PV meter and plugs too) would be taken for the grid, and a
   * PV meter's export for room on every phase. They are refused while the meter balanced on is
   * heard; once it has fallen silent (replaced), the next device is taken.
   */
  private refuseOtherMeter(reading: CanonicalReading): void {
    const id: unknown = reading.device?.id;
    if (typeof id !== 'string' || id === this.meterId) return;
    if (this.meterId !== undefined && this.last && this.lastReadingAgeMs() <= this.staleAfterMs()) {
      throw new InputError(
        `meter reading from ${id}, but this load balancer balances on the readings of ${this.meterId}: one load balancer takes one grid meter (subscribe to the grid meter's topics only, not to every Shelly on the broker)`,
      );
    }
    this.meterId = id;
  }

  private periodOf(station: string): ReportPeriod {
    let period = this.stationPeriods.get(station);
    if (!period) this.stationPeriods.set(station, (period = new ReportPeriod()));
    return period;
  }

  /** The increase hold, or STATION_PERIODS_IN_HOLD of the slowest charging station's period when that is longer. */
  private increaseHoldMs(stations: StationTelemetry[]): number {
    let slowestMs = 0;
    for (const t of stations) {
      if (t.online && t.charging) slowestMs = Math.max(slowestMs, this.stationPeriods.get(t.station)?.medianMs() ?? 0);
    }
    return Math.max(this.config.increaseHoldMs, STATION_PERIODS_IN_HOLD * slowestMs);
  }

  /** The meter timeout, or METER_PERIODS_BEFORE_STALE of the meter's own period when that is longer. */
  private staleAfterMs(): number {
    return Math.max(this.config.staleAfterMs, METER_PERIODS_BEFORE_STALE * (this.meterPeriod.medianMs() ?? 0));
  }

  /** Age of the newest reading taken (see ageMs). */
  private lastReadingAgeMs(): number {
    return this.ageMs((this.last as LastResult).arrival);
  }

  private arrival(timestampMs: number): Arrival {
    return { ageOnArrivalMs: Math.max(0, this.clock() - timestampMs), atSteadyMs: this.steadyMs() };
  }

  /**
   * Age of a message taken: its age on arrival plus the time since. Counted from its arrival, not
   * from its stamp, so a stamp ahead of this clock (a device clock that is fast, as the `ts` of
   * Shelly frames over MQTT; up to the hour refuseAhead lets through) or this clock set back (NTP,
   * by hand; the messages it stamps are then refused as out of order) cannot keep a silent meter
   * or station looking fresh: the fail-safe comes staleAfterMs after the last reading taken.
   */
  private ageMs(arrival: Arrival): number {
    return arrival.ageOnArrivalMs + (this.steadyMs() - arrival.atSteadyMs);
  }

  /** ms the clock has run forward since the start: a step back counts as no time, never as negative time. */
  private steadyMs(): number {
    const nowMs = this.clock();
    this.steadyElapsedMs += Math.max(0, nowMs - this.lastClockMs);
    this.lastClockMs = nowMs;
    return this.steadyElapsedMs;
  }

  private refuseAhead(what: string, timestamp: number): void {
    refuseStampAhead(`${what}: timestamp`, timestamp, this.clock());
  }

  /**
   * A station heard for the first time, or back online, while its car draws: the held house load
   * counted that draw as house (after a redeploy a reading often comes before the station's first
   * telemetry), and holding it for increaseHoldMs would pause the car for nothing (a 16 A car on 25 A
   * with a 5 A house: 3 A left). The holds start again from the last reading minus the cars now
   * known; a cut still comes at once on the next reading, only the settling of a raise is skipped.
   */
  private rebaseHouse(): void {
    const last = this.last;
    if (!last) return;
    const stations = this.liveStations();
    last.phases = last.phases.map((p) => {
      const carCurrentA = sumOnPhase(stations, p.phase, drawPerGridPhase);
      const hold = new PeakHold(this.config.increaseHoldMs);
      this.phaseHolds.set(p.phase, hold);
      return this.phaseHeadroom(p.phase, p.gridCurrentA, carCurrentA, hold.push(last.readingTimestamp, p.gridCurrentA - carCurrentA), p.voltageV);
    });
    last.carPowerW = onlinePowerW(stations);
    last.housePowerW = last.gridPowerW - last.carPowerW;
    this.powerHold = new PeakHold(this.config.increaseHoldMs);
    last.powerHeadroomW = this.powerHeadroomW(this.powerHold.push(last.readingTimestamp, last.housePowerW));
  }

  /** W the cars may draw under the total power cap, if there is one, with the held house power. */
  private powerHeadroomW(heldHousePowerW: number): number | undefined {
    const { powerCapW } = this.config;
    return powerCapW === undefined ? undefined : Math.max(0, powerCapW - heldHousePowerW);
  }

  private phaseHeadroom(phase: GridPhase, gridCurrentA: number, carCurrentA: number, houseCurrentA: number, voltageV: number): PhaseHeadroom {
    const { limitA, marginA } = this.config;
    return { phase, gridCurrentA, carCurrentA, houseCurrentA, limitA, headroomA: Math.max(0, limitA - marginA - houseCurrentA), voltageV };
  }

  private holdFor(phase: GridPhase): PeakHold {
    let hold = this.phaseHolds.get(phase);
    if (!hold) {
      hold = new PeakHold(this.config.increaseHoldMs);
      this.phaseHolds.set(phase, hold);
    }
    return hold;
  }

  /**
   * Stored telemetry, with stations silent for too long marked offline. Silence is counted from
   * the telemetry's arrival, as a reading's age: with this clock set back, a station's telemetry
   * is refused as out of order, and its last draw must not be subtracted for as long.
   */
  private liveStations(): StationTelemetry[] {
    return [...this.stations.values()].map((t) =>
      t.online && this.ageMs(this.heard.get(t.station) as Arrival) > STATION_SILENT_MS
        ? { ...t, online: false, state: 'offline' as const, charging: false, carConnected: false, currentsA: [], powerW: 0 }
        : t,
    );
  }
}

/**
 * While a car ramps to its last command the meter sees the rise before the station's telemetry
 * does, and grid − telemetry would count the car's new draw as house load (and cut the car it
 * just raised). Up to the ramp still possible, a rise over the held house load is put down to the
 * car; a fall passes as usual. (The held value, not the last sample, is the reference: a car that
 * was just cut also shows late, as a false fall, which the hold ignores.) The caller does not use
 * this over the limit: there the cautious estimate cuts at once.
 */
function rampAware(house: number, ramp: number, held: number | undefined): number {
  if (ramp <= 0 || held === undefined) return house;
  return Math.min(house, Math.max(house - ramp, held));
}

/** W the stations online draw now. */
function onlinePowerW(stations: StationTelemetry[]): number {
  let sum = 0;
  for (const t of stations) if (t.online) sum += t.powerW;
  return sum;
}

function sumOnPhase(
  stations: StationTelemetry[],
  phase: GridPhase,
  perPhase: (t: StationTelemetry) => Map<GridPhase, number>,
): number {
  let sum = 0;
  for (const t of stations) sum += perPhase(t).get(phase) ?? 0;
  return sum;
}

/**
 * A per grid phase by which a car may still rise towards its last accepted command: within
 * CAR_SETTLE_MS of it when already drawing, CAR_START_MS when not yet. The meter sees such a rise
 * before the station's telemetry does; without this allowance it would look like house load and
 * cut the car it just raised (or started).
 */
function rampAllowance(t: StationTelemetry, nowMs: number): Map<GridPhase, number> {
  const ramp = new Map<GridPhase, number>();
  const cmd = t.lastCommand;
  const windowMs = t.charging ? CAR_SETTLE_MS : CAR_START_MS;
  if (!t.online || !t.carConnected || !cmd || !cmd.accepted || nowMs - cmd.at > windowMs) return ramp;
  activeGridPhases(t).forEach((phase, i) => {
    const rise = cmd.currentA - (t.currentsA[i] ?? 0);
    if (rise > 0) ramp.set(phase, (ramp.get(phase) ?? 0) + rise);
  });
  return ramp;
}
