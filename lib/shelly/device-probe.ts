import type { MeterChannel } from './channels';
import type { ShellyIdentity } from './identify';
import { ShellyConnection, type ShellyConnectionOptions } from './meter-connection';
import type { ShellyTransport } from './meter-reading';
import type { ShellyError } from './shelly-error';

/**
 * What a one-off "test connection" found: who the device is and how a meter node would read it
 * (transport, metering channels), or the first failure with its kind. The probe is the meter
 * connection itself (identify, auth, first status, channel detection), ended at its first
 * reading or its first failure, so it can never disagree with what the node would do.
 */
export type ProbeResult =
  | {
      ok: true;
      identity: ShellyIdentity;
      transport: ShellyTransport;
      channels: MeterChannel[];
      /** 'auto' only: why the WebSocket failed before HTTP polling worked (the node falls back the same way). */
      webSocketError?: ShellyError;
    }
  | { ok: false; error: ShellyError; identity?: ShellyIdentity };

/** One connection attempt, closed at its first reading or first failure (no retry). */
function attemptOnce(options: ShellyConnectionOptions): Promise<ProbeResult> {
  const connection = new ShellyConnection(options);
  return new Promise((resolve) => {
    const finish = (result: ProbeResult): void => {
      connection.removeAllListeners();
      connection.close();
      resolve(result);
    };
    connection.on('reading', (reading) => {
      finish({ ok: true, identity: connection.identity!, transport: reading.meta.transport, channels: reading.meta.channels });
    });
    connection.on('state', (state) => {
      if (state.state === 'error') finish({ ok: false, error: state.error, identity: state.identity });
    });
    connection.start();
  });
}

/**
 * Connects once with these options and reports what was found. With transport 'auto', a Gen2+
 * device whose WebSocket fails (for a reason other than credentials, device or meter) is tried
 * again over HTTP polling, as the meter connection falls back. Throws an InputError for options
 * that cannot work (a bad host), before any network traffic.
 */
export async function probeShelly(options: ShellyConnectionOptions): Promise<ProbeResult> {
  const first = await attemptOnce(options);
  const auto = (options.transport ?? 'auto') === 'auto';
  if (first.ok || !auto || first.identity?.api !== 'rpc' || first.error.slowRetry) return first;
  const overHttp = await attemptOnce({ ...options, transport: 'http' });
  // When both fail, the HTTP failure is the one the node would keep reporting after its fallback.
  return overHttp.ok ? { ...overHttp, webSocketError: first.error } : overHttp;
}
