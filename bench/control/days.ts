import * as fs from 'node:fs';
import * as path from 'node:path';
import { CombinedHome } from '../../lib/sim/home/combined-home';
import type { HomeSource } from '../../lib/sim/home/home-sample';
import { HomeModel } from '../../lib/sim/home/home-model';
import type { HomeTrace } from '../../lib/sim/home/home-trace';
import { loadNrelSerfPv } from '../../lib/sim/home/nrel-serf';
import { loadOpenEmsDay } from '../../lib/sim/home/openems';
import { loadOpsdResidential4 } from '../../lib/sim/home/opsd-residential4';
import { TraceHome } from '../../lib/sim/home/trace-home';

/**
 * The real days the benchmark replays, read from ../shared/data at run time (never copied).
 * Each day is a local calendar day of the recording. `peaks` adds the seeded sub-interval
 * variability layer (lib/sim/home/variability.ts) to the 15-min recordings; 1-min recordings
 * are replayed as they are.
 */
export interface DayInfo {
  id: string;
  label: string;
  /** Where the house and PV come from. */
  source: string;
  /** The recording has 15-min resolution (the peaks layer applies). */
  quarterHourly: boolean;
}

export const DAYS: readonly DayInfo[] = [
  { id: 'opsd-2016-06-22', label: '22 Jun 2016, sunny', source: 'OPSD residential4 15-min', quarterHourly: true },
  { id: 'opsd-2016-06-24', label: '24 Jun 2016, sunny', source: 'OPSD residential4 15-min', quarterHourly: true },
  { id: 'opsd-2016-06-26', label: '26 Jun 2016, cloudy', source: 'OPSD residential4 15-min', quarterHourly: true },
  { id: 'opsd-2016-12-26', label: '26 Dec 2016, winter', source: 'OPSD residential4 15-min (heat pump)', quarterHourly: true },
  { id: 'opsd-2016-12-27', label: '27 Dec 2016, winter', source: 'OPSD residential4 15-min (heat pump)', quarterHourly: true },
  { id: 'opsd-2016-12-28', label: '28 Dec 2016, winter', source: 'OPSD residential4 15-min (heat pump)', quarterHourly: true },
  { id: 'openems-day', label: 'summer weekday, passing clouds', source: 'OpenEMS 1-min PV + consumption', quarterHourly: false },
  { id: 'serf-2022-03-18', label: '18 Mar 2022, clear spring', source: 'NREL SERF 1-min PV (8 kWp) + built-in house', quarterHourly: false },
];

export interface LoadedDay {
  info: DayInfo;
  home: HomeSource;
  startMs: number;
  endMs: number;
}

const HOUR = 3_600_000;
const SUMMER_FILE = 'household_data_15min_residential4_summer_2016-06-22_to_2016-06-26.csv';
const WINTER_FILE = 'household_data_15min_residential4_winter_2016-12-26_to_2016-12-28.csv';
/** The variability layer's seed: fixed, so every policy sees the same kettles. */
export const PEAKS_SEED = 1;

export class DayCatalogue {
  private readonly traces = new Map<string, HomeTrace>();

  constructor(private readonly dataDir: string) {}

  load(id: string, peaks: boolean): LoadedDay {
    const info = DAYS.find((d) => d.id === id);
    if (!info) throw new Error(`unknown day ${id}`);
    const m = /^opsd-(\d{4})-(\d{2})-(\d{2})$/.exec(id);
    if (m) {
      const summer = m[2] === '06';
      const trace = this.trace(summer ? SUMMER_FILE : WINTER_FILE, () =>
        loadOpsdResidential4(this.read('opsd_household_residential4', summer ? SUMMER_FILE : WINTER_FILE), 'OPSD residential4'),
      );
      const startMs = Date.UTC(+m[1], +m[2] - 1, +m[3]) - (summer ? 2 : 1) * HOUR; // local midnight (CEST / CET)
      const home = new TraceHome(trace, peaks ? { variability: { seed: PEAKS_SEED } } : {});
      return { info, home, startMs, endMs: startMs + 24 * HOUR };
    }
    if (id === 'openems-day') {
      const startMs = Date.UTC(2016, 5, 21) - 2 * HOUR; // any summer weekday; CEST midnight
      const dir = 'openems_simulator_1min';
      const trace = loadOpenEmsDay(
        this.read(dir, 'h0-summer-weekday-pv-production.csv'),
        this.read(dir, 'h0-summer-weekday-non-regulated-consumption.csv'),
        startMs,
      );
      return { info, home: new TraceHome(trace), startMs, endMs: startMs + 24 * HOUR };
    }
    if (id === 'serf-2022-03-18') {
      const startMs = Date.UTC(2022, 2, 18) + 7 * HOUR; // MST midnight (−07:00)
      const { pv } = loadNrelSerfPv(this.read('nrel_serf_pv', 'serf_east_1min_ac_power.csv'), { kWp: 8 });
      const house = new HomeModel({ seed: 1, pvKWp: 0, utcOffsetMs: -7 * HOUR });
      return { info, home: new CombinedHome(house, pv, { name: info.source }), startMs, endMs: startMs + 24 * HOUR };
    }
    throw new Error(`no loader for day ${id}`);
  }

  private trace(key: string, load: () => HomeTrace): HomeTrace {
    let t = this.traces.get(key);
    if (!t) {
      t = load();
      this.traces.set(key, t);
    }
    return t;
  }

  private read(...parts: string[]): string {
    return fs.readFileSync(path.join(this.dataDir, ...parts), 'utf8');
  }
}
