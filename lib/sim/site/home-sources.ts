import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadAew } from '../home/aew';
import { CombinedHome } from '../home/combined-home';
import type { HomeSource } from '../home/home-sample';
import { HomeModel } from '../home/home-model';
import { loadNrelSerfPv } from '../home/nrel-serf';
import { loadOpenEmsDay } from '../home/openems';
import { loadOpsdResidential4 } from '../home/opsd-residential4';
import type { PvInverter } from '../home/phase-split';
import { isCentralEuropeanSummerTime } from '../home/timestamps';
import { TraceHome } from '../home/trace-home';
import { loadUserCsv } from '../home/user-csv';
import { LoopedHome } from './looped-home';

/**
 * Where a simulated home's household load and PV come from: the built-in home model (no files,
 * so a plain clone works), one of the real measured traces in ../shared/data (read in place,
 * never copied into the repository; see its SOURCES.md), or the user's own meter export
 * (lib/sim/home/user-csv.ts documents the format). Recordings are replayed in a loop.
 */
export interface HomeChoice {
  source: HomeSource;
  /** ms (UTC) of local midnight of the day the replay starts on. */
  dayStartMs: number;
  /** One line for the console: what is replayed, from where, under which licence. */
  description: string;
  /** What the loader did to the published numbers. */
  notes: string[];
}

export interface HomeChoiceOptions {
  /** 'builtin' (default), the name of a shared trace (SHARED_TRACES), or a path to a user CSV. */
  trace?: string;
  /** Day to replay, YYYY-MM-DD (default: the trace's own sunny day; builtin: 2025-06-21). */
  date?: string;
  /** The shared data folder (../shared/data). */
  sharedDataDir: string;
  /** Built-in model only. */
  seed?: number;
  /** Built-in model only: 0 clear … 1 overcast. */
  cloudiness?: number;
  /** kWp of the PV system where the source can be rescaled (built-in, AEW, NREL). */
  pvKWp?: number;
  /** Single-phase homes put PV on L1 (the meter then sums the phases anyway). */
  pvInverter?: PvInverter;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** UTC offset of Central European time on a date (CEST in summer), for local midnights. */
function centralEuropeanOffsetMs(utcMidnightMs: number): number {
  return isCentralEuropeanSummerTime(utcMidnightMs) ? 2 * HOUR_MS : HOUR_MS;
}

function parseDate(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) throw new Error(`date "${text}" is not YYYY-MM-DD`);
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3]);
  if (new Date(ms).getUTCDate() !== +m[3]) throw new Error(`date "${text}" does not exist`);
  return ms;
}

/** Local midnight (UTC ms) of a date in Central European time. */
function centralEuropeanMidnight(date: string): number {
  const utcMidnight = parseDate(date);
  return utcMidnight - centralEuropeanOffsetMs(utcMidnight);
}

export interface SharedTrace {
  name: string;
  description: string;
  /** Files it reads, relative to the shared data folder. */
  files: string[];
  /** The day replayed when no date is given. */
  defaultDate: string;
  load(read: (file: string) => string, date: string, options: HomeChoiceOptions): { source: HomeSource; dayStartMs: number; notes: string[] };
}

/** A trace with house and PV, replayed in a loop over its whole span. */
function looped(home: TraceHome): HomeSource {
  return new LoopedHome(home, home.startMs, home.endMs);
}

const OPSD_DIR = 'opsd_household_residential4';
const OPSD_ATTRIBUTION = 'Open Power System Data. 2017. Data Package Household Data. Primary data from the CoSSMic project (ISC Konstanz). CC BY 4.0';

