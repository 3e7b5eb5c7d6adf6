import { LektricoClient } from '../../lib/lektrico/client';
import { probeStation } from '../../lib/lektrico/station-probe';
import { parseHost } from '../../lib/lektrico/station-settings';
import type { AdminRequest, AdminResponse, NodeAPI } from '../common/node-red';

/** The editor shows a stored password as this placeholder; it means "not re-typed". */
const PASSWORD_PLACEHOLDER = '__PWRD__';
/** A test waits no longer than this for each request, whatever the dialog says. */
const MAX_TEST_TIMEOUT_MS = 10_000;
const DEFAULT_TEST_TIMEOUT_MS = 5000;

export interface TestConnectionRequest {
  /** The node being edited: its stored credentials answer when the password was not re-typed. */
  id?: unknown;
  host?: unknown;
  username?: unknown;
  password?: unknown;
  /** s, as in the dialog's timeout field. */
  timeout?: unknown;
}

type StoredCredentials = (id: string) => { username?: string; password?: string } | undefined;

/** The credentials to test with: the typed ones, the stored password when it was not re-typed. */
export function credentialsFor(body: TestConnectionRequest, stored: StoredCredentials): { username?: string; password?: string } {
  const saved = typeof body.id === 'string' && body.id !== '' ? stored(body.id) : undefined;
  const username = typeof body.username === 'string' ? body.username : saved?.username;
  const retyped = typeof body.password === 'string' && body.password !== PASSWORD_PLACEHOLDER;
  const password = retyped ? (body.password as string) : saved?.password;
  return { username: username ?? '', password: password ?? '' };
}

function timeoutOf(value: unknown): number {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, MAX_TEST_TIMEOUT_MS) : DEFAULT_TEST_TIMEOUT_MS;
}

/**
 * POST /lektrico-em/stations/test {id, host, username, password, timeout}: reads the station at
 * the typed host once (lib/lektrico/station-probe.ts) and answers {ok: true, station} or
 * {ok: false, failure: {reason, detail}} (400 for a host that is not a host). The editor words
 * the answer in its own language.
 *
 * Behind `lektrico-station.write`, not `.read`: it sends a stored password to whatever host is
 * typed, which only someone who may change (and deploy) the flow may do anyway.
 */
export function registerTestConnection(RED: NodeAPI): void {
  const nodes = RED.nodes as NodeAPI['nodes'] & { getCredentials?: StoredCredentials };
  const stored: StoredCredentials = (id) => nodes.getCredentials?.(id);
  RED.httpAdmin.post('/lektrico-em/stations/test', RED.auth.needsPermission('lektrico-station.write'), (req: AdminRequest, res: AdminResponse) => {
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as TestConnectionRequest;
    const host = parseHost(body.host);
    if (!host) {
      res.status(400).json({ ok: false, failure: { reason: 'bad-host', detail: String(body.host ?? '') } });
      return;
    }
    const client = new LektricoClient({ host, ...credentialsFor(body, stored), timeoutMs: timeoutOf(body.timeout) });
    void probeStation(client)
      .then((answer) => res.json(answer))
      .finally(() => client.close());
  });
}
