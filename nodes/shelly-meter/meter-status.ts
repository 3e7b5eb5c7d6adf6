import type { ShellyIdentity } from '../../lib/shelly/identify';
import type { ConnectionState } from '../../lib/shelly/meter-connection';
import type { ShellyTransport } from '../../lib/shelly/meter-reading';
import { formatAge, status } from '../common/status';
import type { NodeStatus } from '../common/node-red';

/** "ws" / "http": the transport as the status line shows it. */
export function transportLabel(transport: ShellyTransport): string {
  return transport === 'rpc-websocket' ? 'ws' : 'http';
}

/** "Pro 3EM": the product name without the brand, short enough for a status line. */
export function shortModelName(identity: Pick<ShellyIdentity, 'modelName'>): string {
  return identity.modelName.replace(/^Shelly\s+/i, '');
}

/**
 * The meter node's status: green "Pro 3EM · Gen2 · ws · 0.4 s" with the age of the last reading,
 * yellow ring while connecting (or connected with no reading yet), red ring with the reason on failure.
 */
export function meterNodeStatus(state: ConnectionState, hostLabel: string, lastReadingAt: number | undefined, nowMs: number): NodeStatus {
  switch (state.state) {
    case 'connected': {
      const parts = [shortModelName(state.identity), `Gen${state.identity.generation}`, transportLabel(state.transport)];
      if (lastReadingAt === undefined) return status.waiting(`${parts.join(' · ')} · no reading yet`);
      return status.ok(`${parts.join(' · ')} · ${formatAge(Math.max(0, nowMs - lastReadingAt))}`);
    }
    case 'connecting':
      return status.waiting(state.attempt > 1 ? `reconnecting to ${hostLabel}…` : `connecting to ${hostLabel}…`);
    case 'error':
      return status.error(state.error.reason); // the full message goes to node.error
    case 'closed':
      return status.idle('closed');
    default:
      return status.idle('idle');
  }
}
