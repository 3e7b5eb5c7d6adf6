import { systemClock, type Clock } from '../../clock';
import { isStationCurrent, STATION_MAX_CURRENT_A, STATION_MIN_CURRENT_A } from '../../lektrico/station-current';
import { CarModel, type CarOptions } from './car-model';

export type SimStationType = '1p7k' | '3p22k';

/** An `{error: {code, message}}` reply, with the documented codes (-1 … -7). */
export class RpcFault extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'RpcFault';
  }
}

/** The flags of active_errors.get. */
export const ACTIVE_ERROR_FLAGS = [
  'state_e_activated',
  'overtemp',
  'critical_temp',
  'overcurrent',
  'meter_fault',
  'undervoltage_error',
  'overvoltage_error',
  'rcd_error',
  'cp_diode_failure',
  'contactor_failure',
] as const;
export type ActiveErrorFlag = (typeof ACTIVE_ERROR_FLAGS)[number];

export interface StationModelOptions {
  type?: SimStationType;
  /** Serial number (default 500001 for a 1P7K, 700001 for a 3P22K). */
  serial?: string;
  /** The device_id it reports (default "<type>_<serial>"): another prefix poses as an unknown model or an EM. */
  deviceId?: string;
  firmware?: string;
  clock?: Clock;
  /** Installer cap, 6–32 A (persistent; default 32). */
  installCurrentA?: number;
  /** The app's "allowed current", 6–32 A (persistent; default 32). */
  userCurrentA?: number;
  /** true = plug & charge; false = a session needs charge.start (state B_AUTH). Default true. */
  headless?: boolean;
  /** dynamic_current after power-up (volatile; default 32 as seen on real units). */
  bootDynamicCurrentA?: number;
  /**
   * false: firmware that does not report the dynamic current (early 3P22K firmware,
   * Lektrico/ha_lektrico#14, #17): no dynamic_current key in charger_info, no dynamic_current.get.
   * It still obeys dynamic_current.set. Default true.
   */
  reportsDynamicCurrent?: boolean;
  /** The car, or false for none (default: a car with CarOptions defaults, plugged in). */
  car?: CarOptions | false;
  /** Mains voltage per station phase (default 230.4, 229.6, 231.1 V). */
  voltagesV?: [number, number, number];
  /** A 3P22K pauses this long when relay_mode changes under load (limit reason 9; default 2 s). */
  phaseSwitchPauseMs?: number;
  temperatureC?: number;
}

/** Which layer binds: order decides ties (the chain's own dynamic limit first). */
const CAP_REASONS = [
  { key: 'dynamic', code: 3 },
  { key: 'install', code: 1 },
  { key: 'user', code: 2 },
  { key: 'em', code: 6 },
  { key: 'ocpp', code: 7 },
] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/**
 * A LEKTRI.CO 1P7K or 3P22K as a state machine, without any network: the read methods' payloads
 * and the write methods' effects and error codes, written from the documented behaviour.
 * `pwm_current` = min(dynamic, install, user, EM, OCPP), 0 below 6 A; the car follows it. Time
 * comes from the clock and moves on each call, so the HTTP simulator and the benchmark share it.
 */
export class StationModel {
  readonly type: SimStationType;
  readonly serial: string;
  readonly deviceId: string;
  readonly firmware: string;
  readonly clock: Clock;
  readonly bootDynamicCurrentA: number;
  readonly reportsDynamicCurrent: boolean;
  readonly phaseSwitchPauseMs: number;

  // persistent (app_config, "flash")
  installCurrentA: number;
  userCurrentA: number;
  headless: boolean;
  chargerLocked = false;
  ledMaxBrightness = 60;
  /** app_config.set calls received: each one is a flash write on a real unit. */
  flashWrites = 0;

  // volatile (lost on reboot)
  dynamicCurrentA: number;
  relayMode: 0 | 1 | 3;

  /** The station's own EM (limit reason 6) and OCPP (7) caps; undefined = not active. */
  emCurrentA?: number;
  ocppCurrentA?: number;
  temperatureC: number;
  voltagesV: [number, number, number];
  car?: CarModel;

  private readonly activeErrors = new Set<ActiveErrorFlag>();
  private authorised = false;
  private stopped = false;
  private switchingUntil = -Infinity;
  private sessionId = 0;
  private sessionStartWh = 0;
  private chargingTimeMs = 0;
  private totalWh = 1_234_567;
  private lastAt: number;

