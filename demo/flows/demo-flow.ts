import type { ChargingMode } from '../../lib/energy/messages';
import { DEVICE_ENV, envRef } from '../env';
import type { DemoLayout } from '../layout';
import { CAR_CURRENT_FEED, GRID_CURRENT_FEED, powerFeed, SIM_TIME_FEED, STATION_TEXT_FEED } from './chart-feeds';
import { addChart, addDashboard, addFunction, addGroup, addModeSwitch, addText } from './dashboard';
import { addChain, type ChainStation } from './em-chain';
import { FlowBuilder, type FlowNode } from './flow-builder';
import { addModeInjects } from './mode-injects';

/**
 * The flow `npm start` deploys: the whole EM on the simulated home (or on real devices, through the
 * same `${…}` addresses), the mode switch by hand and on the dashboard, and the live charts.
 */
export interface DemoFlowOptions {
  layout: DemoLayout;
  /** A Shelly on the PV inverter feeds the dashboard's PV curve. */
  pvMeter: boolean;
  mode: ChargingMode;
  /** Only for real devices that ask for them; deployed as Node-RED credentials. */
  shellyCredentials?: { username?: string; password?: string };
  stationCredentials?: { username?: string; password?: string };
}

/**
 * The demo's environment runs faster than the wall clock, its devices do not: the PV timers are
 * cut so a passing cloud of the accelerated day meets timers of a matching length.
 */
export const DEMO_SURPLUS_TIMERS = {
  enableDelayS: 5,
  disableDelayS: 20,
  minRunS: 30,
  minPauseS: 15,
  smoothingS: 3,
  phaseUpDelayS: 10,
  phaseDownDelayS: 20,
  phaseMinIntervalS: 60,
};
export const DEMO_SPLITTER_TIMERS = { resumeDelayS: 10 };

const TIMER_NOTE = `**Timers are shortened for the demo.** Only the environment (household load and PV) is accelerated; the nodes,
the meter push, the station polling and the cars run in real time. So that a passing cloud of the fast day meets
timers of a matching length, this flow uses:

| setting (node) | demo | real home (node default) |
|---|---|---|
| start delay (PV surplus) | ${DEMO_SURPLUS_TIMERS.enableDelayS} s | 60 s |
| stop delay (PV surplus) | ${DEMO_SURPLUS_TIMERS.disableDelayS} s | 180 s |
| minimum run (PV surplus) | ${DEMO_SURPLUS_TIMERS.minRunS} s | 600 s |
| minimum pause (PV surplus) | ${DEMO_SURPLUS_TIMERS.minPauseS} s | 300 s |
| surplus smoothing (PV surplus) | ${DEMO_SURPLUS_TIMERS.smoothingS} s | 10 s |
| phase switch up / down / between (PV surplus) | ${DEMO_SURPLUS_TIMERS.phaseUpDelayS} / ${DEMO_SURPLUS_TIMERS.phaseDownDelayS} / ${DEMO_SURPLUS_TIMERS.phaseMinIntervalS} s | 60 / 180 / 600 s |
| resume delay (power splitter) | ${DEMO_SPLITTER_TIMERS.resumeDelayS} s | 60 s |

In your own home keep the defaults: they protect the car's contactor and keep a cloud from stopping a charge.`;

function chainIntro(layout: DemoLayout): string {
  const stations = layout.stations.map((s) => `- **${s.name}**: wired to ${s.gridPhases.join(', ')}`).join('\n');
  return `The LEKTRI.CO energy manager on a Shelly meter: the **grid meter** reads the Shelly at the grid connection,
the **normalizer** turns its status into a canonical reading, the **load balancer** keeps every phase under
${layout.limitA} A (minus a 1 A margin), the **PV surplus** node applies the charging mode (Off, Power, Hybrid, Green),
the **power splitter** shares what is allowed between the stations, and each **station** node drives a LEKTRI.CO
station and sends back what its car really draws, so the balancer can tell the house from the cars.

${stations}

Device addresses come from the environment: \`${envRef(DEVICE_ENV.shellyHost)}\`, \`${envRef(DEVICE_ENV.stationHost)}\`,
\`${envRef(DEVICE_ENV.station2Host)}\`, \`${envRef(DEVICE_ENV.pvShellyHost)}\`. \`npm start\` points them at its simulators; set them
to real devices and the same flow runs your home.`;
}

