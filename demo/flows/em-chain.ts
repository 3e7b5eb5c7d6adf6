import type { FlowBuilder, FlowNode, Position } from './flow-builder';
import { withDefaults } from './node-defaults';

/**
 * The energy manager as nodes: Shelly meter → normalizer → load balancer → PV surplus → power
 * splitter → LEKTRI.CO station(s), every station's telemetry wired back into the load balancer.
 * Every example and the demo are this chain plus what they show off, so it is written once.
 * Settings are the nodes' own property names (see each node's help); what is not given keeps the
 * node's default.
 */
export interface ChainMeter {
  /** Host of the Shelly, usually `${LEKTRICO_SHELLY_HOST}` so the flow follows the environment. */
  host: string;
  /** Name of the device config node. */
  name: string;
  transport?: 'auto' | 'websocket' | 'http';
  pollInterval?: number;
  credentials?: { username?: string; password?: string };
}

export interface ChainStation {
  /** Local name in the flow (node ids derive from it). */
  key: string;
  name: string;
  host: string;
  /** The id the splitter addresses it by (empty = the station's device id). */
  station?: string;
  /** Grid phases of the station's L1, L2, L3, e.g. "L1,L2,L3" or "L2". */
  phases: string;
  allowPhaseSwitching?: boolean;
  maxCurrent?: number;
  pollInterval?: number;
  credentials?: { username?: string; password?: string };
}

export interface ChainOptions {
  /** The Shelly meter input; omit it to feed the normalizer from elsewhere (MQTT). */
  meter?: ChainMeter;
  normalizer?: Record<string, unknown>;
  balancer: Record<string, unknown> & { limitA: number };
  surplus: Record<string, unknown> & { mode: 'off' | 'power' | 'hybrid' | 'green' };
  splitter?: Record<string, unknown>;
  stations: ChainStation[];
  /** Where the meter node sits; the chain runs to the right of it. */
  origin: Position;
}

export interface Chain {
  device?: FlowNode;
  meter?: FlowNode;
  normalizer: FlowNode;
  balancer: FlowNode;
  surplus: FlowNode;
  splitter: FlowNode;
  stations: FlowNode[];
}

/** Horizontal distance between the chain's nodes (the widest label fits). */
export const CHAIN_STEP_X = 210;
const STATION_STEP_Y = 60;


export function addChain(b: FlowBuilder, options: ChainOptions): Chain {
  const at = (column: number, dy = 0): Position => ({ x: options.origin.x + column * CHAIN_STEP_X, y: options.origin.y + dy });
  let device: FlowNode | undefined;
  let meter: FlowNode | undefined;
  if (options.meter) {
    const m = options.meter;
    device = b.config(
      'shelly-device',
      'lektrico-shelly-device',
      withDefaults('lektrico-shelly-device', {
        name: m.name,
        host: m.host,
        ...(m.transport ? { transport: m.transport } : {}),
        ...(m.pollInterval ? { pollInterval: m.pollInterval } : {}),
        ...(m.credentials ? { credentials: m.credentials } : {}),
      }),
    );
    meter = b.node('shelly-meter', 'lektrico-shelly-meter', withDefaults('lektrico-shelly-meter', { name: 'grid meter', device: device.id }), at(0));
  }
  const normalizer = b.node('normalizer', 'lektrico-normalizer', withDefaults('lektrico-normalizer', { ...options.normalizer }), at(1));
  const balancer = b.node('load-balancer', 'lektrico-load-balancer', withDefaults('lektrico-load-balancer', options.balancer), at(2));
  const surplus = b.node('pv-surplus', 'lektrico-pv-surplus', withDefaults('lektrico-pv-surplus', options.surplus), at(3));
  const splitter = b.node('power-splitter', 'lektrico-power-splitter', withDefaults('lektrico-power-splitter', { ...options.splitter }), at(4), 2);
  const firstDy = -((options.stations.length - 1) * STATION_STEP_Y) / 2;
  const stations = options.stations.map((s, i) =>
    b.node(
      `station-${s.key}`,
      'lektrico-station',
      withDefaults('lektrico-station', {
        name: s.name,
        host: s.host,
        station: s.station ?? '',
        phases: s.phases,
        allowPhaseSwitching: s.allowPhaseSwitching ?? false,
        ...(s.maxCurrent ? { maxCurrent: s.maxCurrent } : {}),
        ...(s.pollInterval ? { pollInterval: s.pollInterval } : {}),
        ...(s.credentials ? { credentials: s.credentials } : {}),
      }),
      at(5, firstDy + i * STATION_STEP_Y),
    ),
  );
  if (meter) b.wire(meter, normalizer);
  b.wire(normalizer, balancer);
  b.wire(balancer, surplus);
  b.wire(surplus, splitter);
  for (const station of stations) {
    b.wire(splitter, station, 0); // each station takes the commands addressed to it
    b.wire(station, balancer); // the cars' draw, so the balancer can tell house from cars
  }
  return { device, meter, normalizer, balancer, surplus, splitter, stations };
}