  constructor(options: StationModelOptions = {}) {
    this.type = options.type ?? '1p7k';
    this.serial = options.serial ?? (this.type === '1p7k' ? '500001' : '700001');
    this.deviceId = options.deviceId ?? `${this.type}_${this.serial}`;
    this.firmware = options.firmware ?? '1.51';
    this.clock = options.clock ?? systemClock;
    this.installCurrentA = options.installCurrentA ?? STATION_MAX_CURRENT_A;
    this.userCurrentA = options.userCurrentA ?? STATION_MAX_CURRENT_A;
    this.headless = options.headless ?? true;
    this.bootDynamicCurrentA = options.bootDynamicCurrentA ?? STATION_MAX_CURRENT_A;
    this.reportsDynamicCurrent = options.reportsDynamicCurrent ?? true;
    this.phaseSwitchPauseMs = options.phaseSwitchPauseMs ?? 2000;
    this.temperatureC = options.temperatureC ?? 24.5;
    this.voltagesV = options.voltagesV ?? [230.4, 229.6, 231.1];
    this.dynamicCurrentA = this.bootDynamicCurrentA;
    this.relayMode = this.type === '3p22k' ? 3 : 0;
    this.lastAt = this.clock();
    if (options.car !== false) {
      this.car = new CarModel(options.car ?? {}, this.lastAt);
      if (this.car.plugged) this.beginSession();
    }
    this.updateCar();
  }

  /** Plugs a car in (a new one when options are given) and starts a session. */
  plugCar(options?: CarOptions): void {
    const now = this.advance();
    if (options || !this.car) this.car = new CarModel({ ...options, plugged: false }, now);
    this.car.plug(now);
    this.beginSession();
    this.updateCar();
  }

  unplugCar(): void {
    const now = this.advance();
    this.car?.unplug(now);
    this.authorised = false;
    this.stopped = false;
    this.updateCar();
  }

  setActiveError(flag: ActiveErrorFlag, active: boolean): void {
    this.advance();
    if (active) this.activeErrors.add(flag);
    else this.activeErrors.delete(flag);
    this.updateCar();
  }

  /** Changes a cap outside the chain's control (install/user via the app, EM, OCPP). */
  setCaps(caps: { installCurrentA?: number; userCurrentA?: number; emCurrentA?: number; ocppCurrentA?: number }): void {
    this.advance();
    Object.assign(this, caps);
    this.updateCar();
  }

  /** Power cycle: volatile settings back to boot values; a plugged car gets a new session. */
  reboot(): void {
    this.advance();
    this.dynamicCurrentA = this.bootDynamicCurrentA;
    this.relayMode = this.type === '3p22k' ? 3 : 0;
    this.switchingUntil = -Infinity;
    this.authorised = false;
    this.stopped = false;
    if (this.car?.plugged) this.beginSession();
    this.updateCar();
  }

  // ---- derived state ---------------------------------------------------------------------

  /** The pilot current offered to the car now, A. */
  pwmCurrentA(now = this.clock()): number {
    if (!this.sessionAllowed() || now < this.switchingUntil) return 0;
    const cap = Math.min(...this.caps().map((c) => c.valueA));
    return cap >= STATION_MIN_CURRENT_A ? cap : 0;
  }

  /** current_limit_reason now. */
  limitReasonCode(now = this.clock()): number {
    if (now < this.switchingUntil) return 9;
    const caps = this.caps();
    const min = Math.min(...caps.map((c) => c.valueA));
    if (min >= STATION_MAX_CURRENT_A) return 0;
    return caps.find((c) => c.valueA === min)?.code ?? 0;
  }

  /** extended_charger_state now. */
  extendedState(now = this.clock()): string {
    if (this.activeErrors.size > 0) return 'E';
    if (this.chargerLocked) return 'LOCKED';
    if (!this.car?.plugged) return 'A';
    if (!this.headless && !this.authorised) return 'B_AUTH';
    if (this.stopped) return 'B';
    if (this.pwmCurrentA(now) === 0) return 'B_PAUSE';
    return this.car.currentA > 0.5 ? 'C' : 'B';
  }

  /** A per station phase [L1, L2, L3] measured now. */
  currentsA(): [number, number, number] {
    const car = this.car;
    const drawA = car?.plugged ? round(car.currentA, 3) : 0;
    if (drawA === 0 || !car) return [0, 0, 0];
    return this.phasesOffered() === 3 && car.phasesInUse === 3 ? [drawA, drawA, drawA] : [drawA, 0, 0];
  }

  powerW(): number {
    const currents = this.currentsA();
    return currents.reduce((sum, currentA, i) => sum + currentA * this.voltagesV[i], 0);
  }

  // ---- the RPC surface ----------------------------------------------------------------------

