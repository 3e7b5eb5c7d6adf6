/**
 * LEKTRI.CO station + car simulators for the tests, the demo and the benchmark.
 *
 * Over HTTP (the station node talks to it like to a real unit, on 127.0.0.1):
 *   const sim = new StationSimulator({ type: '3p22k', car: { maxCurrentA: 16, phases: 3, drawRatio: 0.97 } });
 *   await sim.start();                       // sim.host = "127.0.0.1:<port>" for the node's host setting
 *   sim.model.unplugCar(); sim.model.plugCar({ phases: 1 });
 *   sim.model.setCaps({ installCurrentA: 16 }); // limit reason 1 binds below that
 *   sim.reboot(); sim.setOffline(true); sim.injectFault({ kind: 'http-500' });
 *   sim.framesOf('dynamic_current.set');     // what it received
 *   await sim.stop();
 *
 * Without HTTP, in simulated time (the benchmark):
 *   const clock = new ManualClock(0);
 *   const station = new StationModel({ type: '1p7k', clock: clock.now, car: { reactionDelayMs: 3000 } });
 *   station.call('dynamic_current.set', { dynamic_current: 10 });
 *   clock.advance(5000);
 *   station.read('charger_info.get');        // or station.currentsA(), station.powerW()
 */
export { CarModel, type CarBattery, type CarOptions } from './car-model';
export { MdnsAnnouncer, type AnnouncedService } from './mdns-announcer';
export { RpcFault, StationModel, ACTIVE_ERROR_FLAGS, type ActiveErrorFlag, type SimStationType, type StationModelOptions } from './station-model';
export { StationSimulator, type SimCall, type SimFault, type StationSimulatorOptions } from './station-simulator';
