import type { SimStationType } from '../../lib/sim/lektrico/station-model';
import type { SimulatedShellyModel } from '../../lib/sim/shelly/families';
import { DEVICE_ENV, envRef } from '../env';
import { addDashboard, addFunction, addGroup, addModeButtons, addModeText, addText } from './dashboard';
import { STATION_TEXT_FEED } from './chart-feeds';
import { addChain, type Chain, type ChainOptions } from './em-chain';
import { FlowBuilder, type FlowNode } from './flow-builder';
import { NODE_DEFAULTS } from './node-defaults';
import { addModeInjects } from './mode-injects';

/**
 * The importable examples (examples/*.json, shown under Import → Examples): each a complete EM
 * with comments in the flow. `devices` says what each is for; the examples test runs each one on
 * those simulated devices.
 */
export interface Example {
  /** File name in examples/ without .json: the menu label in the editor. */
  file: string;
  build(): FlowNode[];
  devices: {
    /** The Shellies it is written for (empty: the readings come over MQTT). */
    shellies: SimulatedShellyModel[];
    mqtt?: boolean;
    stations: SimStationType[];
  };
}

const STATION = envRef(DEVICE_ENV.stationHost);
const STATION2 = envRef(DEVICE_ENV.station2Host);
const SHELLY = envRef(DEVICE_ENV.shellyHost);
export const MQTT_BROKER_ENV = 'LEKTRICO_MQTT_BROKER';

const ADDRESSES = `**Addresses.** The config nodes read the devices' addresses from environment variables, so the flow runs
unchanged on any installation: start Node-RED with \`${DEVICE_ENV.shellyHost}=192.168.1.50\` and
\`${DEVICE_ENV.stationHost}=192.168.1.60\` (and \`${DEVICE_ENV.station2Host}\` for a second station), or type the
addresses into the *Shelly device* config node and the *station* nodes instead. A Shelly or station with a password:
enter it in the node (stored as a Node-RED credential).`;

const STATION_SETUP = `**The station.** In the LEKTRI.CO app set the station's own load balancing to *off*: this flow is the energy manager
and sets the station's dynamic current (volatile, never written to flash); with both active the lower current wins.`;

const GREEN = NODE_DEFAULTS['lektrico-pv-surplus'];
const DEFAULTS_NOTE = `**Timers** are the nodes' defaults, chosen for a real home: Green starts after ${GREEN.enableDelayS} s of surplus,
stops after ${GREEN.disableDelayS} s of shortage, runs at least ${GREEN.minRunS / 60} min and pauses at least ${GREEN.minPauseS / 60} min. The
\`npm start\` demo shortens them because its day runs 144× faster.`;

function intro(b: FlowBuilder, title: string, text: string): void {
  b.comment('intro', title, `${text}\n\n${ADDRESSES}\n\n${STATION_SETUP}`, { x: 220, y: 40 });
}

/** A Debug node (off until you click its button) on the splitter's allocation output. */
function allocationDebug(b: FlowBuilder, chain: Chain): FlowNode {
  const debug = b.node(
    'debug-allocation',
    'debug',
    { name: 'allocation: who gets what, and why', active: false, tosidebar: true, console: false, tostatus: false, complete: 'payload', targetType: 'msg', statusVal: '', statusType: 'auto' },
    { x: (chain.splitter.x ?? 0) + 40, y: (chain.splitter.y ?? 0) + 100 },
    0,
  );
  b.wire(chain.splitter, debug, 1);
  return debug;
}

const THREE_PHASE_DEFAULTS: Pick<ChainOptions, 'balancer'> = {
  balancer: { limitA: 25, marginA: 1, staleAfterS: 10, failsafeCurrentA: 6, increaseHoldS: 10 },
};

