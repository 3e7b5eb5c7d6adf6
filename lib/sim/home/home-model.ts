import { type ApplianceEvent, addActiveEvents, cycling } from './appliance-event';
import type { HomeSample, HomeSource, PhaseTriple } from './home-sample';
import { type PvInverter, splitByShares, splitPv } from './phase-split';
import { DEFAULT_PV_KWP, PV_PEAK_W_PER_KWP } from './pv-scale';
import { chance, seededRandom, subSeed, uniform } from '../../random';
import { type CloudDay, clearSkyGhi, cloudDay, cloudTransmission, solarElevationDeg } from './solar';

/**
 * The built-in home: no files, deterministic for a seed, any date. Used by the demo's default,
 * by tests, and as the house for PV-only recordings. Each local day gets its own seeded schedule:
 *
 * | load | phases | when (local time) | power |
 * |---|---|---|---|
 * | standby + activity (lights, TV, IT) | 40/35/25 % | always; more 06:30–08:30 and 17:00–23:00 | 150 W + up to 350 W |
 * | refrigerator | L1 | 12 min on / 25 min off all day | 100 W |
 * | kettle | L1 | 1–2× at breakfast, maybe afternoon and evening | 2.2 kW, 2–4 min |
 * | oven | L1+L2+L3 or L2 (ovenPhases) | 60 % of days, start 17:30–19:30, 45–70 min, 12 min preheat then 2 min on/off | 3 kW |
 * | washing machine | L2 | 45 % of days, 08:00–15:00: heating 15 min, motor 60 min, spin 8 min | 2 kW / 150 W / 500 W |
 * | dishwasher | L3 | 60 % of days, 20:00–22:00: heat 20 min, wash 60 min, dry-heat 10 min | 2 kW / 80 W / 2 kW |
 * | heat pump | L1+L2+L3 | heating season (Oct–Apr, or always/never): 20-min compressor runs, duty by season | 2.4 kW |
 *
 * PV: clear-sky curve × passing clouds (solar.ts), on a symmetric three-phase inverter unless told.
 */
export interface HomeModelOptions {
  seed?: number;
  /** kWp of the PV system; 0 for none. Default 8. */
  pvKWp?: number;
  latitudeDeg?: number;
  longitudeDeg?: number;
  /** ms to add to UTC for the appliance schedule's local time (default +1 h, CET). */
  utcOffsetMs?: number;
  /** 0 clear … 1 overcast (default 0.3: some passing clouds). */
  cloudiness?: number;
  ovenPhases?: 1 | 3;
  heatPump?: 'season' | 'always' | 'never';
  pvInverter?: PvInverter;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

interface DayPlan {
  events: ApplianceEvent[];
  clouds: CloudDay;
}

export class HomeModel implements HomeSource {
  readonly name: string;
  private readonly seed: number;
  private readonly o: Required<Omit<HomeModelOptions, 'seed'>>;
  private readonly days = new Map<number, DayPlan>();

  constructor(options: HomeModelOptions = {}) {
    this.seed = options.seed ?? 1;
    this.o = {
      pvKWp: options.pvKWp ?? DEFAULT_PV_KWP,
      latitudeDeg: options.latitudeDeg ?? 47.7,
      longitudeDeg: options.longitudeDeg ?? 9.2,
      utcOffsetMs: options.utcOffsetMs ?? HOUR,
      cloudiness: options.cloudiness ?? 0.3,
      ovenPhases: options.ovenPhases ?? 3,
      heatPump: options.heatPump ?? 'season',
      pvInverter: options.pvInverter ?? 'three-phase',
    };
    this.name = `built-in home (seed ${this.seed})`;
  }

  at(tMs: number): HomeSample {
    const day = Math.floor((tMs + this.o.utcOffsetMs) / DAY);
    const houseW = splitByShares(this.activityW(tMs));
    addActiveEvents(houseW, this.plan(day - 1).events, tMs); // runs that cross midnight
    const today = this.plan(day);
    addActiveEvents(houseW, today.events, tMs);
    return { houseW, pvW: this.pvW(tMs, today.clouds) };
  }

  /** The appliance events of the local day that contains t (for tests and the demo's dashboard). */
  eventsOfDay(tMs: number): readonly ApplianceEvent[] {
    return this.plan(Math.floor((tMs + this.o.utcOffsetMs) / DAY)).events;
  }

