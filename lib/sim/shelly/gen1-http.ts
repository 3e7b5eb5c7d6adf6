import type * as http from 'node:http';
import { basicAuthMatches, basicChallenge } from './basic-auth';
import { gen1Channel, gen1Settings, gen1Status } from './gen1-status';
import { sendJson, sendNotFound, sendText } from './http-reply';
import type { SimulatorStats } from './simulator-stats';
import type { StatusContext } from './status-context';

export interface Gen1Login {
  username: string;
  password: string;
}

export interface Gen1HttpDevice {
  statusContext(): StatusContext;
  /** Set when "restricted login" is on. */
  login?: Gen1Login;
  stats: SimulatorStats;
}

/** Gen1 REST paths other than /shelly (shelly-protocol.md §2.1); /rpc/... is 404 like on a real Gen1. */
export function handleGen1Request(device: Gen1HttpDevice, req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
  const ctx = device.statusContext();
  const channelMatch = /^\/(emeter|meter)\/(\d+)$/.exec(url.pathname);
  const known = url.pathname === '/status' || url.pathname === '/settings' || (channelMatch !== null && channelMatch[1] === ctx.kind);
  if (!known) return sendNotFound(res);
  if (device.login) {
    const header = req.headers.authorization;
    if (!basicAuthMatches(header, device.login.username, device.login.password)) {
      if (header !== undefined) device.stats.authFailures++;
      return sendText(res, 401, '401 Unauthorized', 'text/plain', { 'WWW-Authenticate': basicChallenge(ctx.identity.id) });
    }
  }
  if (url.pathname === '/status') return sendJson(res, 200, gen1Status(ctx));
  if (url.pathname === '/settings') {
    return sendJson(res, 200, gen1Settings(ctx, { enabled: device.login !== undefined, username: device.login?.username ?? 'admin' }));
  }
  const channel = gen1Channel(ctx, Number(channelMatch![2]));
  return channel ? sendJson(res, 200, channel) : sendNotFound(res);
}
