/**
 * Real-socket Shelly device simulators for the tests, the demo and the benchmark.
 *
 *   const sim = await ShellySimulator.start({ model: 'SPEM-003CEBEU', password: 'secret', clock: manual.now });
 *   sim.setPhases([{ powerW: 2300 }, { powerW: -800 }, { powerW: 150, pf: 0.9 }]); // A, B, C; negative = export
 *   // GET http://${sim.host}/shelly, /rpc/Shelly.GetStatus, ws://${sim.host}/rpc …
 *   await sim.stop();
 *
 * One class for every family; the families differ only in their row of families.ts.
 */
export { SIMULATED_SHELLY_MODELS, type MeterProfile, type SimulatedShellyModel } from './families';
export type { PointSetting } from './measuring-point';
export type { FaultKind, SimulatedFault } from './faults';
export { DEFAULT_NOTIFY_THRESHOLD, type NotifyThreshold } from './status-notifier';
export { ShellySimulator, type ShellySimulatorOptions } from './simulator';
export { startNonShellyServer, type NonShellyServer } from './non-shelly-server';