function powerModeGen1(): FlowNode[] {
  const b = new FlowBuilder('example-01', 'Power mode on a Shelly 3EM (Gen1)');
  intro(
    b,
    'Power mode, one station, Shelly 3EM (Gen1)',
    `**Smart load balancing**: the car charges as fast as the grid connection allows. A Shelly 3EM (Gen1) at the
grid connection measures each phase; whenever the house needs more, the car gets less, so no phase goes over the
**load balancer**'s limit (25 A here: set it to your main breaker). The Gen1 3EM is polled every second
(\`GET /status\`). A three-phase LEKTRI.CO 3P22K is wired L1, L2, L3.`,
  );
  const chain = addChain(b, {
    origin: { x: 160, y: 180 },
    meter: { host: SHELLY, name: 'Shelly 3EM' },
    ...THREE_PHASE_DEFAULTS,
    surplus: { mode: 'power' },
    stations: [{ key: 'station', name: 'LEKTRI.CO 3P22K', host: STATION, phases: 'L1,L2,L3' }],
  });
  allocationDebug(b, chain);
  b.comment('loop', 'The station reports back what the car draws', 'The station node sends its telemetry after every read. Wired back into the load balancer, it lets the balancer tell the house from the car: *house = grid − car*, per phase.', { x: 680, y: 100 });
  return b.build();
}

function hybridGreenPro3em(): FlowNode[] {
  const b = new FlowBuilder('example-02', 'Hybrid and Green with PV on a Shelly Pro 3EM');
  intro(
    b,
    'Hybrid and Green with PV, Shelly Pro 3EM',
    `**PV charging.** The Shelly Pro 3EM at the grid connection sees export when the PV produces more than the house
uses. The **PV surplus** node turns that into the cars' budget:
- **Green**: only surplus. The car starts when the surplus has carried its minimum (6 A) for the start delay, is held
  at its minimum through short clouds and stops after the stop delay.
- **Hybrid** (configured here): 6 A from the grid whatever the sun does, plus all the surplus.
- **Power**: as fast as the connection allows; **Off**: nothing.

The 3P22K may switch between 1 and 3 phases (*Allow 1/3-phase switching* on the station, *Switch automatically* on
the PV surplus node), so Green can start from about 1.4 kW instead of 4.1 kW. Click an inject node to change the mode.

${DEFAULTS_NOTE}`,
  );
  const chain = addChain(b, {
    origin: { x: 160, y: 200 },
    meter: { host: SHELLY, name: 'Shelly Pro 3EM' },
    ...THREE_PHASE_DEFAULTS,
    surplus: { mode: 'hybrid', hybridCurrentA: 6, autoPhaseSwitch: true, batteryPolicy: 'car-first' },
    stations: [{ key: 'station', name: 'LEKTRI.CO 3P22K', host: STATION, phases: 'L1,L2,L3', allowPhaseSwitching: true }],
  });
  addModeInjects(b, chain.surplus, { x: 620, y: 300 });
  const battery = b.node(
    'battery',
    'inject',
    {
      name: 'home battery (example values)',
      props: [
        { p: 'payload', v: '{"powerW":1500,"soc":62}', vt: 'json' },
        { p: 'topic', v: 'battery', vt: 'str' },
      ],
      repeat: '',
      crontab: '',
      once: false,
      onceDelay: 0.1,
      topic: 'battery',
      payload: '{"powerW":1500,"soc":62}',
      payloadType: 'json',
    },
    { x: 660, y: 480 },
  );
  b.wire(battery, chain.surplus);
  b.comment('battery-note', 'A home battery? Send its power here', 'Send `msg.topic = "battery"` with `{powerW, soc}` (+ charging, − discharging) from your battery\'s integration. *Battery priority* on the PV surplus node decides whether the car or the battery gets the sun first; a discharging battery never feeds the car.', { x: 660, y: 440 });
  allocationDebug(b, chain);
  return b.build();
}

function singlePhaseHome(): FlowNode[] {
  const b = new FlowBuilder('example-03', 'Single-phase home on a Shelly EM');
  intro(
    b,
    'Single-phase home, Shelly EM (Gen1) or EM Gen3',
    `**One phase.** A Shelly EM (Gen1) or EM Gen3 has two CT channels. Clamp channel 0 on the grid supply: the
**normalizer**'s *auto* mapping takes the first channel as the grid on L1. Channel 1 is free: clamp it on the EV circuit
and set *EV sub-meter* to \`emeter:1\` (Gen1) or \`em1:1\` (Gen3) to get a second output with the car's own draw.
The limit is the supply's breaker (40 A here). A LEKTRI.CO 1P7K on L1; Green mode (PV surplus only).

${DEFAULTS_NOTE}`,
  );
  const chain = addChain(b, {
    origin: { x: 160, y: 200 },
    meter: { host: SHELLY, name: 'Shelly EM' },
    normalizer: { name: 'grid = channel 0 on L1' },
    balancer: { limitA: 40, marginA: 1, staleAfterS: 10, failsafeCurrentA: 6, increaseHoldS: 10 },
    surplus: { mode: 'green' },
    stations: [{ key: 'station', name: 'LEKTRI.CO 1P7K', host: STATION, phases: 'L1' }],
  });
  allocationDebug(b, chain);
  return b.build();
}