export function demoFlow(options: DemoFlowOptions): FlowNode[] {
  const { layout } = options;
  const b = new FlowBuilder('lektrico-em-demo', 'lektrico-em demo', 'The demo flow of `npm start`: the LEKTRI.CO EM on a Shelly meter, with live charts on the dashboard.');
  const stationHosts = [DEVICE_ENV.stationHost, DEVICE_ENV.station2Host];
  const switchable = layout.stations.some((s) => s.type === '3p22k' && s.gridPhases.length === 3);
  const stations: ChainStation[] = layout.stations.map((s, i) => ({
    key: s.key,
    name: s.name,
    host: envRef(stationHosts[i]),
    station: s.key,
    phases: s.gridPhases.join(','),
    allowPhaseSwitching: s.type === '3p22k' && s.gridPhases.length === 3,
    credentials: options.stationCredentials,
  }));

  b.comment('intro', `1. The EM chain: ${layout.threePhase ? 'three-phase' : 'single-phase'} home, ${layout.limitA} A per phase`, chainIntro(layout), { x: 200, y: 40 });
  const chain = addChain(b, {
    origin: { x: 160, y: 140 },
    meter: { host: envRef(DEVICE_ENV.shellyHost), name: 'grid Shelly', credentials: options.shellyCredentials },
    balancer: { name: '', limitA: layout.limitA, marginA: 1, powerCapKw: '', staleAfterS: 10, failsafeCurrentA: 6, increaseHoldS: 10 },
    surplus: {
      name: '',
      mode: options.mode,
      hybridCurrentA: 6,
      startThresholdW: 200,
      stopThresholdW: 200,
      ...DEMO_SURPLUS_TIMERS,
      greenSinglePhase: false,
      hybridSinglePhase: false,
      autoPhaseSwitch: switchable,
      phaseHysteresisW: 200,
      batteryPolicy: 'car-first',
      batteryPrioritySoc: 50,
      batterySocHysteresis: 5,
      batteryTimeoutS: 60,
    },
    splitter: { ...DEMO_SPLITTER_TIMERS },
    stations,
  });
  b.comment('timers', 'Timers shortened for the demo (see here)', TIMER_NOTE, { x: 850, y: 60 });

  b.comment('by-hand', '2. Switch the mode by hand (or on the dashboard)', 'Each inject node sends `msg.topic = "mode"` to the PV surplus node; a deploy goes back to the mode configured in the node.', { x: 700, y: 260 });
  addModeInjects(b, chain.surplus, { x: 620, y: 300 });

  // The PV inverter's meter: only for the dashboard; the EM itself needs only the grid meter.
  let pvReading: FlowNode | undefined;
  if (options.pvMeter) {
    const pvDevice = b.config('pv-device', 'lektrico-shelly-device', { name: 'PV Shelly', host: envRef(DEVICE_ENV.pvShellyHost), transport: 'auto', pollInterval: 2, timeout: 5 });
    const pvMeter = b.node('pv-meter', 'lektrico-shelly-meter', { name: 'PV meter', device: pvDevice.id }, { x: 160, y: 320 });
    pvReading = b.node('pv-normalizer', 'lektrico-normalizer', { name: 'PV reading', mapping: 'auto', rotation: 'L1,L2,L3', outputs: 1 }, { x: 390, y: 320 });
    b.wire(pvMeter, pvReading);
  }

  b.comment('dashboard', '3. Live charts on the dashboard (/dashboard)', 'Function nodes turn the chain\'s messages into chart points (`msg.topic` = series). Open the dashboard: grid current per phase against the limit, PV, house, cars and grid power, each car\'s current and what its station allows, and the mode buttons.', { x: 230, y: 460 });
  const dashboard = addDashboard(b, 'LEKTRI.CO EM');
  const control = addGroup(b, dashboard, 'control', 'Charging mode', 12, 1);
  const gridGroup = addGroup(b, dashboard, 'grid', 'Grid current per phase (A): the limit holds', 12, 2);
  const powerGroup = addGroup(b, dashboard, 'power', 'Power (kW): the sun goes into the cars', 6, 3);
  const carsGroup = addGroup(b, dashboard, 'cars', 'Cars (A): drawn and allowed', 6, 4);
  const fx = 620;
  const wx = 880;

  const gridFeed = addFunction(b, 'grid-feed', 'grid current per phase', GRID_CURRENT_FEED, { x: fx, y: 520 });
  const gridChart = addChart(b, 'grid', gridGroup, { label: '', yAxisLabel: 'A', colors: ['#8c564b', '#222222', '#9a9a9a', '#d62728'], order: 1, height: 5 }, { x: wx, y: 520 });
  b.wire(chain.balancer, gridFeed);
  b.wire(gridFeed, gridChart);

  const powerFeedNode = addFunction(b, 'power-feed', 'PV, house, cars, grid', powerFeed(options.pvMeter), { x: fx, y: 580 });
  const powerColors = options.pvMeter ? ['#f2a900', '#1f77b4', '#2ca02c', '#9467bd'] : ['#2ca02c', '#9467bd'];
  const powerChart = addChart(b, 'power', powerGroup, { label: '', yAxisLabel: 'kW', colors: powerColors, order: 1 }, { x: wx, y: 580 });
  b.wire(chain.balancer, powerFeedNode);
  if (pvReading) b.wire(pvReading, powerFeedNode);
  b.wire(powerFeedNode, powerChart);

  const carFeed = addFunction(b, 'car-feed', 'car current', CAR_CURRENT_FEED, { x: fx, y: 640 });
  const carChart = addChart(b, 'cars', carsGroup, { label: '', yAxisLabel: 'A', colors: ['#1f77b4', '#aec7e8', '#2ca02c', '#98df8a'], interpolation: 'step', order: 1 }, { x: wx, y: 640 });
  for (const station of chain.stations) b.wire(station, carFeed);
  b.wire(carFeed, carChart);

  addModeSwitch(b, chain, control, { functions: { x: fx, y: 700 }, widgets: { x: wx, y: 700 } });

  const stationText = addFunction(b, 'station-text', 'station states', STATION_TEXT_FEED, { x: fx, y: 820 });
  b.wire(stationText, addText(b, 'stations', control, 'Stations', 3, { x: wx, y: 820 }));
  for (const station of chain.stations) b.wire(station, stationText);

  const tick = b.node('clock-tick', 'inject', { name: 'every 2 s', props: [], repeat: '2', crontab: '', once: true, onceDelay: 0.5, topic: '' }, { x: 390, y: 880 });
  const clock = addFunction(b, 'clock', 'time of day', SIM_TIME_FEED, { x: fx, y: 880 });
  b.wire(tick, clock);
  b.wire(clock, addText(b, 'clock', control, 'Time', 4, { x: wx, y: 880 }));

  return b.build();
}