  /** The reply of a read method (GET /rpc/<method>), or undefined when there is no such method. */
  read(method: string): Record<string, unknown> | undefined {
    const now = this.advance();
    switch (method.toLowerCase()) {
      case 'charger_info.get':
        return this.chargerInfo(now);
      case 'dynamic_current.get':
        if (!this.reportsDynamicCurrent) return undefined;
        return this.type === '3p22k'
          ? { dynamic_current: this.dynamicCurrentA, relay_mode: this.relayMode }
          : { dynamic_current: this.dynamicCurrentA };
      case 'app_config.get':
        return {
          headless: this.headless,
          install_current: this.installCurrentA,
          user_current: this.userCurrentA,
          led_max_brightness: this.ledMaxBrightness,
          charger_locked: this.chargerLocked,
          led_dimming_delay: 30,
          auto_update: false,
        };
      case 'active_errors.get':
        return Object.fromEntries(ACTIVE_ERROR_FLAGS.map((flag) => [flag, this.activeErrors.has(flag)]));
      case 'device_id.get':
        return { device_id: this.deviceId };
      case 'charger_config.get':
        return { serial_number: Number(this.serial) || this.serial, board_revision: 'E', rcd_enabled: true };
      case 'sw_version.get':
        return { fw_version: this.firmware };
      default:
        return undefined;
    }
  }

  /** A POST /rpc frame's result; throws RpcFault for the documented error replies. */
  call(method: string, params: unknown): unknown {
    const now = this.advance();
    const args = params === undefined || params === null ? {} : params;
    if (!isRecord(args)) throw new RpcFault(-2, 'Error params must be an object.');
    let result: unknown;
    switch (method.toLowerCase()) {
      case 'dynamic_current.set':
        result = this.setDynamicCurrent(args, now);
        break;
      case 'charge.start':
        result = this.chargeStart(args);
        break;
      case 'charge.stop':
        result = this.chargeStop();
        break;
      case 'app_config.set':
        result = this.setAppConfig(args);
        break;
      case 'charging_schedule.override':
        result = true;
        break;
      case 'device.reset':
        this.reboot();
        return true;
      default: {
        // Getters answer POST frames too.
        const data = this.read(method);
        if (data !== undefined) return data;
        throw new RpcFault(-1, `Error no handler for ${method}.`);
      }
    }
    this.updateCar();
    return result;
  }

  private setDynamicCurrent(args: Record<string, unknown>, now: number): boolean {
    for (const key of Object.keys(args)) {
      if (key !== 'dynamic_current' && !(key === 'relay_mode' && this.type === '3p22k')) {
        throw new RpcFault(-6, `Error unknown key ${key}.`);
      }
    }
    const current = args.dynamic_current;
    if (current === undefined) throw new RpcFault(-2, 'Error missing key dynamic_current.');
    if (typeof current !== 'number' || !Number.isInteger(current)) throw new RpcFault(-5, 'Error wrong type.');
    if (!isStationCurrent(current)) throw new RpcFault(-4, 'Error value out of range.');
    const relay = args.relay_mode;
    if (relay !== undefined) {
      if (typeof relay !== 'number' || !Number.isInteger(relay)) throw new RpcFault(-5, 'Error wrong type.');
      if (relay !== 1 && relay !== 3) throw new RpcFault(-4, 'Error value out of range.');
      if (relay !== this.relayMode && this.pwmCurrentA(now) > 0) {
        // The contactor opens for the switch: the draw stops at once, not after the car's reaction.
        this.switchingUntil = now + this.phaseSwitchPauseMs;
        this.car?.interrupt(now);
      }
      this.relayMode = relay;
    }
    this.dynamicCurrentA = current;
    return true;
  }

  private chargeStart(args: Record<string, unknown>): boolean {
    const tag = args.tag;
    if (tag !== undefined && typeof tag !== 'string') throw new RpcFault(-5, 'Error wrong type.');
    if (typeof tag === 'string' && (tag.length === 0 || tag.length > 32)) throw new RpcFault(-3, 'Error string length.');
    if (!this.car?.plugged) throw new RpcFault(-7, 'Error action prohibited.');
    this.authorised = true;
    this.stopped = false;
    return true;
  }

  private chargeStop(): boolean {
    if (!this.car?.plugged || this.stopped) return false;
    this.stopped = true;
    return true;
  }

