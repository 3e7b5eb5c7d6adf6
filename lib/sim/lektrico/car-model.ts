import { NOMINAL_VOLTAGE_V } from '../../grid-phase';

/** Below this pilot current a car must not draw (IEC 61851): the offer means "pause". */
export const CAR_MIN_OFFER_A = 6;

export interface CarBattery {
  capacityWh: number;
  /** State of charge now, % (0..100). */
  socPercent: number;
  /** Above this SoC the car draws less and less, down to 0 at 100 % (default 80). */
  taperFromPercent?: number;
}

export interface CarOptions {
  /** Plugged in at the start (default true). */
  plugged?: boolean;
  /** The most the car's on-board charger draws per phase (default 16 A). */
  maxCurrentA?: number;
  /** Phases the on-board charger uses (default 3; a 1-phase car on a 3-phase station uses L1). */
  phases?: 1 | 3;
  /** Time the car takes to follow a new pilot current (default 3 s; IEC allows up to 5 s). */
  reactionDelayMs?: number;
  /** Extra time to start drawing after a pause or plug-in (default 2 s). */
  startLagMs?: number;
  /** Draw / offer: 0.95 draws a little less than allowed, 1.07 a little more (default 1). */
  drawRatio?: number;
  /** Without a battery the car never fills up. */
  battery?: CarBattery;
}

export const DEFAULT_CAR_REACTION_DELAY_MS = 3000;
export const DEFAULT_CAR_START_LAG_MS = 2000;

/**
 * An electric car behind a charging station, in simulated time: it follows the pilot current the
 * station offers after a reaction delay (a pure dead time: every offer is followed that long after
 * it was made, in order; longer when it starts from a pause), draws `drawRatio`
 * times what it is allowed (capped by its own charger), on 1 or 3 phases, and with a battery
 * tapers above `taperFromPercent` and stops when full. Pure: time only moves through `advance(now)`,
 * so the benchmark runs it without HTTP and at any speed.
 */
export class CarModel {
  readonly maxCurrentA: number;
  readonly phases: 1 | 3;
  readonly reactionDelayMs: number;
  readonly startLagMs: number;
  readonly drawRatio: number;
  private readonly battery?: Required<CarBattery>;

  private pluggedIn: boolean;
  private offerA = 0;
  private phasesAvailable: 1 | 3 = 1;
  /** A per phase drawn now. */
  private draw = 0;
  /**
   * Offers not followed yet, oldest first: the car is a pure dead time, so each one takes effect
   * reactionDelayMs after it was made (a later offer never resets the wait for an earlier one).
   */
  private pending: Array<{ targetA: number; at: number }> = [];
  private lastAt: number;
  private energyWh = 0;

  constructor(options: CarOptions = {}, now = 0) {
    this.pluggedIn = options.plugged ?? true;
    this.maxCurrentA = options.maxCurrentA ?? 16;
    this.phases = options.phases ?? 3;
    this.reactionDelayMs = options.reactionDelayMs ?? DEFAULT_CAR_REACTION_DELAY_MS;
    this.startLagMs = options.startLagMs ?? DEFAULT_CAR_START_LAG_MS;
    this.drawRatio = options.drawRatio ?? 1;
    if (options.battery) this.battery = { taperFromPercent: 80, ...options.battery };
    this.lastAt = now;
  }

  get plugged(): boolean {
    return this.pluggedIn;
  }
  /** A per phase drawn now (as of the last advance). */
  get currentA(): number {
    return this.draw;
  }
  /** Phases the car draws on now: its own, limited by what the station offers. */
  get phasesInUse(): 1 | 3 {
    return this.phases === 3 && this.phasesAvailable === 3 ? 3 : 1;
  }
  get socPercent(): number | undefined {
    return this.battery?.socPercent;
  }
  get full(): boolean {
    return this.battery !== undefined && this.battery.socPercent >= 100;
  }
  /** Wh taken from the station since the car was created. */
  get chargedWh(): number {
    return this.energyWh;
  }

  plug(now: number): void {
    this.advance(now);
    this.pluggedIn = true;
    this.retarget(now);
  }

  unplug(now: number): void {
    this.advance(now);
    this.pluggedIn = false;
    this.draw = 0;
    this.pending = [];
  }

  /**
   * The station opened its contactor (a phase switch): no current flows from now on, whatever the
   * car was doing or about to do; it starts again, with its start lag, on the next offer.
   */
  interrupt(now: number): void {
    this.advance(now);
    this.draw = 0;
    this.pending = [];
  }

  /** The station signals a pilot current (0 or ≥ 6 A) on `phasesAvailable` phases. */
  offer(currentA: number, phasesAvailable: 1 | 3, now: number): void {
    this.advance(now);
    if (currentA === this.offerA && phasesAvailable === this.phasesAvailable) return;
    this.offerA = currentA;
    this.phasesAvailable = phasesAvailable;
    this.retarget(now);
  }

  /** Moves the car to `now`: applies a reaction that fell due and counts the energy drawn. */
  advance(now: number, voltageV = NOMINAL_VOLTAGE_V): void {
    if (now <= this.lastAt) return;
    while (this.pending.length > 0 && this.pending[0].at <= now) {
      const change = this.pending.shift()!;
      this.integrate(Math.max(change.at, this.lastAt), voltageV);
      this.apply(change.targetA);
    }
    this.integrate(now, voltageV);
  }

  /** What the car would draw per phase for the current offer, given its charger and battery. */
  private targetA(): number {
    if (!this.pluggedIn || this.offerA < CAR_MIN_OFFER_A) return 0;
    return Math.min(this.offerA, this.batteryLimitA()) * this.drawRatio;
  }

  private batteryLimitA(): number {
    if (!this.battery) return this.maxCurrentA;
    const { socPercent, taperFromPercent } = this.battery;
    if (socPercent >= 100) return 0;
    if (socPercent <= taperFromPercent) return this.maxCurrentA;
    return (this.maxCurrentA * (100 - socPercent)) / (100 - taperFromPercent);
  }

  private retarget(now: number): void {
    const target = this.targetA();
    const last = this.pending[this.pending.length - 1];
    const drawWhenDone = last ? last.targetA : this.draw;
    if (target === drawWhenDone) return;
    const starting = drawWhenDone === 0 && target > 0;
    // In order: a change never overtakes the one before it (a start keeps its longer lag).
    const at = Math.max(now + this.reactionDelayMs + (starting ? this.startLagMs : 0), last ? last.at : now);
    if (at <= now) this.apply(target);
    else this.pending.push({ targetA: target, at });
  }

  private apply(targetA: number): void {
    this.draw = Math.min(targetA, this.batteryLimitA() * this.drawRatio);
  }

  private integrate(until: number, voltageV: number): void {
    const hours = (until - this.lastAt) / 3_600_000;
    this.lastAt = until;
    if (hours <= 0 || this.draw <= 0) return;
    const wh = this.draw * this.phasesInUse * voltageV * hours;
    this.energyWh += wh;
    if (this.battery) {
      this.battery.socPercent = Math.min(100, this.battery.socPercent + (wh / this.battery.capacityWh) * 100);
      // The car's own charger tapers at once (no pilot change involved).
      const limit = this.batteryLimitA() * this.drawRatio;
      if (this.draw > limit) this.draw = limit;
    }
  }
}
