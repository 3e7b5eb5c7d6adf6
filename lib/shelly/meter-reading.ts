import type { MeterChannel } from './channels';
import type { ShellyIdentity } from './identify';

/** How a reading reached us. */
export type ShellyTransport = 'gen1-http' | 'rpc-websocket' | 'rpc-http';

/**
 * What the Shelly meter input node emits for each fresh reading:
 *   msg.topic   = the device id
 *   msg.payload = the device's status of its metering components (meteringStatus(): Gen1
 *                 emeters/meters/total_power/emeter_n; Gen2+ em:N + emdata:N, em1:N + em1data:N,
 *                 pm1:N, metered switch:N / cover:N), exactly as the device reports them
 *   msg.shelly  = ShellyReadingMeta below
 * The normalizer turns it into a CanonicalReading.
 */
export interface ShellyReadingMeta extends ShellyIdentity {
  /** host, ip or ip:port the device was reached at. */
  host: string;
  transport: ShellyTransport;
  /** The metering channels found in the status (order, phases, signs). */
  channels: MeterChannel[];
  /**
   * ms since the epoch at which the values were measured: the device's notification `ts` when it
   * gives one, else the time the reply arrived; always after the device's previous reading (by
   * 1 ms when the two clocks would put it at or before it).
   */
  timestamp: number;
  /** ms since the epoch at which the reading arrived here. */
  receivedAt: number;
}
