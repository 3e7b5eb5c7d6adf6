import { isExternalLimit } from './limit-reasons';
import type { StationTelemetry } from './station-telemetry';

/** A node status in words: the node maps the tone to Node-RED's colours. */
export interface StatusView {
  tone: 'ok' | 'idle' | 'waiting' | 'warning' | 'error';
  text: string;
}

/** "0.4 s", "8 s", "2 min": a delay short enough for a status line. */
export function formatDelay(ms: number): string {
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

function amps(value: number): string {
  return `${Math.round(value * 10) / 10} A`;
}

/**
 * The status of a station that answered: "charging 16 A · 3p", "charging 6 A · 1p · limit em",
 * "paused", "no car", red with the error names. The current shown is what the car is offered
 * (pwm_current) when the firmware reports it.
 */
export function describeTelemetry(t: StationTelemetry): StatusView {
  const limit = isExternalLimit(t.limitReason) ? ` · limit ${t.limitReason.name}` : '';
  switch (t.state) {
    case 'charging': {
      const offered = t.pwmCurrentA ?? t.dynamicCurrentA;
      const current = offered !== undefined ? ` ${amps(offered)}` : '';
      return { tone: 'ok', text: `charging${current} · ${t.activePhases}p${limit}` };
    }
    case 'paused':
      return { tone: 'idle', text: `paused${limit}` };
    case 'paused_by_scheduler':
      return { tone: 'idle', text: 'paused by schedule' };
    case 'available':
      return { tone: 'idle', text: 'no car' };
    case 'connected':
      return { tone: 'waiting', text: `car connected${limit}` };
    case 'need_auth':
      return { tone: 'waiting', text: 'car waiting for authorisation' };
    case 'updating_firmware':
      return { tone: 'warning', text: 'updating firmware' };
    case 'locked':
      return { tone: 'warning', text: 'station locked' };
    case 'error':
      return { tone: 'error', text: `station error${t.errors.length > 0 ? `: ${t.errors.join(', ')}` : ''}` };
    case 'offline':
      return { tone: 'error', text: 'offline' };
    default:
      return { tone: 'warning', text: 'unknown state' };
  }
}

/** A cycle that failed: "offline: ECONNREFUSED · retry in 4 s", "HTTP 500 · retry in 2 s". */
export function describeFailure(reason: string, retryInMs: number): StatusView {
  return { tone: 'error', text: `${reason} · retry in ${formatDelay(retryInMs)}` };
}
