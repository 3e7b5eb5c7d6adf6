/**
 * Rescaling a measured PV shape to a chosen system size. A fixed-tilt array rarely delivers its
 * nameplate power: on a clear day the AC peak is about 85 % of kWp (temperature, inverter and
 * wiring losses), so "scale to X kWp" means "the trace's highest value becomes 0.85 · X kW".
 */
export const PV_PEAK_W_PER_KWP = 850;
export const DEFAULT_PV_KWP = 8;

/** The factor that maps a trace whose highest value is tracePeakW onto a kWp system. */
export function pvScaleFactor(tracePeakW: number, kWp: number): number {
  return tracePeakW > 0 ? (kWp * PV_PEAK_W_PER_KWP) / tracePeakW : 0;
}