function twoStations(): FlowNode[] {
  const b = new FlowBuilder('example-04', 'Two stations sharing one connection');
  intro(
    b,
    'Two stations sharing one connection',
    `**Power sharing.** Two LEKTRI.CO stations on one grid connection: the **power splitter** shares what the load
balancer allows. *Fair share* (configured) gives every car its minimum first and splits the rest evenly; *strict
priority* fills the higher priority first. When there is not enough for both minimums, one car pauses and resumes when
there is room (after the resume delay).

Both station nodes take the splitter's first output: each takes the commands addressed to its **station id**
(\`garage\`, \`carport\`), and both report back to the load balancer. The 1P7K is wired to L2, so it shares L2's
limit with the 3P22K: the splitter counts every car on the phases it really uses.`,
  );
  const chain = addChain(b, {
    origin: { x: 160, y: 200 },
    meter: { host: SHELLY, name: 'Shelly Pro 3EM' },
    ...THREE_PHASE_DEFAULTS,
    surplus: { mode: 'power' },
    splitter: { strategy: 'fair' },
    stations: [
      { key: 'garage', name: 'garage (3P22K)', host: STATION, station: 'garage', phases: 'L1,L2,L3' },
      { key: 'carport', name: 'carport (1P7K on L2)', host: STATION2, station: 'carport', phases: 'L2' },
    ],
  });
  allocationDebug(b, chain);
  return b.build();
}

function mqttReadings(): FlowNode[] {
  const b = new FlowBuilder('example-05', 'Shelly readings from MQTT');
  intro(
    b,
    'Shelly readings taken from MQTT',
    `**Already running your Shellies over MQTT?** No second connection is needed: **mqtt in** nodes feed the
**normalizer** directly; it recognises the Shelly topics of every generation.
- Gen2+ (Pro 3EM, EM Gen3 …): in the Shelly's MQTT settings enable *Generic status update over MQTT*; it publishes
  \`<prefix>/status/em:0\` and \`emdata:0\`. (\`<prefix>/events/rpc\` with *RPC status notifications* works too.)
- Gen1 (3EM, EM): \`shellies/<id>/emeter/<n>/power\`, \`…/current\`, … one number per topic; the normalizer assembles them.

The broker is \`${envRef(MQTT_BROKER_ENV)}\` (a host, or a URL such as \`mqtt://192.168.1.5:1883\`; empty = localhost).

**One grid meter.** The subscriptions take every Shelly on the broker (\`+\`). If others publish there too (a PV
meter, a plug), replace \`+\` with your grid meter's prefix (Gen2+: its device id unless you set another, e.g.
\`shellypro3em-a0dd6ca0c27c/status/+\`; Gen1: \`shellies/shellyem3-<id>/emeter/+/+\`). The load balancer takes one grid
meter and refuses the readings of a second device with an error.

**Meter timeout.** A Shelly publishes on change. With a steady load the readings can be more than 10 s apart, so the
load balancer's meter timeout is 30 s here; the station then gets the fail-safe current only when the meter is really
silent.`,
  );
  const broker = b.config('mqtt-broker', 'mqtt-broker', {
    name: 'MQTT broker',
    broker: envRef(MQTT_BROKER_ENV),
    port: 1883,
    clientid: '',
    autoConnect: true,
    usetls: false,
    protocolVersion: 4,
    keepalive: 60,
    cleansession: true,
    autoUnsubscribe: true,
    birthTopic: '',
    closeTopic: '',
    willTopic: '',
    userProps: '',
    sessionExpiry: 0,
  });
  const chain = addChain(b, {
    origin: { x: 160, y: 220 },
    balancer: { limitA: 25, marginA: 1, staleAfterS: 30, failsafeCurrentA: 6, increaseHoldS: 10 },
    surplus: { mode: 'power' },
    stations: [{ key: 'station', name: 'LEKTRI.CO 3P22K', host: STATION, phases: 'L1,L2,L3' }],
  });
  const subscribe = (key: string, name: string, topic: string, y: number): void => {
    const node = b.node(key, 'mqtt in', { name, topic, qos: '0', datatype: 'auto-detect', broker: broker.id, nl: false, rap: true, rh: 0, inputs: 0 }, { x: 150, y });
    b.wire(node, chain.normalizer);
  };
  subscribe('mqtt-gen2', 'Gen2+ status', '+/status/+', 180);
  subscribe('mqtt-gen2-rpc', 'Gen2+ RPC notifications', '+/events/rpc', 220);
  subscribe('mqtt-gen1', 'Gen1 emeters', 'shellies/+/emeter/+/+', 260);
  allocationDebug(b, chain);
  return b.build();
}

