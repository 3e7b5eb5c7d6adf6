import * as dgram from 'node:dgram';
import * as path from 'node:path';
import { sharedDir } from '../lib/project-root';
import { lookupModel } from '../lib/shelly/catalogue';
import { acceleratedClock } from '../lib/sim/home/home-simulation';
import { chooseHome, formatTimeOfDay, parseTimeOfDay, SimulatedSite, type HomeChoice } from '../lib/sim/site';
import { DASHBOARD_PATH } from './flows/dashboard';
import { demoFlow } from './flows/demo-flow';
import { DEVICE_ENV } from './env';
import { demoLayout, type DemoLayout } from './layout';
import { startNodeRed, type NodeRedServer } from './node-red-server';
import { defaultOptions, parseArgs, usage, type DemoOptions } from './options';

/**
 * `npm start`: Node-RED with this package's nodes and the demo flow, on a simulated home (a
 * Shelly meter, household load and PV from the built-in model or a replayed trace, LEKTRI.CO
 * stations with cars), or on real devices given by address. Run directly it prints where to look
 * and stops cleanly on Ctrl+C.
 */
export interface Demo {
  editorUrl: string;
  dashboardUrl: string;
  site: SimulatedSite;
  home: HomeChoice;
  layout: DemoLayout;
  /** What to tell the visitor (the lines main() prints). */
  summary: string[];
  stop(): Promise<void>;
}

function modelName(model: string): string {
  return lookupModel(model)?.name ?? model;
}

