import type { ShellyHttpClient } from './http-client';
import type { ShellyTransport } from './meter-reading';
import { RpcWebSocket, type RpcWebSocketOptions } from './rpc-websocket';
import { ShellyError } from './shelly-error';

/**
 * One way of getting a device's full status, for the lifetime of one connection attempt:
 * Gen1 `GET /status`, Gen2+ `GET /rpc/Shelly.GetStatus`, or `Shelly.GetStatus` over the
 * WebSocket (which also pushes notifications). The connection polls all of them the same way.
 */
export interface StatusSource {
  readonly transport: ShellyTransport;
  /** Ready to fetch (the WebSocket is open). */
  open(): Promise<void>;
  fetchStatus(): Promise<Record<string, unknown>>;
  close(): void;
}

function asStatus(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ShellyError('bad-reply', where, 'the status is not a JSON object');
  }
  return value as Record<string, unknown>;
}

/** HTTP polling: Gen1 `/status` (Basic auth) or Gen2+ `/rpc/Shelly.GetStatus` (Digest auth). */
export function httpStatusSource(client: ShellyHttpClient, transport: 'gen1-http' | 'rpc-http'): StatusSource {
  const path = transport === 'gen1-http' ? '/status' : '/rpc/Shelly.GetStatus';
  client.setAuthScheme(transport === 'gen1-http' ? 'basic' : 'digest');
  return {
    transport,
    open: async () => undefined,
    fetchStatus: async () => asStatus(await client.getJson(path), `GET ${path} at ${client.deviceLabel}`),
    close: () => undefined, // the client belongs to the connection
  };
}

/** Gen2+ JSON-RPC over `ws://host/rpc`; notifications and failures go to the callbacks in options. */
export function webSocketStatusSource(options: RpcWebSocketOptions): StatusSource {
  const socket = new RpcWebSocket(options);
  return {
    transport: 'rpc-websocket',
    open: () => socket.open(),
    fetchStatus: async () => asStatus(await socket.call('Shelly.GetStatus'), `Shelly.GetStatus on ${options.deviceLabel}`),
    close: () => socket.close(),
  };
}