  private setAppConfig(args: Record<string, unknown>): boolean {
    const { config_key: key, config_value: value } = args;
    if (typeof key !== 'string' || value === undefined) throw new RpcFault(-2, 'Error missing keys.');
    const int = (min: number, max: number): number => {
      if (typeof value !== 'number' || !Number.isInteger(value)) throw new RpcFault(-5, 'Error wrong type.');
      if (value < min || value > max) throw new RpcFault(-4, 'Error value out of range.');
      return value;
    };
    const bool = (): boolean => {
      if (typeof value !== 'boolean') throw new RpcFault(-5, 'Error wrong type.');
      return value;
    };
    switch (key) {
      case 'user_current':
        this.userCurrentA = int(STATION_MIN_CURRENT_A, STATION_MAX_CURRENT_A);
        break;
      case 'headless':
        this.headless = bool();
        break;
      case 'charger_locked':
        this.chargerLocked = bool();
        break;
      case 'led_max_brightness':
        this.ledMaxBrightness = int(0, 100);
        break;
      default:
        throw new RpcFault(-6, 'Error unknown key.');
    }
    this.flashWrites += 1;
    return true;
  }

  private chargerInfo(now: number): Record<string, unknown> {
    const extended = this.extendedState(now);
    const currents = this.currentsA();
    const voltages: number[] = this.type === '3p22k' ? [...this.voltagesV] : [this.voltagesV[0], 0, 0];
    const sessionWh = this.totalWh - this.sessionStartWh;
    const info: Record<string, unknown> = {
      charger_state: extended === 'LOCKED' ? (this.car?.plugged ? 'B' : 'A') : extended.charAt(0),
      extended_charger_state: extended,
      session_energy: round(this.car?.plugged ? sessionWh : 0, 2),
      charging_time: Math.floor(this.chargingTimeMs / 1000),
      session_id: this.sessionId,
      instant_power: round(this.powerW(), 2),
      current: currents[0],
      currents,
      voltage: voltages[0],
      voltages,
      temperature: this.temperatureC,
      energy_index: round(sessionWh, 2),
      total_charged_energy: round(this.totalWh / 1000, 3),
      headless: this.headless,
      led_max_brightness: this.ledMaxBrightness,
      install_current: this.installCurrentA,
      dynamic_current: this.dynamicCurrentA,
      em_current: this.emCurrentA ?? STATION_MAX_CURRENT_A,
      relay_mode: this.relayMode,
      fw_version: this.firmware,
      has_active_errors: this.activeErrors.size > 0,
      charger_is_paused: extended === 'B_PAUSE',
      current_limit_reason: this.limitReasonCode(now),
      pwm_current: this.pwmCurrentA(now),
      heap_free: 31_000,
    };
    if (!this.reportsDynamicCurrent) delete info.dynamic_current;
    return info;
  }

  // ---- time ---------------------------------------------------------------------------------

  /**
   * Moves the model to the clock's now: the car's energy and reactions, the session counters,
   * and the end of a phase-switch pause (at its own instant, so the car sees it in time).
   */
  advance(): number {
    const now = this.clock();
    if (this.switchingUntil > this.lastAt && this.switchingUntil <= now) {
      this.advanceTo(this.switchingUntil);
      this.updateCar();
    }
    this.advanceTo(now);
    return now;
  }

  private advanceTo(at: number): void {
    if (at <= this.lastAt) return;
    const car = this.car;
    if (car) {
      const before = car.chargedWh;
      const charging = car.currentA > 0;
      car.advance(at, this.voltagesV[0]);
      this.totalWh += car.chargedWh - before;
      if (charging) this.chargingTimeMs += at - this.lastAt;
    }
    this.lastAt = at;
  }

  private caps(): Array<{ valueA: number; code: number }> {
    const values: Record<(typeof CAP_REASONS)[number]['key'], number | undefined> = {
      dynamic: this.dynamicCurrentA,
      install: this.installCurrentA,
      user: this.userCurrentA,
      em: this.emCurrentA,
      ocpp: this.ocppCurrentA,
    };
    return CAP_REASONS.flatMap(({ key, code }) => {
      const valueA = values[key];
      return valueA === undefined ? [] : [{ valueA, code }];
    });
  }

  private sessionAllowed(): boolean {
    return (
      this.car?.plugged === true &&
      this.activeErrors.size === 0 &&
      !this.chargerLocked &&
      !this.stopped &&
      (this.headless || this.authorised)
    );
  }

  private phasesOffered(): 1 | 3 {
    return this.type === '3p22k' && this.relayMode !== 1 ? 3 : 1;
  }

  private beginSession(): void {
    this.sessionId += 1;
    this.sessionStartWh = this.totalWh;
    this.chargingTimeMs = 0;
  }

  /** Tells the car the pilot current after any change. */
  private updateCar(): void {
    const now = this.lastAt;
    this.car?.offer(this.pwmCurrentA(now), this.phasesOffered(), now);
  }
}
