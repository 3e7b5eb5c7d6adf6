import type { NodeStatus } from './node-red';

/**
 * Fixed status meanings across the package (Node-RED conventions):
 * green dot = working, yellow ring = connecting / waiting / degraded, red ring = error,
 * blue dot = busy, grey ring = idle or disabled.
 */
const MAX_STATUS_TEXT = 48;

function clip(text: string): string {
  return text.length > MAX_STATUS_TEXT ? `${text.slice(0, MAX_STATUS_TEXT - 1)}…` : text;
}

export const status = {
  ok: (text: string): NodeStatus => ({ fill: 'green', shape: 'dot', text: clip(text) }),
  waiting: (text: string): NodeStatus => ({ fill: 'yellow', shape: 'ring', text: clip(text) }),
  warning: (text: string): NodeStatus => ({ fill: 'yellow', shape: 'dot', text: clip(text) }),
  error: (text: string): NodeStatus => ({ fill: 'red', shape: 'ring', text: clip(text) }),
  busy: (text: string): NodeStatus => ({ fill: 'blue', shape: 'dot', text: clip(text) }),
  idle: (text: string): NodeStatus => ({ fill: 'grey', shape: 'ring', text: clip(text) }),
  clear: (): NodeStatus => ({}),
};

/** "3 s", "2 min", "1 h": an age short enough for a status line. */
export function formatAge(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}

/** "1:20", "0:05", "1:02:03": the time left on a running timer, as a countdown reads. */
export function formatCountdown(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const whole = Math.ceil(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
