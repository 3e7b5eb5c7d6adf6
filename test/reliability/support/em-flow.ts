import type { FlowNode, NodeModule } from '../../support/node-red-helper';
import deviceRegister = require('../../../nodes/shelly-device/shelly-device');
import meterRegister = require('../../../nodes/shelly-meter/shelly-meter');
import normalizerRegister = require('../../../nodes/normalizer/normalizer');
import balancerRegister = require('../../../nodes/load-balancer/load-balancer');
import surplusRegister = require('../../../nodes/pv-surplus/pv-surplus');
import splitterRegister = require('../../../nodes/power-splitter/power-splitter');
import stationRegister = require('../../../nodes/lektri-station/lektri-station');

/**
 * The whole energy manager as one flow, as a user wires it: Shelly device (config) → Shelly meter
 * → normalizer → load balancer → PV surplus → power splitter → LEKTRI.CO station(s), every
 * station's telemetry back into the load balancer. Node settings are the nodes' own property names;
 * what a test leaves out keeps the node's default. Several sites can share one flow (ids carry the
 * site's prefix). With `taps`, helper nodes listen on every output and a Catch node collects the
 * errors (the test helper's runtime only: a real Node-RED has no "helper" type).
 */
export interface EmFlowStation {
  /** Local key (the node id is `<site>-st-<key>`). */
  key: string;
  host: string;
  /** Grid phases of the station's L1, L2, L3 ("L1,L2,L3", "L2"). */
  phases: string;
  [setting: string]: unknown;
}

export interface EmFlowOptions {
  /** Prefix of every node id (default "em"). */
  site?: string;
  /** The Shelly to read; without one the normalizer waits for messages sent to it (fuzz tests). */
  meter?: { host: string; [setting: string]: unknown };
  normalizer?: Record<string, unknown>;
  balancer?: Record<string, unknown>;
  surplus?: Record<string, unknown>;
  splitter?: Record<string, unknown>;
  stations: EmFlowStation[];
  taps?: boolean;
  /** Credentials put inline on the config/station nodes (admin API deploys store them encrypted). */
  inlineCredentials?: Record<string, Record<string, string>>;
}

export interface EmFlowIds {
  tab: string;
  device: string;
  meter: string;
  normalizer: string;
  balancer: string;
  surplus: string;
  splitter: string;
  stations: string[];
  /** Helper node ids when taps are on. */
  taps: { reading: string; headroom: string; target: string; commands: string; allocation: string; telemetry: string; errors: string };
}

/** Node ids of a site's flow, without building it. */
export function emFlowIds(site = 'em', stationKeys: string[] = []): EmFlowIds {
  const id = (name: string): string => `${site}-${name}`;
  return {
    tab: id('tab'),
    device: id('dev'),
    meter: id('meter'),
    normalizer: id('norm'),
    balancer: id('lb'),
    surplus: id('pv'),
    splitter: id('sp'),
    stations: stationKeys.map((k) => id(`st-${k}`)),
    taps: {
      reading: id('t-reading'),
      headroom: id('t-headroom'),
      target: id('t-target'),
      commands: id('t-cmd'),
      allocation: id('t-alloc'),
      telemetry: id('t-tele'),
      errors: id('t-err'),
    },
  };
}

export function emFlow(options: EmFlowOptions): { nodes: FlowNode[]; ids: EmFlowIds } {
  const ids = emFlowIds(options.site, options.stations.map((s) => s.key));
  const taps = options.taps === true;
  const z = ids.tab;
  const creds = (id: string): Record<string, unknown> =>
    options.inlineCredentials?.[id] ? { credentials: options.inlineCredentials[id] } : {};
  const tap = (id: string): string[] => (taps ? [id] : []);
  const meter: FlowNode[] = options.meter
    ? [
        { id: ids.device, type: 'lektrico-shelly-device', name: 'grid meter', transport: 'auto', pollInterval: 1, timeout: 5, ...options.meter, ...creds(ids.device) },
        { id: ids.meter, type: 'lektrico-shelly-meter', z, device: ids.device, wires: [[ids.normalizer]] },
      ]
    : [];
  const nodes: FlowNode[] = [
    { id: z, type: 'tab', label: `EM ${options.site ?? 'em'}` },
    ...meter,
    { id: ids.normalizer, type: 'lektrico-normalizer', z, ...options.normalizer, wires: [[ids.balancer, ...tap(ids.taps.reading)]] },
    { id: ids.balancer, type: 'lektrico-load-balancer', z, ...options.balancer, wires: [[ids.surplus, ...tap(ids.taps.headroom)]] },
    { id: ids.surplus, type: 'lektrico-pv-surplus', z, mode: 'power', ...options.surplus, wires: [[ids.splitter, ...tap(ids.taps.target)]] },
    { id: ids.splitter, type: 'lektrico-power-splitter', z, ...options.splitter, wires: [[...ids.stations, ...tap(ids.taps.commands)], tap(ids.taps.allocation)] },
    ...options.stations.map((s, i): FlowNode => {
      const { key: _key, ...settings } = s;
      return { id: ids.stations[i], type: 'lektrico-station', z, ...settings, ...creds(ids.stations[i]), wires: [[ids.balancer, ...tap(ids.taps.telemetry)]] };
    }),
  ];
  if (taps) {
    for (const helperId of Object.values(ids.taps)) nodes.push({ id: helperId, type: 'helper', z });
    nodes.push({ id: `${options.site ?? 'em'}-catch`, type: 'catch', z, scope: null, uncaught: false, wires: [[ids.taps.errors]] });
  }
  return { nodes, ids };
}

/**
 * A Shelly read and normalized but not used for control (a PV or sub-meter, as a dashboard would
 * show it): device config node, meter node and normalizer, on the site's tab.
 */
export function meterOnlyFlow(site: string, key: string, meter: { host: string; [setting: string]: unknown }): FlowNode[] {
  const z = emFlowIds(site).tab;
  const id = (name: string): string => `${site}-${key}-${name}`;
  return [
    { id: id('dev'), type: 'lektrico-shelly-device', name: key, transport: 'auto', pollInterval: 1, timeout: 5, ...meter },
    { id: id('meter'), type: 'lektrico-shelly-meter', z, device: id('dev'), wires: [[id('norm')]] },
    { id: id('norm'), type: 'lektrico-normalizer', z, wires: [[]] },
  ];
}

/** The seven node types of the chain, for helper.load. */
export const EM_NODE_MODULES: NodeModule[] = [
  deviceRegister,
  meterRegister,
  normalizerRegister,
  balancerRegister,
  surplusRegister,
  splitterRegister,
  stationRegister,
];
