import type { ChargingMode } from '../../lib/energy/messages';
import { DEVICE_ENV, envRef } from '../env';
import type { DemoLayout } from '../layout';
import { CAR_CURRENT_FEED, GRID_CURRENT_FEED, powerFeed, SIM_TIME_FEED, STATION_TEXT_FEED } from './chart-feeds';
import { addChart, addDashboard, addFunction, addGroup, addModeButtons, addModeText, addText } from './dashboard';
import { addChain, type ChainStation } from './em-chain';
import { FlowBuilder, type FlowNode, type Position } from './flow-builder';
import { addLink } from './links';
import { NODE_DEFAULTS, withDefaults } from './node-defaults';
import { addModeInjects } from './mode-injects';

/**
 * The flow `npm start` deploys: the whole EM on the simulated home (or on real devices, through the
 * same `${…}` addresses), the mode switch by hand and on the dashboard, and the live charts.
 */
export interface DemoFlowOptions {
  layout: DemoLayout;
  /** A Shelly on the PV inverter feeds the dashboard's PV curve. */
  pvMeter: boolean;
  /** How much faster the simulated home runs (the charts' time axis says so); absent for a real home. */
  speed?: number;
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
  // Never slower down than up (the dialog's rule); about the default's 4 of 10 s.
  smoothingFallS: 1,
  phaseUpDelayS: 10,
  phaseDownDelayS: 20,
  phaseMinIntervalS: 60,
};
export const DEMO_SPLITTER_TIMERS = { resumeDelayS: 10 };

/** Node ids of the demo flow derive from this key (FlowBuilder). */
export const DEMO_FLOW_KEY = 'lektrico-em-demo';

/** The id a node of the demo flow has, e.g. demoNodeId('chart-grid') for the grid current chart. */
export function demoNodeId(name: string): string {
  return new FlowBuilder(DEMO_FLOW_KEY, '').id(name);
}

/** Series colours of the charts, in the order the series first appear. */
export const CHART_COLORS = {
  /** L1 brown, L2 black, L3 grey (the European phase colours), the limit red. */
  grid: ['#8c564b', '#222222', '#9a9a9a', '#d62728'],
  /** PV, house, cars, grid (without a PV meter: cars, grid). */
  power: ['#f2a900', '#1f77b4', '#2ca02c', '#9467bd'],
  /** Per station: what the car draws (dark), what the station allows (light). */
  cars: ['#1f77b4', '#aec7e8', '#2ca02c', '#98df8a'],
};

const SURPLUS = NODE_DEFAULTS['lektrico-pv-surplus'];
const SPLITTER = NODE_DEFAULTS['lektrico-power-splitter'];
/** The demo's PV surplus settings: the timers above, every other setting at its default. */
const DEMO_SURPLUS = { ...SURPLUS, ...DEMO_SURPLUS_TIMERS };
const TIMER_ROWS: Array<[string, string, string]> = [
  ['start delay (PV surplus)', `${DEMO_SURPLUS_TIMERS.enableDelayS} s`, `${SURPLUS.enableDelayS} s`],
  ['stop delay (PV surplus)', `${DEMO_SURPLUS_TIMERS.disableDelayS} s`, `${SURPLUS.disableDelayS} s`],
  ['minimum run (PV surplus)', `${DEMO_SURPLUS_TIMERS.minRunS} s`, `${SURPLUS.minRunS} s`],
  ['minimum pause (PV surplus)', `${DEMO_SURPLUS_TIMERS.minPauseS} s`, `${SURPLUS.minPauseS} s`],
  ['surplus smoothing (PV surplus)', `${DEMO_SURPLUS_TIMERS.smoothingS} s`, `${SURPLUS.smoothingS} s`],
  ['surplus smoothing while falling (PV surplus)', `${DEMO_SURPLUS.smoothingFallS} s`, `${SURPLUS.smoothingFallS} s`],
  [
    'Green stop budget / early restart margin (PV surplus)',
    `${DEMO_SURPLUS.stopBudgetWh} Wh / ${DEMO_SURPLUS.earlyRestartMarginW} W`,
    `${SURPLUS.stopBudgetWh} Wh / ${SURPLUS.earlyRestartMarginW} W`,
  ],
  [
    'phase switch up / down / between (PV surplus)',
    `${DEMO_SURPLUS_TIMERS.phaseUpDelayS} / ${DEMO_SURPLUS_TIMERS.phaseDownDelayS} / ${DEMO_SURPLUS_TIMERS.phaseMinIntervalS} s`,
    `${SURPLUS.phaseUpDelayS} / ${SURPLUS.phaseDownDelayS} / ${SURPLUS.phaseMinIntervalS} s`,
  ],
  [
    'phase switch-down grid / switch-up PV budget (PV surplus)',
    `${DEMO_SURPLUS.phaseDownBudgetWh} / ${DEMO_SURPLUS.phaseUpBudgetWh} Wh`,
    `${SURPLUS.phaseDownBudgetWh} / ${SURPLUS.phaseUpBudgetWh} Wh`,
  ],
  ['resume delay (power splitter)', `${DEMO_SPLITTER_TIMERS.resumeDelayS} s`, `${SPLITTER.resumeDelayS} s`],
];

