import type { ShellyIdentity } from '../../lib/shelly/identify';
import type { ConnectionState } from '../../lib/shelly/meter-connection';
import type { ShellyTransport } from '../../lib/shelly/meter-reading';
import type { ShellyError } from '../../lib/shelly/shelly-error';
import { localDecimals, type Translate } from '../common/i18n';
import type { NodeStatus } from '../common/node-red';
import { formatAge, status } from '../common/status';

/** "ws" / "http": the transport as the status line shows it. */
export function transportLabel(transport: ShellyTransport): string {
  return transport === 'rpc-websocket' ? 'ws' : 'http';
}

/** "Pro 3EM": the product name without the brand, short enough for a status line. */
export function shortModelName(identity: Pick<ShellyIdentity, 'modelName'>): string {
  return identity.modelName.replace(/^Shelly\s+/i, '');
}

/** Who the meter node talks to, for its texts. */
export interface MeterContext {
  /** The device config node's host, as configured. */
  hostLabel: string;
  /** A password is configured: a 401 means a wrong one, not a missing one. */
  hasPassword: boolean;
  /** Gen1 Basic-auth user (Gen2+ always uses admin). */
  username: string;
  t: Translate;
}

/**
 * The status line of a failure, in the runtime's language: the common kinds (unreachable,
 * timeout, credentials, not a Shelly, no meter) in words of the catalogue, anything else as
 * lib's English reason in a translated frame. The full message goes to node.error.
 */
export function failureStatusText(error: ShellyError, identity: ShellyIdentity | undefined, context: MeterContext): string {
  const { t, hostLabel } = context;
  switch (error.kind) {
    case 'unreachable':
      return t('lektrico-shelly-meter.status.failure.unreachable', { host: hostLabel, reason: error.reason });
    case 'timeout':
      return t('lektrico-shelly-meter.status.failure.timeout', { host: hostLabel });
    case 'auth': {
      if (!context.hasPassword) return t('lektrico-shelly-meter.status.failure.passwordMissing');
      const user = identity?.generation === 1 ? context.username : 'admin';
      return t('lektrico-shelly-meter.status.failure.passwordWrong', { user });
    }
    case 'not-shelly':
      return t('lektrico-shelly-meter.status.failure.notShelly', { host: hostLabel });
    case 'no-meter':
      return t('lektrico-shelly-meter.status.failure.noMeter', { model: identity ? shortModelName(identity) : hostLabel });
    default:
      return t('lektrico-shelly-meter.status.failure.other', { reason: error.reason });
  }
}

/** The message a Catch node receives for a failure: a translated sentence with lib's full English message. */
export function failureErrorText(error: ShellyError, context: MeterContext): string {
  const { t, hostLabel } = context;
  const params = { host: hostLabel, detail: error.message };
  switch (error.kind) {
    case 'unreachable':
      return t('lektrico-shelly-meter.error.unreachable', params);
    case 'timeout':
      return t('lektrico-shelly-meter.error.timeout', params);
    case 'auth':
      return t('lektrico-shelly-meter.error.auth', params);
    case 'not-shelly':
      return t('lektrico-shelly-meter.error.notShelly', params);
    case 'no-meter':
      return t('lektrico-shelly-meter.error.noMeter', params);
    default:
      return t('lektrico-shelly-meter.error.other', params);
  }
}

/**
 * The meter node's status: green "Pro 3EM · Gen2 · ws · 0.4 s" with the age of the last reading,
 * yellow ring while connecting (or connected with no reading yet), red ring with the reason on failure.
 */
export function meterNodeStatus(state: ConnectionState, lastReadingAt: number | undefined, nowMs: number, context: MeterContext): NodeStatus {
  const { t, hostLabel } = context;
  switch (state.state) {
    case 'connected': {
      const device = { model: shortModelName(state.identity), generation: state.identity.generation, transport: transportLabel(state.transport) };
      if (lastReadingAt === undefined) return status.waiting(t('lektrico-shelly-meter.status.noReadingYet', device));
      return status.ok(t('lektrico-shelly-meter.status.reading', { ...device, age: localDecimals(t, 'lektrico-shelly-meter', formatAge(Math.max(0, nowMs - lastReadingAt))) }));
    }
    case 'connecting':
      return status.waiting(
        state.attempt > 1 ? t('lektrico-shelly-meter.status.reconnecting', { host: hostLabel }) : t('lektrico-shelly-meter.status.connecting', { host: hostLabel }),
      );
    case 'error':
      return status.error(failureStatusText(state.error, state.identity, context));
    case 'closed':
      return status.idle(t('lektrico-shelly-meter.status.closed'));
    default:
      return status.idle(t('lektrico-shelly-meter.status.idle'));
  }
}
