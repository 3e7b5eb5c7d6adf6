import type { CarOptions } from '../../lib/sim/lektrico/car-model';
import type { BenchMode } from './controller';
import type { StationSetup } from './plant';

/**
 * The control-quality scenarios. Cars never fill up (no battery): every second of the day is a
 * decision, so the figures compare policies, not luck with plug-in times. Car timing: the
 * package's CarModel with a 3 s reaction delay (IEC 61851 allows 5 s) and a 10 s start lag (cars
 * often wait 10–40 s after a pause, em-anchors.md §4).
 */
const START_LAG_MS = 10_000;
/** 22 kW car: 32 A on 3 phases, draws exactly what it is offered (the worst case for overload). */
export const CAR_22KW: CarOptions = { maxCurrentA: 32, phases: 3, drawRatio: 1, startLagMs: START_LAG_MS };
/** 11 kW car: 16 A on 3 phases, draws 95 % of the offer (typical, em-anchors.md §4). */
export const CAR_11KW: CarOptions = { maxCurrentA: 16, phases: 3, drawRatio: 0.95, startLagMs: START_LAG_MS };
/** 7.4 kW single-phase car: 32 A on one phase. */
export const CAR_7KW_1P: CarOptions = { maxCurrentA: 32, phases: 1, drawRatio: 1, startLagMs: START_LAG_MS };

function station(id: string, car: CarOptions, extra: Partial<StationSetup> = {}): StationSetup {
  return {
    id,
    type: '3p22k',
    gridPhases: ['L1', 'L2', 'L3'],
    minCurrentA: 6,
    maxCurrentA: 32,
    canSwitchPhases: false,
    car,
    ...extra,
  };
}

export interface DayRef {
  day: string;
  /** Local hours [from, to) of the day to run (quick runs); the whole day when absent. */
  hours?: [number, number];
}

export interface Scenario {
  id: string;
  title: string;
  mode: BenchMode;
  limitA: number;
  stations: StationSetup[];
  days: DayRef[];
  quickDays: DayRef[];
  /** Also run the 15-min days without the sub-interval peaks layer (compact table). */
  withoutPeaks: boolean;
  description: string;
}

const POWER_DAYS: DayRef[] = ['opsd-2016-12-26', 'opsd-2016-12-27', 'opsd-2016-12-28', 'opsd-2016-06-22', 'opsd-2016-06-24'].map((day) => ({ day }));
const WINTER_DAYS: DayRef[] = ['opsd-2016-12-26', 'opsd-2016-12-27', 'opsd-2016-12-28'].map((day) => ({ day }));
const PV_DAYS: DayRef[] = ['opsd-2016-06-22', 'opsd-2016-06-26', 'opsd-2016-12-26', 'openems-day', 'serf-2022-03-18'].map((day) => ({ day }));
const QUICK_EVENING: DayRef[] = [{ day: 'opsd-2016-12-27', hours: [16, 22] }];
const QUICK_MIDDAY: DayRef[] = [{ day: 'openems-day', hours: [10, 16] }];

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'power-25a',
    title: 'Power, 22 kW car, 25 A per phase',
    mode: 'power',
    limitA: 25,
    stations: [station('garage', CAR_22KW)],
    days: POWER_DAYS,
    quickDays: QUICK_EVENING,
    withoutPeaks: true,
    description: 'A 22 kW car (32 A × 3) that always wants the most, on a 25 A connection, across three winter days with the heat pump and two summer days.',
  },
  {
    id: 'power-32a',
    title: 'Power, 22 kW car, 32 A per phase',
    mode: 'power',
    limitA: 32,
    stations: [station('garage', CAR_22KW)],
    days: POWER_DAYS,
    quickDays: QUICK_EVENING,
    withoutPeaks: true,
    description: 'The same car on a 32 A connection: any house load on a phase must come off the car.',
  },
  {
    id: 'green',
    title: 'Green, 11 kW car on a 22 kW station',
    mode: 'green',
    limitA: 25,
    stations: [station('garage', CAR_11KW)],
    days: PV_DAYS,
    quickDays: QUICK_MIDDAY,
    withoutPeaks: false,
    description: 'PV surplus only, fixed 3 phases (minimum 6 A × 3 ≈ 4.1 kW): sunny, cloudy and winter OPSD days, the OpenEMS 1-min day with passing clouds, a clear NREL spring day.',
  },
  {
    id: 'hybrid',
    title: 'Hybrid (6 A guaranteed + PV), 11 kW car',
    mode: 'hybrid',
    limitA: 25,
    stations: [station('garage', CAR_11KW)],
    days: PV_DAYS,
    quickDays: [{ day: 'opsd-2016-06-26', hours: [10, 16] }],
    withoutPeaks: false,
    description: 'The car always gets its minimum; PV surplus tops it up. Same days as Green.',
  },
  {
    id: 'two-cars-power',
    title: 'Two cars sharing 25 A, Power',
    mode: 'power',
    limitA: 25,
    stations: [station('garage', CAR_22KW), station('drive', CAR_11KW, { gridPhases: ['L2', 'L3', 'L1'] })],
    days: WINTER_DAYS,
    quickDays: QUICK_EVENING,
    withoutPeaks: false,
    description: 'A 22 kW and an 11 kW car (the second station wired L2-L3-L1) on one 25 A connection, winter days.',
  },
  {
    id: 'two-cars-green',
    title: 'Two cars sharing the PV, Green',
    mode: 'green',
    limitA: 25,
    stations: [station('garage', CAR_22KW), station('drive', CAR_11KW, { gridPhases: ['L2', 'L3', 'L1'] })],
    days: [{ day: 'opsd-2016-06-22' }, { day: 'openems-day' }],
    quickDays: QUICK_MIDDAY,
    withoutPeaks: false,
    description: 'Both cars in Green on a sunny OPSD day and the OpenEMS passing-clouds day.',
  },
  {
    id: 'single-phase-power',
    title: 'Single-phase 7.4 kW car on L1, Power, 25 A',
    mode: 'power',
    limitA: 25,
    stations: [station('garage', CAR_7KW_1P, { type: '1p7k', gridPhases: ['L1'] })],
    days: WINTER_DAYS,
    quickDays: QUICK_EVENING,
    withoutPeaks: false,
    description: 'A 1P7K on L1, the phase that also carries the kettle and microwave: only L1 limits it.',
  },
  {
    id: 'single-phase-green',
    title: 'Single-phase 7.4 kW car on L1, Green',
    mode: 'green',
    limitA: 25,
    stations: [station('garage', CAR_7KW_1P, { type: '1p7k', gridPhases: ['L1'] })],
    days: [{ day: 'opsd-2016-06-22' }, { day: 'opsd-2016-12-26' }, { day: 'openems-day' }],
    quickDays: QUICK_MIDDAY,
    withoutPeaks: false,
    description: 'One phase means a 1.4 kW minimum: Green can start much earlier than on three phases.',
  },
  {
    id: 'phase-switch-green',
    title: 'Green with 1/3-phase switching, 11 kW car',
    mode: 'green',
    limitA: 25,
    stations: [station('garage', CAR_11KW, { canSwitchPhases: true })],
    // The fixed 3-phase car's days, so the two rows show what switching adds.
    days: PV_DAYS,
    quickDays: QUICK_MIDDAY,
    withoutPeaks: false,
    description: 'The 3P22K may switch the car between 1 and 3 phases (automatic in every policy that has it); the same days as the fixed 3-phase Green car.',
  },
];