function opsd(name: string, file: string, defaultDate: string, what: string): SharedTrace {
  return {
    name,
    description: `${what}: a German household (Konstanz) with PV and a heat pump, 15-min, OPSD residential4. ${OPSD_ATTRIBUTION}`,
    files: [path.join(OPSD_DIR, file)],
    defaultDate,
    load(read, date, options) {
      const trace = loadOpsdResidential4(read(path.join(OPSD_DIR, file)), `OPSD residential4 ${what}`);
      return { source: looped(new TraceHome(trace, { split: { pvInverter: options.pvInverter } })), dayStartMs: centralEuropeanMidnight(date), notes: trace.notes };
    },
  };
}

function aew(site: 'A' | 'B'): SharedTrace {
  const file = path.join('aew_pv_optimisation', `${site}.csv`);
  return {
    name: `aew-${site.toLowerCase()}`,
    description: `AEW Energie AG PV site ${site} (Switzerland, 2019, 15-min), shapes rescaled to a household. Attribution: AEW Energie AG, ODbL 1.0`,
    files: [file],
    defaultDate: '2019-06-21',
    load(read, date, options) {
      const trace = loadAew(read(file), `AEW site ${site}`, { pvKWp: options.pvKWp });
      return { source: looped(new TraceHome(trace, { split: { pvInverter: options.pvInverter } })), dayStartMs: centralEuropeanMidnight(date), notes: trace.notes };
    },
  };
}

const OPENEMS_DIR = 'openems_simulator_1min';
const NREL_FILE = path.join('nrel_serf_pv', 'serf_east_1min_ac_power.csv');
const MST_OFFSET_MS = -7 * HOUR_MS;

/** The shared traces the demo can replay, by the name given to --trace. */
export const SHARED_TRACES: readonly SharedTrace[] = [
  opsd('opsd-summer', 'household_data_15min_residential4_summer_2016-06-22_to_2016-06-26.csv', '2016-06-22', 'summer, 22–26 June 2016'),
  opsd('opsd-winter', 'household_data_15min_residential4_winter_2016-12-26_to_2016-12-28.csv', '2016-12-26', 'winter, 26–28 Dec 2016'),
  opsd('opsd-60min', 'household_data_60min_singleindex.csv', '2016-06-22', 'Oct 2015 – Feb 2017, hourly'),
  aew('A'),
  aew('B'),
  {
    name: 'openems',
    description: 'OpenEMS simulator data: one summer weekday, 1-min PV (≈7 kWp, passing clouds) and household load. EPL-2.0',
    files: [path.join(OPENEMS_DIR, 'h0-summer-weekday-pv-production.csv'), path.join(OPENEMS_DIR, 'h0-summer-weekday-non-regulated-consumption.csv')],
    // The files carry no date: the day is whichever one is asked for.
    defaultDate: '2025-06-21',
    load(read, date, options) {
      const dayStartMs = centralEuropeanMidnight(date);
      const trace = loadOpenEmsDay(read(this.files[0]), read(this.files[1]), dayStartMs);
      return { source: looped(new TraceHome(trace, { split: { pvInverter: options.pvInverter } })), dayStartMs, notes: trace.notes };
    },
  },
  {
    name: 'nrel-serf',
    description: 'NREL SERF East PV array (Golden, CO), 1-min AC power of two clear March days 2022, rescaled; house from the built-in model. MIT',
    files: [NREL_FILE],
    defaultDate: '2022-03-18',
    load(read, date, options) {
      const dayStartMs = parseDate(date) - MST_OFFSET_MS;
      const { pv, notes } = loadNrelSerfPv(read(NREL_FILE), { kWp: options.pvKWp });
      // The house lives in the same local time (MST) as the PV, so mornings are mornings.
      const house = new HomeModel({ seed: options.seed, pvKWp: 0, utcOffsetMs: MST_OFFSET_MS });
      const firstDay = Math.floor((pv.startMs + MST_OFFSET_MS) / DAY_MS) * DAY_MS - MST_OFFSET_MS;
      const days = Math.ceil((pv.endMs - firstDay) / DAY_MS);
      const combined = new CombinedHome(house, pv, { name: 'NREL SERF PV + built-in house', pvInverter: options.pvInverter });
      return { source: new LoopedHome(combined, firstDay, firstDay + days * DAY_MS), dayStartMs, notes };
    },
  },
];