  private pvW(tMs: number, clouds: CloudDay): PhaseTriple {
    if (this.o.pvKWp <= 0) return [0, 0, 0];
    const ghi = clearSkyGhi(solarElevationDeg(tMs, this.o.latitudeDeg, this.o.longitudeDeg));
    const w = (this.o.pvKWp * PV_PEAK_W_PER_KWP * ghi * cloudTransmission(clouds, tMs)) / 1000;
    return splitPv(w, this.o.pvInverter);
  }

  /** Standby plus the activity profile (no randomness: the appliances bring the variety). */
  private activityW(tMs: number): number {
    const hour = (((tMs + this.o.utcOffsetMs) % DAY) + DAY) % DAY / HOUR;
    let w = 150;
    if (hour >= 6.5 && hour < 8.5) w += 250;
    else if (hour >= 8.5 && hour < 17) w += 100;
    else if (hour >= 17 && hour < 23) w += 350;
    return w;
  }

  private plan(day: number): DayPlan {
    let plan = this.days.get(day);
    if (!plan) {
      if (this.days.size > 8) this.days.clear();
      plan = this.makePlan(day);
      this.days.set(day, plan);
    }
    return plan;
  }

  private makePlan(day: number): DayPlan {
    const r = seededRandom(subSeed(this.seed, day));
    const dayStart = day * DAY - this.o.utcOffsetMs; // UTC ms of local midnight
    const at = (fromH: number, toH: number): number => dayStart + uniform(r, fromH, toH) * HOUR;
    const events: ApplianceEvent[] = [];
    events.push(...cycling({ appliance: 'refrigerator', phases: ['L1'], powerW: 100 }, dayStart + uniform(r, 0, 25) * MIN, dayStart + DAY, 12 * MIN, 12 * MIN, 25 * MIN));
    const kettle = (fromH: number, toH: number): void => {
      const start = at(fromH, toH);
      events.push({ appliance: 'kettle', phases: ['L1'], powerW: 2200, startMs: start, endMs: start + uniform(r, 2, 4) * MIN });
    };
    kettle(6.5, 7.5);
    if (chance(r, 0.5)) kettle(7.5, 8.5);
    if (chance(r, 0.5)) kettle(15, 17);
    if (chance(r, 0.5)) kettle(19, 21.5);
    if (chance(r, 0.6)) {
      const start = at(17.5, 19.5);
      const phases = this.o.ovenPhases === 3 ? (['L1', 'L2', 'L3'] as const) : (['L2'] as const);
      events.push(...cycling({ appliance: 'oven', phases: [...phases], powerW: 3000 }, start, start + uniform(r, 45, 70) * MIN, 12 * MIN, 2 * MIN, 2 * MIN));
    }
    if (chance(r, 0.45)) events.push(...this.program('washing machine', 'L2', at(8, 15), [[2000, 15], [150, 60], [500, 8]]));
    if (chance(r, 0.6)) events.push(...this.program('dishwasher', 'L3', at(20, 22), [[2000, 20], [80, 60], [2000, 10]]));
    const duty = this.heatPumpDuty(dayStart + DAY / 2);
    if (duty > 0) {
      const offMs = (20 * MIN * (1 - duty)) / duty;
      events.push(...cycling({ appliance: 'heat pump', phases: ['L1', 'L2', 'L3'], powerW: 2400 }, dayStart + uniform(r, 0, offMs), dayStart + DAY, 20 * MIN, 20 * MIN, offMs));
    }
    const clouds = cloudDay(seededRandom(subSeed(this.seed, day, 1)), dayStart, this.o.cloudiness);
    return { events, clouds };
  }

  /** A program of consecutive phases [W, minutes] on one phase. */
  private program(appliance: string, phase: 'L1' | 'L2' | 'L3', startMs: number, steps: Array<[number, number]>): ApplianceEvent[] {
    const out: ApplianceEvent[] = [];
    let t = startMs;
    for (const [powerW, minutes] of steps) {
      out.push({ appliance, phases: [phase], powerW, startMs: t, endMs: t + minutes * MIN });
      t += minutes * MIN;
    }
    return out;
  }

  /** Compressor duty cycle 0..0.6: highest mid-January, none May–September ('season'). */
  private heatPumpDuty(tMs: number): number {
    if (this.o.heatPump === 'never') return 0;
    if (this.o.heatPump === 'always') return 0.4;
    const d = new Date(tMs);
    const dayOfYear = (tMs - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY;
    const cold = Math.cos((2 * Math.PI * (dayOfYear - 15)) / 365); // 1 mid-Jan, −1 mid-July
    return cold > 0.1 ? Math.min(0.6, 0.6 * cold) : 0;
  }
}