function dashboardModeSwitch(): FlowNode[] {
  const b = new FlowBuilder('example-06', 'Mode switch on the dashboard');
  intro(
    b,
    'Mode switch from the dashboard (Off / Power / Hybrid / Green)',
    `**The LEKTRI.CO app's mode slider, on your own dashboard.** Needs **@flowfuse/node-red-dashboard** (Dashboard 2.0;
install it from the palette manager). Open \`/dashboard\`: the button group sends \`msg.topic = "mode"\` with
\`off\`, \`power\`, \`hybrid\` or \`green\` to the PV surplus node; the mode in force comes back to the buttons, with a
line saying what it does right now and each station's state. A mode set this way lasts until the next deploy or
restart (then the node's configured mode applies).

${DEFAULTS_NOTE}`,
  );
  const chain = addChain(b, {
    origin: { x: 160, y: 180 },
    meter: { host: SHELLY, name: 'Shelly Pro 3EM' },
    ...THREE_PHASE_DEFAULTS,
    surplus: { mode: 'hybrid' },
    stations: [{ key: 'station', name: 'LEKTRI.CO 3P22K', host: STATION, phases: 'L1,L2,L3' }],
  });
  const dashboard = addDashboard(b, 'EV charging');
  const group = addGroup(b, dashboard, 'mode', 'Charging mode', 6, 1);
  addModeButtons(b, chain.surplus, group, { feed: { x: 620, y: 360 }, widget: { x: 620, y: 300 } });
  addModeText(b, chain.surplus, group, 2, { feed: { x: 620, y: 420 }, widget: { x: 880, y: 420 } });
  const stationText = addFunction(b, 'station-text', 'station state', STATION_TEXT_FEED, { x: 620, y: 480 });
  for (const station of chain.stations) b.wire(station, stationText);
  b.wire(stationText, addText(b, 'stations', group, 'Station', 3, { x: 880, y: 480 }));
  return b.build();
}

export const EXAMPLES: readonly Example[] = [
  { file: '01 - Power mode, one station, Shelly 3EM (Gen1)', build: powerModeGen1, devices: { shellies: ['SHEM-3'], stations: ['3p22k'] } },
  { file: '02 - Hybrid and Green with PV, Shelly Pro 3EM', build: hybridGreenPro3em, devices: { shellies: ['SPEM-003CEBEU'], stations: ['3p22k'] } },
  { file: '03 - Single-phase home, Shelly EM (Gen1) or EM Gen3', build: singlePhaseHome, devices: { shellies: ['SHEM', 'S3EM-002CXCEU'], stations: ['1p7k'] } },
  { file: '04 - Two stations sharing one connection', build: twoStations, devices: { shellies: ['SPEM-003CEBEU'], stations: ['3p22k', '1p7k'] } },
  { file: '05 - Shelly readings from MQTT', build: mqttReadings, devices: { shellies: [], mqtt: true, stations: ['3p22k'] } },
  { file: '06 - Mode switch on the dashboard (Off, Power, Hybrid, Green)', build: dashboardModeSwitch, devices: { shellies: ['SPEM-003CEBEU'], stations: ['3p22k'] } },
];

/** An example as its file holds it: pretty JSON, one trailing newline. */
export function exampleFileText(example: Example): string {
  return `${JSON.stringify(example.build(), null, 4)}\n`;
}
