import { systemClock, type Clock } from '../clock';
import type { Backoff } from '../backoff';
import { stationBackoff } from './backoff';
import type { StationApi } from './client';
import { identifyDevice, isEmMeter, type DeviceIdentity } from './device-id';
import type { AppConfig } from './replies';
import { optionalRead } from './optional-read';
import { LektricoRpcError } from './rpc-error';
import { isStationCurrent, type RelayMode } from './station-current';
import { parseSetpoint, type Ownership, type Setpoint } from './station-input';
import type { StationSettings } from './station-settings';
import {
  describeFailure,
  describeTelemetry,
  failureCause,
  failureMessage,
  isRefusal,
  notAppliedStatus,
  telemetryMessage,
  type StatusMessage,
  type StatusView,
} from './station-status';
import type { StationTelemetry } from './station-telemetry';
import { stopCurrentA, type StopPolicy } from './stop-policy';
import { buildTelemetry, offlineTelemetry, readback, type StationReading, type TelemetryContext } from './telemetry';
import { LektricoTransportError, shortReasonOf } from './transport-error';

/** setTimeout, injectable so tests can run the retry schedule step by step. */
export interface Scheduler {
  schedule(run: () => void, delayMs: number): unknown;
  cancel(handle: unknown): void;
}

export const timerScheduler: Scheduler = {
  schedule: (run, delayMs) => setTimeout(run, delayMs),
  cancel: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** app_config holds install/user current; re-read now and then (read only, never written). */
export const APP_CONFIG_REFRESH_MS = 60_000;
/** A setpoint the station refused is not resent before this, unless the chain asks for another. */
export const REFUSED_RETRY_MS = 30_000;
/** ms the write on close may take: well within Node-RED's 15 s close timeout, whatever the client timeout. */
export const STOP_WRITE_DEADLINE_MS = 5000;
/** Station ids whose commands are held before the device id is known: a splitter feeds a few stations. */
export const MAX_HELD_STATIONS = 64;

export type ControllerSettings = Pick<
  StationSettings,
  'stationId' | 'gridPhases' | 'allowPhaseSwitching' | 'singlePhaseCar' | 'minCurrentA' | 'maxCurrentA' | 'pollIntervalMs' | 'chargeTag'
>;

export interface StationControllerOptions {
  api: StationApi;
  settings: ControllerSettings;
  clock?: Clock;
  scheduler?: Scheduler;
  /** Longest delay between retries of an unreachable station (default: 16 poll intervals, at most 30 s). */
  retryCapMs?: number;
  /** What to leave the station at on close (stop-policy.ts); without one, close() sends nothing. */
  onStop?: StopPolicy;
  /** How long the close-time write may take (default STOP_WRITE_DEADLINE_MS). */
  stopDeadlineMs?: number;
  onTelemetry: (telemetry: StationTelemetry) => void;
  /** The status in plain English, and the same as catalogue facts for a node to word in its user's language. */
  onStatus?: (view: StatusView, message: StatusMessage) => void;
  onLog?: (level: 'info' | 'warn', text: string) => void;
}

/** What became of a command. */
export type CommandOutcome =
  | { status: 'sent' } // the station accepted it
  | { status: 'unchanged' } // the station already had it: nothing sent
  | { status: 'refused'; error: Error } // an error frame or result false
  | { status: 'failed'; error: Error } // the write got no usable answer while reads work: sent again at the next poll
  | { status: 'queued-offline' } // the station is unreachable; it is sent on resync
  | { status: 'closed' };

/** What is written: the current, and the relay mode on a 3P22K. */
interface Target {
  currentA: number;
  relayMode?: RelayMode;
}
interface Readback {
  dynamicCurrentA?: number;
  relayMode?: number;
}

function sameTarget(a: Target, b: Target): boolean {
  return a.currentA === b.currentA && a.relayMode === b.relayMode;
}

/** The station reports exactly the target (unknown fields do not match). */
function readbackMatches(target: Target, rb: Readback): boolean {
  return rb.dynamicCurrentA === target.currentA && (target.relayMode === undefined || rb.relayMode === target.relayMode);
}

/** A field the station reported after our write now reads differently: rebooted or changed by someone else. */
function readbackDrifted(expected: Readback, now: Readback): boolean {
  const changed = (a?: number, b?: number): boolean => a !== undefined && b !== undefined && a !== b;
  return changed(expected.dynamicCurrentA, now.dynamicCurrentA) || changed(expected.relayMode, now.relayMode);
}

/** A device that is not a charging station (an EM meter at the configured host). */
class NotAStationError extends Error {
  constructor(readonly deviceId: string) {
    super(`${deviceId} is a LEKTRI.CO EM meter, not a charging station`);
  }
}

/**
 * Keeps one LEKTRI.CO station at what the chain wants and reports what it really does.
 *
 * Each cycle reads charger_info.get (plus dynamic_current.get on a 3P22K for relay_mode, and
 * active_errors.get when has_active_errors), writes dynamic_current only when the wanted value
 * differs from what the station reports or last accepted, re-reads after a write, and emits
 * telemetry. Cycles run every poll interval and right after each command. A read-back that
 * drifts from what the station accepted (a reboot resets the volatile dynamic current and
 * relay_mode) is re-applied. An unreachable station gives offline telemetry once, retries with
 * capped exponential backoff, and is resynchronised (the wanted setpoint re-sent) when it answers.
 */
export class StationController {
  private readonly api: StationApi;
  private readonly settings: ControllerSettings;
  private readonly clock: Clock;
  private readonly scheduler: Scheduler;
  private readonly backoff: Backoff;
  private readonly options: StationControllerOptions;

  private identity?: DeviceIdentity;
  private needsIdentify = true;
  private appConfig?: AppConfig;
  private appConfigAt = -Infinity;
  private reading?: StationReading;
  /** undefined until the first cycle ends. */
  private onlineState?: boolean;

  private wanted?: Setpoint;
  /** Phases last asked for by a command, kept when a later command omits them. */
  private wantedPhases?: 1 | 3;
  /** What the station accepted (or already had) and what it reported right after. */
  private applied?: Target & { readback: Readback };
  /** The station was unreachable: re-send the wanted setpoint when it answers. */
  private resync = false;
  /** The last write the station did not apply: refused (an error frame, result false) or failed (no usable answer). */
  private notApplied?: { target: Target; error: Error; at: number };
  /**
   * This node wrote to the station, or found it at what the chain wants: from then on close()
   * leaves it safe. A station the node never took over is left as it is.
   */
  private inCharge = false;
  /** The write in flight and not yet read back: the station may have applied it. */
  private writing?: Target;
  private lastCommand?: StationTelemetry['lastCommand'];
  /** StationCommands that came before the device id was known: the latest per station id, unvalidated. */
  private readonly held = new Map<string, Record<string, unknown>>();

  private timer?: unknown;
  private running = false;
  private rerun = false;
  private closed = false;
  /** Commands not yet seen by a write decision, and those the running cycle is deciding on. */
  private waiting: Array<(outcome: CommandOutcome) => void> = [];
  private handling: Array<(outcome: CommandOutcome) => void> = [];

  constructor(options: StationControllerOptions) {
    this.options = options;
    this.api = options.api;
    this.settings = options.settings;
    this.clock = options.clock ?? systemClock;
    this.scheduler = options.scheduler ?? timerScheduler;
    this.backoff = stationBackoff(options.settings.pollIntervalMs, options.retryCapMs);
  }

  /** Starts polling (the first cycle right away). */
  start(): void {
    this.requestCycle();
  }

  /**
   * Stops polling and aborts the request in flight; pending commands resolve as 'closed'. With a
   * stop policy, a station this node has commanded and that was reachable is then set to the
   * policy's safe current (never raised), within STOP_WRITE_DEADLINE_MS.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.cancelTimer();
    this.resolveWaiting([...this.handling.splice(0), ...this.waiting.splice(0)], { status: 'closed' });
    const policy = this.options.onStop;
    const currentA = policy && this.onlineState !== false ? stopCurrentA(policy, this.settings, this.knownCurrentA()) : undefined;
    if (currentA !== undefined) await this.writeOnStop(currentA);
    this.api.close();
  }

  /** The id the chain knows this station by: the configured one, else the device id once read. */
  get stationId(): string | undefined {
    return this.settings.stationId ?? this.identity?.deviceId;
  }

  /** true once the station answered, false while unreachable, undefined before the first attempt ends. */
  get online(): boolean | undefined {
    return this.onlineState;
  }

  /** Whose a StationCommand for `station` is: 'unknown' until our id is (configured, or read from the device). */
  ownerOf(station: string): Ownership {
    const own = this.stationId;
    return own === undefined ? 'unknown' : own === station ? 'ours' : 'other';
  }

  /**
   * Keeps a StationCommand whose owner is 'unknown' until the device id is read; then ours is
   * checked against the node's limits and applied, the others dropped. One is kept per station
   * id: the splitter sends each station's command in turn, and again only when it changes.
   */
  hold(station: string, command: Record<string, unknown>): void {
    this.held.delete(station); // re-set below as the newest
    if (this.held.size >= MAX_HELD_STATIONS) this.held.delete(this.held.keys().next().value as string);
    this.held.set(station, command);
  }

  /**
   * Asks for a setpoint (already validated by the caller against the node's limits). Resolves
   * after the cycle that handled it, or at once when the station is offline (it is kept and
   * sent on resync).
   */
  command(setpoint: Setpoint): Promise<CommandOutcome> {
    if (this.closed) return Promise.resolve({ status: 'closed' });
    if (!isStationCurrent(setpoint.currentA)) {
      return Promise.reject(new RangeError(`current ${String(setpoint.currentA)} A is not 0 or an integer 6…32`));
    }
    this.setWanted(setpoint);
    if (this.onlineState === false) return Promise.resolve({ status: 'queued-offline' });
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.requestCycle();
    });
  }

  /** charge.start / charge.stop, then a read-back. Throws when the station refuses or cannot be reached. */
  async charge(action: 'start' | 'stop'): Promise<void> {
    if (this.closed) throw new Error('station node is closing');
    const applied =
      action === 'start'
        ? await this.request((api) => api.startCharging(this.settings.chargeTag))
        : await this.request((api) => api.stopCharging());
    if (this.onlineState !== false) this.requestCycle();
    if (!applied) throw new Error(`station did not apply charge.${action} (result false)`);
  }

  /**
   * The most the station may be at now, undefined when this node never took it over: what it
   * reports (else, on firmware without the dynamic_current key, what it last accepted), or a write
   * in flight that may have landed. Unknown (anything up to its boot value) when neither is known.
   */
  private knownCurrentA(): number | undefined {
    if (!this.inCharge) return undefined;
    const reported = this.reading ? readback(this.reading).dynamicCurrentA : undefined;
    const known = reported ?? this.applied?.currentA ?? Number.POSITIVE_INFINITY;
    return Math.max(known, this.writing?.currentA ?? 0);
  }

  /** The close-time write: the cycle in flight gives way, and a late answer is not waited for. */
  private async writeOnStop(currentA: number): Promise<void> {
    const id = this.stationId ?? 'station';
    const target = this.targetOf({ currentA });
    this.api.abortPending();
    let timer: unknown;
    const deadlineMs = this.options.stopDeadlineMs ?? STOP_WRITE_DEADLINE_MS;
    const late = new Promise<'late'>((resolve) => (timer = this.scheduler.schedule(() => resolve('late'), deadlineMs)));
    try {
      const result = await Promise.race([this.api.setDynamicCurrent(target.currentA, target.relayMode), late]);
      if (result === 'late') this.log('warn', `node stopped: ${id} did not answer within ${deadlineMs / 1000} s: it keeps its last current`);
      else if (result) this.log('info', `node stopped: ${id} left at ${currentA} A`);
      else this.log('warn', `node stopped: ${id} did not apply ${currentA} A (result false)`);
    } catch (err) {
      this.log('warn', `node stopped: ${id} could not be set to ${currentA} A: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.scheduler.cancel(timer);
    }
  }

  /** Every request of the polling cycle and of charge(): none starts once the node is closing, so the close-time write is the last word. */
  private request<T>(call: (api: StationApi) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new LektricoTransportError('aborted', 'station node closed'));
    return call(this.api);
  }

  private setWanted(setpoint: Setpoint): void {
    this.wanted = setpoint;
    if (setpoint.phases !== undefined) this.wantedPhases = setpoint.phases;
  }

  /** The relay mode to send: 3P22K only; the chain's choice when switching is allowed, else by wiring. */
  private targetOf(setpoint: Setpoint): Target {
    if (this.identity?.type !== '3p22k') return { currentA: setpoint.currentA };
    const wiredForOne = this.settings.gridPhases.length === 1;
    const relayMode: RelayMode =
      wiredForOne ? 1 : this.settings.allowPhaseSwitching && this.wantedPhases !== undefined ? this.wantedPhases : 3;
    return { currentA: setpoint.currentA, relayMode };
  }

  private requestCycle(): void {
    if (this.closed) return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.cancelTimer();
    void this.runCycle();
  }

  private schedule(delayMs: number): void {
    this.cancelTimer();
    this.timer = this.scheduler.schedule(() => {
      this.timer = undefined;
      this.requestCycle();
    }, delayMs);
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.scheduler.cancel(this.timer);
    this.timer = undefined;
  }

  private async runCycle(): Promise<void> {
    this.running = true;
    this.rerun = false;
    let nextDelayMs = this.settings.pollIntervalMs;
    try {
      await this.cycle();
    } catch (err) {
      if (this.closed) {
        this.running = false;
        this.resolveWaiting([...this.handling.splice(0), ...this.waiting.splice(0)], { status: 'closed' });
        return;
      }
      nextDelayMs = this.failed(err);
      // Commands that came in meanwhile wait for the resync too: no retry outside the backoff.
      this.resolveWaiting([...this.handling.splice(0), ...this.waiting.splice(0)], { status: 'queued-offline' });
      this.rerun = false;
    }
    this.running = false;
    if (this.closed) return;
    if (this.rerun) this.requestCycle();
    else this.schedule(nextDelayMs);
  }

  private resolveWaiting(waiting: Array<(outcome: CommandOutcome) => void>, outcome: CommandOutcome): void {
    for (const resolve of waiting) resolve(outcome);
  }

  /**
   * One read/decide/write/re-read round; resolves the commands whose setpoint the decision saw.
   * Throws when the station cannot be read.
   */
  private async cycle(): Promise<void> {
    if (this.needsIdentify) await this.identify();
    // Right after a command the last reading is recent enough to decide on: write first.
    const fromCommand = this.waiting.length > 0 && this.onlineState === true && this.reading !== undefined;
    let reading = fromCommand && this.reading ? this.reading : await this.read();
    let outcome: CommandOutcome = { status: 'unchanged' };
    this.handling = this.waiting.splice(0);
    const target = this.decideWrite(reading);
    if (target) {
      this.inCharge = true;
      this.writing = target;
      outcome = await this.write(target);
      reading = await this.read();
      if (outcome.status === 'sent') this.applied = { ...target, readback: readback(reading) };
    } else if (this.notApplied && isRefusal(this.notApplied.error)) {
      // The same setpoint again while its refusal is held back: it is still refused.
      outcome = { status: 'refused', error: this.notApplied.error };
    }
    this.reading = reading;
    this.writing = undefined;
    this.markOnline();
    const telemetry = buildTelemetry(reading, this.telemetryContext(), this.clock());
    this.options.onTelemetry(telemetry);
    const notApplied = this.notApplied && notAppliedStatus(this.notApplied.target.currentA, this.notApplied.error);
    if (notApplied) this.options.onStatus?.(notApplied.view, notApplied.message);
    else this.options.onStatus?.(describeTelemetry(telemetry), telemetryMessage(telemetry));
    this.resolveWaiting(this.handling.splice(0), outcome);
  }

  private async identify(): Promise<void> {
    const identity = identifyDevice(await this.request((api) => api.getDeviceId()));
    if (isEmMeter(identity.type)) {
      throw new NotAStationError(identity.deviceId);
    }
    if (this.identity && this.identity.deviceId !== identity.deviceId) {
      this.log('warn', `the host now answers as ${identity.deviceId} (was ${this.identity.deviceId})`);
      this.applied = undefined;
    }
    if (!this.identity && identity.type === '1p7k' && this.settings.gridPhases.length > 1) {
      this.log('info', `${identity.deviceId} is single-phase: it is taken as wired to ${this.settings.gridPhases[0]}`);
    }
    this.identity = identity;
    this.needsIdentify = false;
    this.appConfigAt = -Infinity;
    this.applyHeld();
  }

  /** Our held command, checked now that it is known to be ours: one outside our limits is not applied. */
  private applyHeld(): void {
    const id = this.stationId as string;
    const ours = this.held.get(id);
    this.held.clear();
    if (!ours) return;
    try {
      this.setWanted(parseSetpoint(ours, this.settings));
    } catch (err) {
      this.log('warn', `${id}: the command that came before its id was read is not applied: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private async read(): Promise<StationReading> {
    const identity = this.identity as DeviceIdentity;
    const info = await this.request((api) => api.getChargerInfo());
    const needsDynamic = identity.type === '3p22k' || info.dynamicCurrentA === undefined;
    const dynamic = needsDynamic ? await optionalRead(() => this.request((api) => api.getDynamicCurrent())) : undefined;
    const errors = info.hasActiveErrors ? ((await optionalRead(() => this.request((api) => api.getActiveErrors()))) ?? []) : [];
    if (this.clock() - this.appConfigAt >= APP_CONFIG_REFRESH_MS) {
      this.appConfig = (await optionalRead(() => this.request((api) => api.getAppConfig()))) ?? this.appConfig;
      this.appConfigAt = this.clock();
    }
    const reading: StationReading = { identity, info, errors };
    if (dynamic) reading.dynamic = dynamic;
    if (this.appConfig) reading.appConfig = this.appConfig;
    return reading;
  }

  /** The setpoint to write now, or undefined when the station already has it. */
  private decideWrite(reading: StationReading): Target | undefined {
    if (!this.wanted) return undefined;
    const target = this.targetOf(this.wanted);
    const now = readback(reading);
    // The chain asks for something else now: what the station did not apply is no longer the news.
    if (this.notApplied && !sameTarget(this.notApplied.target, target)) this.notApplied = undefined;
    if (this.resync) return target;
    if (this.applied && sameTarget(this.applied, target)) {
      if (!readbackDrifted(this.applied.readback, now)) return undefined;
      this.log(
        'warn',
        `station reports dynamic_current ${String(now.dynamicCurrentA)} A, relay_mode ${String(now.relayMode)} ` +
          `after ${target.currentA} A${target.relayMode ? `, relay_mode ${target.relayMode}` : ''} was accepted (rebooted?): re-applying`,
      );
      return target;
    }
    if (!this.applied && readbackMatches(target, now)) {
      // It has what the chain wants (a write whose answer was lost may have landed): ours from now on.
      this.applied = { ...target, readback: now };
      this.inCharge = true;
      this.notApplied = undefined;
      return undefined;
    }
    const refused = this.notApplied && isRefusal(this.notApplied.error) ? this.notApplied : undefined;
    if (refused && this.clock() - refused.at < REFUSED_RETRY_MS) return undefined;
    return target;
  }

  private async write(target: Target): Promise<CommandOutcome> {
    const at = this.clock();
    const record = (accepted: boolean): void => {
      this.lastCommand =
        target.relayMode === undefined
          ? { currentA: target.currentA, at, accepted }
          : { currentA: target.currentA, phases: target.relayMode, at, accepted };
    };
    this.resync = false;
    try {
      const accepted = await this.request((api) => api.setDynamicCurrent(target.currentA, target.relayMode));
      record(accepted);
      if (accepted) {
        this.notApplied = undefined;
        return { status: 'sent' };
      }
      return this.notAppliedBy(target, new Error(`station did not apply dynamic_current ${target.currentA} A (result false)`), at);
    } catch (err) {
      // Closing, or a fault no station reply explains: the cycle fails as a whole.
      const lost = err instanceof LektricoTransportError && err.kind !== 'aborted';
      if (!(err instanceof LektricoRpcError) && !lost) throw err;
      record(false);
      // A write without an answer may still have landed: the re-read after it tells whether the
      // station is offline (the cycle fails) or only this write went wrong (sent again at the next poll).
      return this.notAppliedBy(target, err, at);
    }
  }

  private notAppliedBy(target: Target, error: Error, at: number): CommandOutcome {
    const refused = isRefusal(error);
    if (this.notApplied?.error.message !== error.message) this.log('warn', `${refused ? '' : 'write failed: '}${error.message}`);
    this.notApplied = { target, error, at };
    this.applied = undefined;
    return refused ? { status: 'refused', error } : { status: 'failed', error };
  }

  private markOnline(): void {
    if (this.onlineState === false) this.log('info', `${this.stationId ?? 'station'} answers again: resynchronised`);
    this.onlineState = true;
    this.backoff.reset();
  }

  /** Bookkeeping after a failed cycle; returns the delay before the next attempt. */
  private failed(err: unknown): number {
    const delayMs = this.backoff.next();
    const wasOnline = this.onlineState;
    this.onlineState = false;
    this.needsIdentify = true;
    this.reading = undefined;
    this.applied = undefined;
    if (this.wanted) this.resync = true;
    const reason = shortReasonOf(err);
    const unreachable = err instanceof LektricoTransportError && (err.kind === 'network' || err.kind === 'timeout');
    if (wasOnline !== false) {
      this.log('warn', `${this.stationId ?? 'station'} cannot be read: ${err instanceof Error ? err.message : String(err)}`);
      const stationId = this.stationId;
      if (stationId !== undefined) {
        this.options.onTelemetry(offlineTelemetry(this.telemetryContext(stationId), this.clock(), this.identity));
      }
    }
    const text = err instanceof NotAStationError ? err.message : `${unreachable ? 'offline: ' : ''}${reason}`;
    const cause: StatusMessage = err instanceof NotAStationError ? { key: 'failure.emMeter', params: { deviceId: err.deviceId } } : failureCause(err);
    this.options.onStatus?.(describeFailure(text, delayMs), failureMessage(cause, delayMs));
    return delayMs;
  }

  private telemetryContext(stationId = this.stationId ?? ''): TelemetryContext {
    const context: TelemetryContext = {
      stationId,
      gridPhases: this.settings.gridPhases,
      allowPhaseSwitching: this.settings.allowPhaseSwitching,
      minCurrentA: this.settings.minCurrentA,
      maxCurrentA: this.settings.maxCurrentA,
    };
    if (this.lastCommand) context.lastCommand = this.lastCommand;
    if (this.settings.singlePhaseCar) context.singlePhaseCar = true;
    return context;
  }

  private log(level: 'info' | 'warn', text: string): void {
    this.options.onLog?.(level, text);
  }
}
