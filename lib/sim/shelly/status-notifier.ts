import type { Clock } from '../../clock';
import { changedFields } from './json-diff';
import type { MeteringComponent } from './rpc-status';
import type { Json } from './json';
import { round } from './status-context';

/**
 * When a device reports a power change by itself. The Pro 3EM / Pro EM pages give 5 % and
 * 10 W; modelled as "either is enough" (a change from 0 W always counts).
 */
export interface NotifyThreshold {
  minPowerChangeW: number;
  /** Relative to the last notified power, e.g. 0.05 = 5 %. */
  minPowerChangeRatio: number;
}

export const DEFAULT_NOTIFY_THRESHOLD: NotifyThreshold = { minPowerChangeW: 10, minPowerChangeRatio: 0.05 };

export type NotificationMethod = 'NotifyStatus' | 'NotifyFullStatus';
export type NotificationSink = (method: NotificationMethod, params: Json) => void;

/** One consistent view of the device: its metering components and the full status built with them. */
export interface StatusSnapshot {
  components: MeteringComponent[];
  status: Json;
}

const MINUTE_MS = 60_000;

/**
 * Decides what a Gen2+ device pushes (shelly-protocol.md §3.7): partial `NotifyStatus` frames
 * with only the fields that changed since the last notification — on a power change beyond
 * the threshold, once per clock minute for the energy counters (and whatever drifted below the
 * threshold), or every metering component in full on a fixed cadence; `NotifyFullStatus` on demand.
 */
export class StatusNotifier {
  private readonly lastSent = new Map<string, Json>();
  private readonly lastSentPowersW = new Map<string, number[]>();
  private lastMinute: number;

  constructor(
    private readonly snapshot: () => StatusSnapshot,
    private readonly sink: NotificationSink,
    private readonly clock: Clock,
    private readonly threshold: NotifyThreshold = DEFAULT_NOTIFY_THRESHOLD,
  ) {
    this.remember(snapshot().components);
    this.lastMinute = Math.floor(clock() / MINUTE_MS);
  }

  /** Call after live values changed. */
  valuesChanged(): void {
    const moved = this.snapshot().components.filter((c) => c.powersW.length > 0 && this.crossedThreshold(c));
    this.sendChanges(moved);
  }

  /** Call often (a poll, or after moving a ManualClock): sends the minute update once per clock minute. */
  tick(): void {
    const minute = Math.floor(this.clock() / MINUTE_MS);
    if (minute === this.lastMinute) return;
    this.lastMinute = minute;
    this.sendChanges(this.snapshot().components);
  }

  /** Fixed cadence: every metering component, complete. */
  pushAll(): void {
    const { components } = this.snapshot();
    const params: Json = { ts: this.ts() };
    for (const c of components) params[c.key] = c.body;
    this.remember(components);
    this.sink('NotifyStatus', params);
  }

  fullStatus(): void {
    const { components, status } = this.snapshot();
    this.remember(components);
    this.sink('NotifyFullStatus', { ts: this.ts(), ...status });
  }

  private crossedThreshold(component: MeteringComponent): boolean {
    const before = this.lastSentPowersW.get(component.key) ?? [];
    return component.powersW.some((powerW, i) => {
      const previousW = before[i] ?? 0;
      const changeW = Math.abs(powerW - previousW);
      return changeW > 0 && (changeW >= this.threshold.minPowerChangeW || changeW >= this.threshold.minPowerChangeRatio * Math.abs(previousW));
    });
  }

  private sendChanges(components: MeteringComponent[]): void {
    const params: Json = { ts: this.ts() };
    const sent: MeteringComponent[] = [];
    for (const component of components) {
      const changed = changedFields(this.lastSent.get(component.key), component.body);
      if (!changed) continue;
      params[component.key] = changed;
      sent.push(component);
    }
    if (sent.length === 0) return;
    this.remember(sent);
    this.sink('NotifyStatus', params);
  }

  private remember(components: MeteringComponent[]): void {
    for (const c of components) {
      this.lastSent.set(c.key, c.body);
      this.lastSentPowersW.set(c.key, c.powersW);
    }
  }

  /** Notification time stamp: seconds with two decimals, like the devices. */
  private ts(): number {
    return round(this.clock() / 1000, 2);
  }
}
