/**
 * The Function nodes between the chain and the dashboard, as JavaScript source for the flow:
 * each turns one of the chain's messages into chart points (msg.topic = series, msg.payload = y)
 * or a line of text. Charts get at most one point per series every 2 s, so a day in the browser
 * stays light; currents keep the highest value of each interval, so thinning never hides a peak.
 */

/** Headroom → grid current per phase and the limit, A. */
export const GRID_CURRENT_FEED = `// Headroom from the load balancer → one point per phase and one for the limit.
// At most every 2 s, with the highest current seen meanwhile, so no peak is hidden.
const h = msg.payload;
if (!h || h.kind !== 'headroom' || !Array.isArray(h.phases) || h.phases.length === 0) return null;
const peak = context.get('peak') || {};
for (const p of h.phases) peak[p.phase] = Math.max(peak[p.phase] ?? -Infinity, p.gridCurrentA);
const now = Date.now();
if (now - (context.get('sent') || 0) < 2000) {
    context.set('peak', peak);
    return null;
}
context.set('sent', now);
context.set('peak', {});
const points = Object.keys(peak).sort().map((phase) => ({ topic: phase, payload: Math.round(peak[phase] * 10) / 10 }));
points.push({ topic: 'limit', payload: h.phases[0].limitA });
return [points];
`;

/** Headroom + the PV meter's reading → PV, house, cars and grid power, kW. */
export function powerFeed(hasPvMeter: boolean): string {
  return `// Headroom (load balancer) and the PV meter's reading (normalizer) → PV, house, cars, grid in kW.
// The PV meter sees the inverter feed power out, so its power is negative: PV = −power.
// House = grid − cars + PV: what the household itself uses. The cars' telemetry lags the meter by
// up to one station poll, so a car that has just slowed down can make it dip below 0 for a moment.
const HAS_PV_METER = ${hasPvMeter};
const p = msg.payload || {};
if (p.kind !== 'headroom') {
    if (typeof p.power === 'number') context.set('pvW', Math.max(0, -p.power));
    return null;
}
const pvW = context.get('pvW');
if (HAS_PV_METER && pvW === undefined) return null; // same series order on every start
const now = Date.now();
if (now - (context.get('sent') || 0) < 2000) return null;
context.set('sent', now);
const kw = (w) => Math.round(w / 10) / 100;
const points = [];
if (HAS_PV_METER) {
    points.push({ topic: 'PV', payload: kw(pvW) });
    points.push({ topic: 'house', payload: kw(Math.max(0, p.gridPowerW - p.carPowerW + pvW)) });
}
points.push({ topic: 'cars', payload: kw(p.carPowerW) });
points.push({ topic: 'grid', payload: kw(p.gridPowerW) });
return [points];
`;
}

/** Station telemetry → what each car draws and what its station allows, A. */
export const CAR_CURRENT_FEED = `// Station telemetry → per station: the current the car draws (highest phase) and the
// current the station allows it (its dynamic limit, what the chain commanded).
const t = msg.payload;
if (!t || t.kind !== 'station-telemetry') return null;
const drawn = t.currentsA && t.currentsA.length ? Math.max(...t.currentsA) : 0;
const allowed = t.online ? (t.dynamicCurrentA ?? 0) : 0;
return [[
    { topic: t.station + ' draws', payload: Math.round(drawn * 10) / 10 },
    { topic: t.station + ' allowed', payload: allowed },
]];
`;

/** ChargingTarget → one line: the mode and why the cars get what they get. */
export const MODE_TEXT_FEED = `// Charging target (PV surplus) → "Green · 2.3 kW surplus for 1 car · start in 4 s".
const t = msg.payload;
if (!t || t.kind !== 'charging-target') return null;
const mode = t.mode.charAt(0).toUpperCase() + t.mode.slice(1);
const timer = t.timer ? ' · ' + t.timer.action.replace(/-/g, ' ') + ' in ' + t.timer.remainingS + ' s' : '';
const text = mode + ' · ' + t.reason + timer;
if (text === context.get('text')) return null;
context.set('text', text);
return { payload: text };
`;

/** ChargingTarget → the mode, so the dashboard's buttons show the one in force. */
export const MODE_BUTTON_FEED = `// Charging target → its mode, only when it changes: the button group then shows the mode
// in force (after a deploy, or when an inject node changed it).
const mode = msg.payload && msg.payload.mode;
if (!mode || mode === context.get('mode')) return null;
context.set('mode', mode);
return { payload: mode };
`;

/** Station telemetry → one line for all stations: "garage: charging 16 A 3p · carport: paused". */
export const STATION_TEXT_FEED = `// Station telemetry → one line with every station's state.
const t = msg.payload;
if (!t || t.kind !== 'station-telemetry') return null;
const states = context.get('states') || {};
const drawn = t.currentsA && t.currentsA.length ? Math.max(...t.currentsA) : 0;
states[t.station] = t.charging ? t.state + ' ' + drawn.toFixed(1) + ' A ' + t.activePhases + 'p' : t.state.replace(/_/g, ' ');
context.set('states', states);
const text = Object.keys(states).sort().map((s) => s + ': ' + states[s]).join(' · ');
if (text === context.get('text')) return null;
context.set('text', text);
return { payload: text };
`;

/** Inject tick → the simulated time of day, from the demo's site (global context), if any. */
export const SIM_TIME_FEED = `// The demo's simulated clock (set by npm start in the global context); real devices: the wall clock.
const site = global.get('lektricoDemo');
msg.payload = site ? site.timeOfDay() + ' (simulated, ' + site.speed + '× faster)' : new Date().toTimeString().slice(0, 5);
return msg;
`;