/** The shared traces whose files are all present in the shared data folder. */
export function availableSharedTraces(sharedDataDir: string): SharedTrace[] {
  return SHARED_TRACES.filter((t) => t.files.every((f) => fs.existsSync(path.join(sharedDataDir, f))));
}

const BUILTIN_DATE = '2025-06-21';

function builtin(options: HomeChoiceOptions): HomeChoice {
  const date = options.date ?? BUILTIN_DATE;
  const utcMidnight = parseDate(date);
  const utcOffsetMs = centralEuropeanOffsetMs(utcMidnight);
  const model = new HomeModel({ seed: options.seed, cloudiness: options.cloudiness, pvKWp: options.pvKWp, utcOffsetMs, pvInverter: options.pvInverter });
  return {
    source: model,
    dayStartMs: utcMidnight - utcOffsetMs,
    description: `${model.name}: a modelled home near Lake Constance on ${date} with ${options.pvKWp ?? 8} kWp PV and cloudiness ${options.cloudiness ?? 0.3}`,
    notes: [],
  };
}

function userCsv(file: string, options: HomeChoiceOptions): HomeChoice {
  if (!fs.existsSync(file)) throw new Error(`--trace ${file}: no such file (and not a known trace name)`);
  const trace = loadUserCsv(fs.readFileSync(file, 'utf8'), path.basename(file));
  // The user's own times: --start-time counts from local midnight (this computer's zone) of --date,
  // or of the first row.
  const first = new Date(trace.house.startMs);
  let dayStartMs = new Date(first.getFullYear(), first.getMonth(), first.getDate()).getTime();
  if (options.date !== undefined) {
    const date = new Date(parseDate(options.date));
    dayStartMs = new Date(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()).getTime();
    if (dayStartMs + DAY_MS <= trace.house.startMs || dayStartMs >= trace.house.endMs) {
      const day = (ms: number): string => new Date(ms).toLocaleDateString('sv'); // YYYY-MM-DD, local
      throw new Error(`--date ${options.date} is not in ${file} (${day(trace.house.startMs)} to ${day(trace.house.endMs - 1)})`);
    }
  }
  const home = new TraceHome(trace, { split: { pvInverter: options.pvInverter } });
  return { source: looped(home), dayStartMs, description: `your meter export ${file}`, notes: trace.notes };
}

/** Resolves --trace / --date to a home. Throws an Error that says what to do. */
export function chooseHome(options: HomeChoiceOptions): HomeChoice {
  const trace = options.trace ?? 'builtin';
  if (trace === 'builtin') return builtin(options);
  const shared = SHARED_TRACES.find((t) => t.name === trace);
  if (!shared) {
    if (/\.(csv|txt)$/i.test(trace) || trace.includes('/') || trace.includes(path.sep)) return userCsv(trace, options);
    throw new Error(`--trace ${trace}: not "builtin", not a shared trace (${SHARED_TRACES.map((t) => t.name).join(', ')}) and not a .csv file`);
  }
  const missing = shared.files.filter((f) => !fs.existsSync(path.join(options.sharedDataDir, f)));
  if (missing.length > 0) {
    throw new Error(
      `--trace ${trace} needs ${missing.map((f) => path.join(options.sharedDataDir, f)).join(', ')}, which is not there. ` +
        'The measured traces live beside the repository in ../shared/data (set LEKTRICO_EM_SHARED_DIR to use another folder); ' +
        'without them use --trace builtin or your own CSV.',
    );
  }
  const date = options.date ?? shared.defaultDate;
  const loaded = shared.load((f) => fs.readFileSync(path.join(options.sharedDataDir, f), 'utf8'), date, options);
  return { source: loaded.source, dayStartMs: loaded.dayStartMs, description: `${shared.name}: ${shared.description}`, notes: loaded.notes };
}
