/** Real-socket Shelly device simulators (tests, demo, benchmark). */
export { SIMULATED_SHELLY_MODELS, type MeterProfile, type SimulatedShellyModel } from './families';
export type { PointSetting } from './measuring-point';
export type { FaultKind, SimulatedFault } from './faults';
export type { NotifyThreshold } from './status-notifier';
export { DEFAULT_NOTIFY_THRESHOLD } from './status-notifier';
export { ShellySimulator, type ShellySimulatorOptions } from './simulator';
export { startNonShellyServer, type NonShellyServer } from './non-shelly-server';
