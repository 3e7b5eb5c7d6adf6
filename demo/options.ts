import * as path from 'node:path';
import { CHARGING_MODES, type ChargingMode } from '../lib/energy/messages';
import { projectRoot, sharedDir } from '../lib/project-root';
import { SIMULATED_SHELLY_MODELS, type SimulatedShellyModel } from '../lib/sim/shelly/families';
import { availableSharedTraces, SHARED_TRACES } from '../lib/sim/site';
import { DEVICE_ENV } from './env';

/**
 * What `npm start` can be told, on the command line (`--port 1881` or `--port=1881`) or, for the
 * real devices, through the environment (the same variables the flow reads).
 */
export interface DemoOptions {
  /** Editor and dashboard port on 127.0.0.1; 0 = a free one (tests). */
  port: number;
  /** How much faster than real time the home and its PV run (144: a day in 10 minutes). */
  speed: number;
  /** The simulated grid meter (any simulated Shelly; one- and two-channel meters make a single-phase home). */
  shellyModel: SimulatedShellyModel;
  /** 'builtin', a shared trace name, or a path to your own CSV. */
  trace: string;
  /** YYYY-MM-DD: the day replayed (default: the trace's own sunny day). */
  date?: string;
  /** Time of day the simulated day starts at. */
  startTime: string;
  /** Built-in home: 0 clear … 1 overcast (default 0.3). */
  cloudiness?: number;
  /** Simulated stations: 2 share one connection, or 1. */
  stations: 1 | 2;
  /** The mode the PV surplus node starts in. */
  mode: ChargingMode;
  /** Node-RED's user directory (flows are written fresh at each start). */
  userDir: string;
  /** Real devices instead of simulators (then no simulator is started for that device). */
  shellyHost?: string;
  pvShellyHost?: string;
  stationHosts: string[];
  shellyCredentials?: { username?: string; password?: string };
  stationCredentials?: { username?: string; password?: string };
}

export const DEFAULT_SHELLY_MODEL: SimulatedShellyModel = 'SPEM-003CEBEU';

export function defaultOptions(env: NodeJS.ProcessEnv = process.env): DemoOptions {
  const credentials = (user: string, password: string): { username?: string; password?: string } | undefined =>
    env[user] || env[password] ? { username: env[user] || undefined, password: env[password] || undefined } : undefined;
  return {
    port: 1880,
    speed: 144,
    shellyModel: DEFAULT_SHELLY_MODEL,
    trace: 'builtin',
    startTime: '09:00',
    stations: 2,
    mode: 'green',
    userDir: path.join(projectRoot(), '.demo'),
    shellyHost: env[DEVICE_ENV.shellyHost] || undefined,
    pvShellyHost: env[DEVICE_ENV.pvShellyHost] || undefined,
    stationHosts: [env[DEVICE_ENV.stationHost], env[DEVICE_ENV.station2Host]].filter((h): h is string => !!h),
    shellyCredentials: credentials(DEVICE_ENV.shellyUser, DEVICE_ENV.shellyPassword),
    stationCredentials: credentials(DEVICE_ENV.stationUser, DEVICE_ENV.stationPassword),
  };
}

export function usage(): string {
  const shared = availableSharedTraces(path.join(sharedDir(), 'data'));
  const traces = SHARED_TRACES.map((t) => `      ${t.name.padEnd(12)} ${shared.includes(t) ? '' : '(not found) '}${t.description}`).join('\n');
  return `npm start -- [options]     Node-RED with the lektrico-em demo flow on a simulated home

  --port N              editor and dashboard port on 127.0.0.1 (default 1880; 0 = any free port)
  --speed X             the home and its PV run X times faster than real time (default 144: a day in 10 min)
  --start-time HH:MM    time of day the simulated day starts at (default 09:00)
  --date YYYY-MM-DD     the day to replay (default: a sunny day of the chosen trace; your CSV: its first day)
  --trace NAME|FILE     household load and PV: builtin (default, the built-in home model),
                        a measured trace from ${path.join(sharedDir(), 'data')}:
${traces}
                        or your own CSV: timestamp,house_w,pv_w[,l1_w,l2_w,l3_w] (see README)
  --cloudiness C        built-in home: 0 clear … 1 overcast (default 0.3)
  --shelly-model M      the simulated grid meter (default ${DEFAULT_SHELLY_MODEL}):
                        ${SIMULATED_SHELLY_MODELS.join(', ')}
  --stations 1|2        simulated stations (default 2: power sharing)
  --mode M              mode at start: ${CHARGING_MODES.join(', ')} (default green)
  --user-dir DIR        Node-RED user directory (default .demo/ in the project)

  Real devices instead of simulators (an option or the environment variable):
  --shelly-host H       ${DEVICE_ENV.shellyHost}   (+ ${DEVICE_ENV.shellyUser}, ${DEVICE_ENV.shellyPassword})
  --pv-shelly-host H    ${DEVICE_ENV.pvShellyHost}   (optional, for the PV curve)
  --station-host H      ${DEVICE_ENV.stationHost}   (+ ${DEVICE_ENV.stationUser}, ${DEVICE_ENV.stationPassword})
  --station2-host H     ${DEVICE_ENV.station2Host}
`;
}

function number(name: string, text: string, check: (n: number) => boolean, what: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || !check(n)) throw new Error(`--${name} ${text}: must be ${what}`);
  return n;
}

/** Parses the command line over the defaults. Throws an Error that says what is wrong; 'help' for --help. */
export function parseArgs(argv: string[], base: DemoOptions = defaultOptions()): DemoOptions | 'help' {
  const options: DemoOptions = { ...base, stationHosts: [...base.stationHosts] };
  const stationHosts: Array<string | undefined> = [...base.stationHosts];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    const m = /^--([a-z0-9-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new Error(`unexpected argument "${arg}" (see --help)`);
    const name = m[1];
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value (see --help)`);
    switch (name) {
      case 'port':
        options.port = number(name, value, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'a port number (0 = any free port)');
        break;
      case 'speed':
        options.speed = number(name, value, (n) => n > 0 && n <= 100_000, 'a number above 0');
        break;
      case 'start-time':
        options.startTime = value;
        break;
      case 'date':
        options.date = value;
        break;
      case 'trace':
        options.trace = value;
        break;
      case 'cloudiness':
        options.cloudiness = number(name, value, (n) => n >= 0 && n <= 1, 'between 0 and 1');
        break;
      case 'shelly-model':
        if (!(SIMULATED_SHELLY_MODELS as readonly string[]).includes(value)) {
          throw new Error(`--shelly-model ${value}: not a simulated Shelly; one of ${SIMULATED_SHELLY_MODELS.join(', ')}`);
        }
        options.shellyModel = value as SimulatedShellyModel;
        break;
      case 'stations':
        options.stations = number(name, value, (n) => n === 1 || n === 2, '1 or 2') as 1 | 2;
        break;
      case 'mode':
        if (!(CHARGING_MODES as readonly string[]).includes(value)) throw new Error(`--mode ${value}: one of ${CHARGING_MODES.join(', ')}`);
        options.mode = value as ChargingMode;
        break;
      case 'user-dir':
        options.userDir = path.resolve(value);
        break;
      case 'shelly-host':
        options.shellyHost = value;
        break;
      case 'pv-shelly-host':
        options.pvShellyHost = value;
        break;
      case 'station-host':
        stationHosts[0] = value;
        break;
      case 'station2-host':
        stationHosts[1] = value;
        break;
      default:
        throw new Error(`unknown option --${name} (see --help)`);
    }
  }
  options.stationHosts = stationHosts.filter((h): h is string => !!h);
  return options;
}