/** The demo's timers against the nodes' defaults, as a Markdown table (the flow's comment and the README). */
export const TIMER_TABLE = ['| setting (node) | demo | real home (node default) |', '|---|---|---|', ...TIMER_ROWS.map((r) => `| ${r.join(' | ')} |`)].join('\n');

const TIMER_NOTE = `**Timers are shortened for the demo.** Only the environment (household load and PV) is accelerated; the nodes,
the meter push, the station polling and the cars run in real time. So that a passing cloud of the fast day meets
timers of a matching length, this flow uses:

${TIMER_TABLE}

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

/** "2.4 h", "10 min", "30 s". */
function formatDuration(ms: number): string {
  if (ms >= 3_600_000) return `${Number((ms / 3_600_000).toFixed(1))} h`;
  if (ms >= 60_000) return `${Number((ms / 60_000).toFixed(1))} min`;
  return `${Math.round(ms / 1000)} s`;
}

export function demoFlow(options: DemoFlowOptions): FlowNode[] {
  const { layout } = options;
  const b = new FlowBuilder(DEMO_FLOW_KEY, 'lektrico-em demo', 'The demo flow of `npm start`: the LEKTRI.CO EM on a Shelly meter, with live charts on the dashboard.');
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

  // 1. The chain, across the top.
  b.comment('intro', `1. The EM chain: ${layout.threePhase ? 'three-phase' : 'single-phase'} home, ${layout.limitA} A per phase`, chainIntro(layout), { x: 230, y: 40 });
  const chain = addChain(b, {
    origin: { x: 120, y: 140 },
    meter: { host: envRef(DEVICE_ENV.shellyHost), name: 'grid Shelly', credentials: options.shellyCredentials },
    balancer: { limitA: layout.limitA },
    surplus: { mode: options.mode, ...DEMO_SURPLUS_TIMERS, autoPhaseSwitch: switchable },
    splitter: { ...DEMO_SPLITTER_TIMERS },
    stations,
  });
  b.comment('timers', 'Timers shortened for the demo (select me)', TIMER_NOTE, { x: 820, y: 40 });

  // 2. The mode by hand (inject nodes) and on the dashboard (button group), both into the PV surplus node.
  b.comment('by-hand', '2. The charging mode: inject nodes here, buttons on the dashboard', 'Each inject node, and the dashboard\'s mode buttons, send `msg.topic = "mode"` to the PV surplus node, as the LEKTRI.CO app\'s mode slider. A deploy goes back to the mode configured in the node.', { x: 250, y: 250 });
  addModeInjects(b, chain.surplus, { x: 140, y: 300 });
  const dashboard = addDashboard(b, 'LEKTRI.CO EM');
  const control = addGroup(b, dashboard, 'control', 'Charging mode', 12, 1);
  addModeButtons(b, chain.surplus, control, { feed: { x: 420, y: 400 }, widget: { x: 420, y: 340 } });

  // The PV inverter's meter: only for the dashboard; the EM itself needs only the grid meter.
  let pvReading: FlowNode | undefined;
  if (options.pvMeter) {
    const pvDevice = b.config('pv-device', 'lektrico-shelly-device', withDefaults('lektrico-shelly-device', { name: 'PV Shelly', host: envRef(DEVICE_ENV.pvShellyHost), pollInterval: 2 }));
    b.comment('pv', 'PV inverter meter (only for the charts)', 'A second Shelly on the PV inverter shows the PV production on the dashboard. The EM does not need it: the grid meter sees the surplus as export.', { x: 800, y: 250 });
    const pvMeter = b.node('pv-meter', 'lektrico-shelly-meter', withDefaults('lektrico-shelly-meter', { name: 'PV meter', device: pvDevice.id }), { x: 760, y: 300 });
    pvReading = b.node('pv-normalizer', 'lektrico-normalizer', withDefaults('lektrico-normalizer', { name: 'PV reading' }), { x: 960, y: 300 });
    b.wire(pvMeter, pvReading);
  }

  // 3. The dashboard: link nodes bring the chain's messages down here, Function nodes make chart points.
  b.comment('dashboard', '3. Live charts on the dashboard (/dashboard)', 'Link nodes bring the chain\'s messages here; Function nodes turn them into chart points (`msg.topic` = series). On the dashboard: grid current per phase against the limit; PV, house, cars and grid power; each car\'s current and what its station allows; the mode and the stations\' states.', { x: 230, y: 480 });
  const gridGroup = addGroup(b, dashboard, 'grid', 'Grid current per phase (A): the limit holds', 12, 2);
  const powerGroup = addGroup(b, dashboard, 'power', 'Power (kW): the sun goes into the cars', 6, 3);
  const carsGroup = addGroup(b, dashboard, 'cars', 'Cars (A): drawn and allowed', 6, 4);
  const origin = chain.balancer.y ?? 0;
  const below = (node: FlowNode, dy = 60): Position => ({ x: (node.x ?? 0) + 20, y: origin + dy });
  const headroom = addLink(b, 'headroom', 'headroom', chain.balancer, below(chain.balancer), { x: 110, y: 540 }).linkIn;
  const targets = addLink(b, 'targets', 'charging target', chain.surplus, below(chain.surplus), { x: 110, y: 760 }).linkIn;
  const telemetryLink = addLink(b, 'telemetry', 'station telemetry', chain.stations[0], { x: (chain.stations[0].x ?? 0) + 170, y: origin }, { x: 110, y: 660 });
  for (const station of chain.stations.slice(1)) b.wire(station, telemetryLink.linkOut);
  const telemetry = telemetryLink.linkIn;
  const fx = 360;
  const wx = 620;
  const xAxisLabel = options.speed ? `real time: 1 min = ${formatDuration(options.speed * 60_000)} of the simulated day` : '';

  const gridFeed = addFunction(b, 'grid-feed', 'grid current per phase', GRID_CURRENT_FEED, { x: fx, y: 540 });
  const gridChart = addChart(b, 'grid', gridGroup, { name: 'grid current chart', label: '', yAxisLabel: 'A', xAxisLabel, colors: CHART_COLORS.grid, order: 1, height: 5 }, { x: wx, y: 540 });
  b.wire(headroom, gridFeed);
  b.wire(gridFeed, gridChart);

  const powerFeedNode = addFunction(b, 'power-feed', 'PV, house, cars, grid', powerFeed(options.pvMeter), { x: fx, y: 600 });
  const powerColors = options.pvMeter ? CHART_COLORS.power : CHART_COLORS.power.slice(2);
  const powerChart = addChart(b, 'power', powerGroup, { name: 'power chart', label: '', yAxisLabel: 'kW', xAxisLabel, colors: powerColors, order: 1 }, { x: wx, y: 600 });
  b.wire(headroom, powerFeedNode);
  if (pvReading) {
    const pv = addLink(b, 'pv', 'PV reading', pvReading, { x: 1110, y: 300 }, { x: 110, y: 600 }).linkIn;
    b.wire(pv, powerFeedNode);
  }
  b.wire(powerFeedNode, powerChart);

  const carFeed = addFunction(b, 'car-feed', 'car current', CAR_CURRENT_FEED, { x: fx, y: 660 });
  const carChart = addChart(b, 'cars', carsGroup, { name: 'car current chart', label: '', yAxisLabel: 'A', xAxisLabel, colors: CHART_COLORS.cars, interpolation: 'step', order: 1 }, { x: wx, y: 660 });
  b.wire(telemetry, carFeed);
  b.wire(carFeed, carChart);

  const stationText = addFunction(b, 'station-text', 'station states', STATION_TEXT_FEED, { x: fx, y: 700 });
  b.wire(telemetry, stationText);
  b.wire(stationText, addText(b, 'stations', control, 'Stations', 3, { x: wx, y: 700 }));

  addModeText(b, targets, control, 2, { feed: { x: fx, y: 760 }, widget: { x: wx, y: 760 } });

  const tick = b.node('clock-tick', 'inject', { name: 'every 2 s', props: [], repeat: '2', crontab: '', once: true, onceDelay: 0.5, topic: '' }, { x: 130, y: 820 });
  const clock = addFunction(b, 'clock', 'time of day', SIM_TIME_FEED, { x: fx, y: 820 });
  b.wire(tick, clock);
  b.wire(clock, addText(b, 'clock', control, 'Time', 4, { x: wx, y: 820 }));

  return b.build();
}
