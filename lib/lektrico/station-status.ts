import { isExternalLimit } from './limit-reasons';
import { LektricoRpcError, RPC_ERROR_MEANINGS } from './rpc-error';
import { offeredCurrentA, type StationTelemetry } from './station-telemetry';
import { LektricoTransportError, shortReasonOf } from './transport-error';

/**
 * The same status as facts, for a node to word in its user's language: a catalogue key (below
 * the node's `status.` keys) and the values to fill in. A value that is itself a StatusMessage is
 * worded first (a limit's name, an RPC error's meaning).
 */
export interface StatusMessage {
  key: string;
  params?: Record<string, StatusParam>;
}
export type StatusParam = string | number | StatusMessage;

/** A node status in words (plain English): the node maps the tone to Node-RED's colours. */
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

/** "11.0": kW with one decimal, for a status line. */
function kilowatts(powerW: number): string {
  return (Math.max(0, powerW) / 1000).toFixed(1);
}

/** The binding cap's name as a catalogue key (`limit.overtemperature`). */
function limitMessage(t: StationTelemetry): StatusMessage {
  return { key: `limit.${t.limitReason.name}` };
}

/** What the station does and why, as catalogue facts (describeTelemetry says it in plain English). */
export function telemetryMessage(t: StationTelemetry): StatusMessage {
  const limited = isExternalLimit(t.limitReason);
  switch (t.state) {
    case 'charging': {
      const offered = offeredCurrentA(t);
      const params = { current: offered !== undefined ? amps(offered) : '?', phases: t.activePhases, power: kilowatts(t.powerW) };
      return limited ? { key: 'chargingLimited', params: { ...params, limit: limitMessage(t) } } : { key: 'charging', params };
    }
    case 'paused':
      if (t.dynamicCurrentA === 0) return { key: 'pausedByChain' };
      return limited ? { key: 'pausedLimited', params: { limit: limitMessage(t) } } : { key: 'paused' };
    case 'connected':
      return limited ? { key: 'connectedLimited', params: { limit: limitMessage(t) } } : { key: 'connected' };
    case 'error':
      return t.errors.length > 0 ? { key: 'stationErrors', params: { errors: t.errors.join(', ') } } : { key: 'stationError' };
    case 'available':
      return { key: 'noCar' };
    case 'paused_by_scheduler':
      return { key: 'pausedBySchedule' };
    case 'need_auth':
      return { key: 'needAuth' };
    case 'updating_firmware':
      return { key: 'updatingFirmware' };
    case 'locked':
      return { key: 'locked' };
    case 'offline':
      return { key: 'offline' };
    default:
      return { key: 'unknownState' };
  }
}

/**
 * The status of a station that answered: "charging 16 A · 3p", "charging 6 A · 1p · limit em",
 * "paused", "no car", red with the error names. The current shown is what the car is offered
 * (pwm_current) when the firmware reports it.
 */
export function describeTelemetry(t: StationTelemetry): StatusView {
  const view = (tone: StatusView['tone'], text: string): StatusView => ({ tone, text });
  const limit = isExternalLimit(t.limitReason) ? ` · limit ${t.limitReason.name}` : '';
  switch (t.state) {
    case 'charging': {
      const offered = offeredCurrentA(t);
      const current = offered !== undefined ? ` ${amps(offered)}` : '';
      return view('ok', `charging${current} · ${t.activePhases}p${limit}`);
    }
    case 'paused':
      return view('idle', `paused${limit}`);
    case 'paused_by_scheduler':
      return view('idle', 'paused by schedule');
    case 'available':
      return view('idle', 'no car');
    case 'connected':
      return view('waiting', `car connected${limit}`);
    case 'need_auth':
      return view('waiting', 'car waiting for authorisation');
    case 'updating_firmware':
      return view('warning', 'updating firmware');
    case 'locked':
      return view('warning', 'station locked');
    case 'error':
      return view('error', `station error${t.errors.length > 0 ? `: ${t.errors.join(', ')}` : ''}`);
    case 'offline':
      return view('error', 'offline');
    default:
      return view('warning', 'unknown state');
  }
}

/**
 * Why a station could not be read, as catalogue facts: unreachable, no answer, refused
 * credentials, an HTTP error, a reply that is not the station API.
 */
export function failureCause(err: unknown): StatusMessage {
  if (err instanceof LektricoTransportError) {
    switch (err.kind) {
      case 'network':
        return { key: 'failure.unreachable', params: { detail: shortReasonOf(err) } };
      case 'timeout':
        return { key: 'failure.timeout' };
      case 'auth':
        return { key: 'failure.auth' };
      case 'http':
        return { key: 'failure.http', params: { status: err.httpStatus ?? '?' } };
      case 'content-type':
        return { key: 'failure.notJson' };
      case 'protocol':
        return { key: 'failure.badReply' };
      case 'aborted':
        return { key: 'failure.closed' };
    }
  }
  return { key: 'failure.other', params: { detail: err instanceof Error ? err.message : String(err) } };
}

/** A cycle that failed: "offline: ECONNREFUSED · retry in 4 s", "HTTP 500 · retry in 2 s". */
export function describeFailure(reason: string, retryInMs: number): StatusView {
  return { tone: 'error', text: `${reason} · retry in ${formatDelay(retryInMs)}` };
}

/** describeFailure as catalogue facts: the cause (failureCause) and the delay. */
export function failureMessage(cause: StatusMessage, retryInMs: number): StatusMessage {
  return { key: 'retry', params: { cause, delay: formatDelay(retryInMs) } };
}

/**
 * Why a write got no usable answer from a station whose reads work, in words and as catalogue
 * facts: as failureCause, but without calling the station offline.
 */
function writeFailure(err: LektricoTransportError): { text: string; message: StatusMessage } {
  if (err.kind === 'timeout') return { text: 'no answer', message: { key: 'failure.noAnswer' } };
  if (err.kind === 'network') {
    const detail = shortReasonOf(err);
    return { text: `connection failed · ${detail}`, message: { key: 'failure.connection', params: { detail } } };
  }
  return { text: shortReasonOf(err), message: failureCause(err) };
}

/**
 * A write the station answered and refused (an error frame, result false), rather than one that
 * got no usable answer (a transport error: it may still have landed, and is sent again).
 */
export function isRefusal(error: Error): boolean {
  return !(error instanceof LektricoTransportError);
}

/**
 * A current the station did not apply, as a status: refused ("refused 16 A: -4 integer out of
 * range", an error frame or result false), or not sent ("could not send 16 A: timeout", no usable
 * answer to the write: "could not send 16 A: no answer").
 */
export function notAppliedStatus(currentA: number, error: Error): { view: StatusView; message: StatusMessage } {
  if (error instanceof LektricoTransportError) {
    const why = writeFailure(error);
    return {
      view: { tone: 'error', text: `could not send ${currentA} A: ${why.text}` },
      message: { key: 'notSent', params: { current: currentA, why: why.message } },
    };
  }
  const why = error instanceof LektricoRpcError ? `${error.code} ${error.meaning}` : 'not applied';
  const whyMessage: StatusParam =
    error instanceof LektricoRpcError
      ? error.code in RPC_ERROR_MEANINGS
        ? { key: 'rpcError', params: { code: error.code, meaning: { key: `rpcMeaning.${error.code}` } } }
        : why
      : { key: 'notApplied' };
  return {
    view: { tone: 'error', text: `refused ${currentA} A: ${why}` },
    message: { key: 'refused', params: { current: currentA, why: whyMessage } },
  };
}
