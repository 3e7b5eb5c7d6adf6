import type { CanonicalReading } from '../../lib/reading/canonical-reading';
import { localDecimals, type Translate } from '../common/i18n';

/** "850 W", "2.4 kW": a power magnitude short enough for a status line. */
export function formatPowerW(watts: number): string {
  const magnitude = Math.abs(watts);
  return magnitude < 1000 ? `${Math.round(magnitude)} W` : `${(magnitude / 1000).toFixed(1)} kW`;
}

/** Below half a watt the grid is balanced: neither import nor export is worth a sign. */
const BALANCED_W = 0.5;

/** "+2.4 kW import", "−1.2 kW export", "0 W": the grid power with its direction (+ import, − export). */
function gridPowerText(powerW: number, t: Translate): string {
  const power = localDecimals(t, 'lektrico-normalizer', formatPowerW(powerW));
  if (powerW >= BALANCED_W) return t('lektrico-normalizer.status.import', { power });
  if (powerW <= -BALANCED_W) return t('lektrico-normalizer.status.export', { power });
  return t('lektrico-normalizer.status.balanced');
}

/**
 * The green status after a reading: "3 phases · +2.4 kW import", with " · EV 7.0 kW" when the EV
 * sub-meter output carries a reading too.
 */
export function readingStatusText(grid: CanonicalReading | undefined, ev: CanonicalReading | undefined, t: Translate): string {
  const parts: string[] = [];
  if (grid) {
    const phases = grid.phases.length;
    parts.push(phases === 1 ? t('lektrico-normalizer.status.onePhase') : t('lektrico-normalizer.status.phases', { count: phases }));
    parts.push(gridPowerText(grid.power, t));
  }
  if (ev) parts.push(t('lektrico-normalizer.status.ev', { power: localDecimals(t, 'lektrico-normalizer', formatPowerW(ev.power)) }));
  return parts.join(' · ');
}
