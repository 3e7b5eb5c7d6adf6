/**
 * A simulated home for the demo, the fault tests and the soak tests: household load and PV from
 * the built-in model or a replayed recording, a Shelly meter at the grid connection, optionally a
 * Shelly on the PV inverter, and LEKTRI.CO stations with cars, all on 127.0.0.1.
 *
 *   const home = chooseHome({ trace: 'builtin', sharedDataDir: path.join(sharedDir(), 'data') });
 *   const clock = acceleratedClock(home.dayStartMs + parseTimeOfDay('09:00'), 144); // a day in 10 min
 *   const site = await SimulatedSite.start({
 *     home: home.source, clock,
 *     meter: { model: 'SPEM-003CEBEU' },                       // site.meter.host for the Shelly device node
 *     stations: [{ simulator: { type: '3p22k', car: { maxCurrentA: 32 } }, gridPhases: ['L1', 'L2', 'L3'] }],
 *   });
 *   site.snapshot.gridA;                                       // what the meter shows now, A per phase
 *   await site.stop();
 */
export { chooseHome, availableSharedTraces, SHARED_TRACES, type HomeChoice, type HomeChoiceOptions, type SharedTrace } from './home-sources';
export { LoopedHome } from './looped-home';
export { foldPhases, meterPoints } from './meter-points';
export { SimulatedSite, type SimulatedSiteOptions, type SiteSnapshot, type SiteStation } from './simulated-site';
export { stationGridW } from './station-draw';
export { formatTimeOfDay, parseTimeOfDay } from './time-of-day';
