import { InputError } from '../input-error';
import { quotableHost } from '../quotable-host';

/** Where a device is reached: `ip`, `hostname` or `ip:port` as the user typed it, split. */
export interface ShellyHost {
  hostname: string;
  port: number;
  /** "hostname" or "hostname:port" (port omitted when 80): the form shown to users. */
  display: string;
}

const HOSTNAME = /^[a-z0-9]([a-z0-9-]{0,62})(\.[a-z0-9]([a-z0-9-]{0,62}))*$/i;

/**
 * Parses the `host` property of a device config node. A pasted URL ("http://10.0.0.5/")
 * is accepted for its host part; anything with a path, user info or an invalid port is refused
 * with a message that says what is expected.
 */
export function parseShellyHost(input: unknown): ShellyHost {
  if (typeof input !== 'string' || input.trim() === '') {
    throw new InputError('no host: set the device address (ip, hostname or ip:port)');
  }
  const quoted = quotableHost(input);
  let text = input.trim().replace(/^https?:\/\//i, '');
  if (text.endsWith('/')) text = text.slice(0, -1);
  if (/[/@\s?#]/.test(text)) {
    throw new InputError(`host "${quoted}" is not an address: use ip, hostname or ip:port (no path, no user name)`);
  }
  const match = /^([^:]+)(?::(\d{1,5}))?$/.exec(text);
  if (!match || !HOSTNAME.test(match[1])) {
    throw new InputError(`host "${quoted}" is not an address: use ip, hostname or ip:port`);
  }
  const port = match[2] === undefined ? 80 : Number(match[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InputError(`host "${quoted}": port must be 1 to 65535`);
  }
  const hostname = match[1].toLowerCase();
  return { hostname, port, display: port === 80 ? hostname : `${hostname}:${port}` };
}

/** "http://host:port" for HTTP requests. */
export function httpBase(host: ShellyHost): string {
  return `http://${host.hostname}:${host.port}`;
}

/** "ws://host:port/rpc" for the Gen2+ JSON-RPC WebSocket. */
export function rpcWebSocketUrl(host: ShellyHost): string {
  return `ws://${host.hostname}:${host.port}/rpc`;
}