/** A UDP port free on 127.0.0.1 now. */
export function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** Sets the flow's address variables for the simulated devices; returns a function that undoes it. */
function pointFlowAt(hosts: Record<string, string | undefined>): () => void {
  const previous = new Map<string, string | undefined>();
  for (const [name, host] of Object.entries(hosts)) {
    if (host === undefined) continue;
    previous.set(name, process.env[name]);
    process.env[name] = host;
  }
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

export async function startDemo(partial: Partial<DemoOptions> = {}): Promise<Demo> {
  const options: DemoOptions = { ...defaultOptions(), ...partial };
  const startOffsetMs = parseTimeOfDay(options.startTime);
  const realMeter = options.shellyHost !== undefined;
  const realStations = options.stationHosts.length > 0;
  const layout = demoLayout(options.shellyModel, realStations ? (Math.min(2, options.stationHosts.length) as 1 | 2) : options.stations);
  const home = chooseHome({
    trace: options.trace,
    date: options.date,
    sharedDataDir: path.join(sharedDir(), 'data'),
    cloudiness: options.cloudiness,
    pvKWp: layout.pvKWp,
    pvInverter: layout.threePhase ? 'three-phase' : 'L1',
  });
  const clock = acceleratedClock(home.dayStartMs + startOffsetMs, options.speed);
  // A port of its own for the simulators' mDNS, so the editor's Search finds them and nothing else.
  const mdnsPort = await freeUdpPort();
  const site = await SimulatedSite.start({
    mdnsPort,
    home: home.source,
    clock,
    meter: realMeter ? undefined : { model: options.shellyModel },
    pvMeter: realMeter || layout.pvKWp === 0 ? undefined : { model: layout.pvMeterModel },
    stations: realStations
      ? []
      : layout.stations.map((s) => ({ simulator: { type: s.type, serial: s.serial, car: s.car }, gridPhases: s.gridPhases })),
  });

  const restoreEnv = pointFlowAt({
    [DEVICE_ENV.shellyHost]: options.shellyHost ?? site.meter?.host,
    [DEVICE_ENV.pvShellyHost]: options.pvShellyHost ?? site.pvMeter?.host,
    [DEVICE_ENV.stationHost]: options.stationHosts[0] ?? site.stations[0]?.host,
    [DEVICE_ENV.station2Host]: options.stationHosts[1] ?? site.stations[1]?.host,
  });
  const dayLabel = (): string => formatTimeOfDay(clock() - home.dayStartMs);
  let server: NodeRedServer | undefined;
  try {
    server = await startNodeRed({
      userDir: options.userDir,
      port: options.port,
      // Node-RED's own start-up chatter would bury the summary; node errors still show.
      consoleLevel: 'error',
      mdnsPort,
      // The dashboard's clock: simulated time only when the home is simulated.
      globalContext: realMeter ? {} : { lektricoDemo: { timeOfDay: dayLabel, speed: options.speed } },
    });
    await server.deploy(
      demoFlow({
        layout,
        pvMeter: !!(options.pvShellyHost ?? site.pvMeter),
        speed: realMeter ? undefined : options.speed,
        mode: options.mode,
        shellyCredentials: options.shellyCredentials,
        stationCredentials: options.stationCredentials,
      }),
    );
    await untilServed(`${server.url}${DASHBOARD_PATH.slice(1)}`);
  } catch (err) {
    await server?.stop();
    await site.stop();
    restoreEnv();
    throw err;
  }

  const editorUrl = server.url;
  const dashboardUrl = `${server.url.replace(/\/$/, '')}${DASHBOARD_PATH}`;
  const summary = summaryLines(options, layout, home, site, { editorUrl, dashboardUrl, startTime: options.startTime });
  let stopped: Promise<void> | undefined;
  const running = server;
  return {
    editorUrl,
    dashboardUrl,
    site,
    home,
    layout,
    summary,
    stop() {
      stopped ??= (async () => {
        await running.stop();
        await site.stop();
        restoreEnv();
      })();
      return stopped;
    },
  };
}

/** The dashboard's route appears when its nodes start, a moment after the deploy: "running" means it answers. */
async function untilServed(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(url).catch(() => undefined);
    if (res?.ok) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s (HTTP ${res?.status ?? 'no answer'})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** What main() prints: where to look, what runs where, what to try. */
function summaryLines(
  options: DemoOptions,
  layout: DemoLayout,
  home: HomeChoice,
  site: SimulatedSite,
  at: { editorUrl: string; dashboardUrl: string; startTime: string },
): string[] {
  const minutesPerDay = (24 * 60) / options.speed;
  const lines = [
    'lektrico-em demo is running',
    `  editor      ${at.editorUrl}`,
    `  dashboard   ${at.dashboardUrl}`,
    `  home        ${home.description}`,
    `              day starts at ${at.startTime}, ${options.speed}× real time (a day in ${minutesPerDay >= 1 ? `${Math.round(minutesPerDay)} min` : `${Math.round(minutesPerDay * 60)} s`}); limit ${layout.limitA} A per phase`,
  ];
  lines.push(
    site.meter
      ? `  grid meter  ${modelName(options.shellyModel)} (simulated) at ${site.meter.host}`
      : `  grid meter  your Shelly at ${options.shellyHost}`,
  );
  if (site.pvMeter) lines.push(`  PV meter    ${modelName(layout.pvMeterModel)} (simulated) at ${site.pvMeter.host}`);
  else if (options.pvShellyHost) lines.push(`  PV meter    your Shelly at ${options.pvShellyHost}`);
  if (site.stations.length > 0) {
    site.stations.forEach((station, i) => {
      const s = layout.stations[i];
      lines.push(`  station     ${s.name}, car up to ${s.car.maxCurrentA} A on ${s.car.phases} phase(s) (simulated) at ${station.host}`);
    });
  } else {
    for (const host of options.stationHosts) lines.push(`  station     your LEKTRI.CO at ${host}`);
  }
  for (const warning of layout.warnings) lines.push(`  note        ${warning}`);
  if (!site.meter && site.stations.length > 0) lines.push('  note        your meter does not see the simulated cars: the balancer sees only your house');
  if (site.meter && site.stations.length === 0) lines.push('  note        the simulated meter does not see your car: use a real Shelly too for real charging');
  lines.push(
    '',
    `Try: open the dashboard and switch the mode. Started in ${options.mode}.`,
    '  Power: the cars take what the connection allows; the grid current sits just under the limit line.',
    '  Green: the cars charge from PV only, start when the sun carries their minimum and follow it.',
    '  Hybrid: a guaranteed 6 A from the grid plus all the sun.  Off: nothing charges.',
    `Real devices: ${DEVICE_ENV.shellyHost}=<shelly ip> ${DEVICE_ENV.stationHost}=<station ip> npm start   (npm start -- --help for all options)`,
    'Stop with Ctrl+C.',
  );
  return lines;
}

async function main(): Promise<void> {
  let options: DemoOptions | 'help';
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`lektrico-em demo: ${(err as Error).message}`);
    process.exitCode = 2;
    return;
  }
  if (options === 'help') {
    console.log(usage());
    return;
  }
  let demo: Demo;
  try {
    demo = await startDemo(options);
  } catch (err) {
    console.error(`lektrico-em demo: ${(err as Error).message}`);
    process.exitCode = 1;
    return;
  }
  console.log(demo.summary.join('\n'));
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping Node-RED and the simulators…`);
    // If something refuses to close, do not leave the user with a hung terminal.
    setTimeout(() => {
      console.error('lektrico-em demo: did not stop within 15 s; exiting');
      process.exit(1);
    }, 15_000).unref();
    demo.stop().then(
      () => console.log('stopped.'),
      (err: unknown) => {
        console.error(`lektrico-em demo: stopping failed: ${(err as Error).message}`);
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) void main();
