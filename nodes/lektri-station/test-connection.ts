import { LektricoClient } from '../../lib/lektrico/client';
import { probeStation } from '../../lib/lektrico/station-probe';
import { parseHost } from '../../lib/lektrico/station-settings';
import { quotableHost } from '../../lib/quotable-host';
import { resolveEnvHost } from '../common/env-host';
import type { AdminRequest, AdminResponse, NodeAPI } from '../common/node-red';
import { passwordForTest, STORED_PASSWORD_PLACEHOLDER } from '../common/stored-password';
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

/** What the test needs of a deployed station node. */
export interface StoredStation {
  /** The host as configured. */
  hostLabel?: string;
  credentials?: { username?: string; password?: string };
}

/** A station address as the node reads it (host names ignore case), or undefined when it is none. */
function stationAddressKey(host: string): string | undefined {
  return parseHost(host)?.toLowerCase();
}

/**
 * The credentials to test `host` with: the typed ones; the stored password when it was not
 * re-typed (the placeholder, or no password field), but only for the host it was saved for.
 */
export function credentialsFor(
  body: TestConnectionRequest,
  host: string,
  stored: (id: string) => StoredStation | undefined,
): { ok: true; username: string; password: string } | { ok: false; savedFor: string } {
  const saved = typeof body.id === 'string' && body.id !== '' ? stored(body.id) : undefined;
  const password = passwordForTest(body.password ?? STORED_PASSWORD_PLACEHOLDER, { host: saved?.hostLabel, password: saved?.credentials?.password }, host, stationAddressKey);
  if (!password.ok) return password;
  const username = typeof body.username === 'string' ? body.username : saved?.credentials?.username;
  return { ok: true, username: username ?? '', password: password.password ?? '' };
}

function timeoutOf(value: unknown): number {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, MAX_TEST_TIMEOUT_MS) : DEFAULT_TEST_TIMEOUT_MS;
}

/**
 * POST /lektrico-em/stations/test {id, host, username, password, timeout}: reads the station at
 * the typed host (an environment variable `${NAME}` resolved, as a deployed node has it) once (lib/lektrico/station-probe.ts) and answers {ok: true, station} or
 * {ok: false, failure: {reason, detail}} (400 for a host that is not a host, and for a stored
 * password with another host than the deployed node's: detail is the host it belongs to). The
 * editor words the answer in its own language.
 *
 * Behind `lektrico-station.write`, not `.read`: it makes the runtime connect where the dialog
 * says, with a stored password, which only someone who may change (and deploy) the flow may do.
 */
export function registerTestConnection(RED: NodeAPI): void {
  const stored = (id: string): StoredStation | undefined => (RED.nodes.getNode(id) as StoredStation | null) ?? undefined;
  RED.httpAdmin.post('/lektrico-em/stations/test', RED.auth.needsPermission('lektrico-station.write'), (req: AdminRequest, res: AdminResponse) => {
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as TestConnectionRequest;
    // `${LEKTRICO_STATION_HOST}`, as every example has it: the address the deployed node would use.
    const host = parseHost(typeof body.host === 'string' ? resolveEnvHost(body.host) : body.host);
    if (!host) {
      res.status(400).json({ ok: false, failure: { reason: 'bad-host', detail: quotableHost(body.host) } });
      return;
    }
    const credentials = credentialsFor(body, host, stored);
    if (!credentials.ok) {
      res.status(400).json({ ok: false, failure: { reason: 'stored-password', detail: credentials.savedFor } });
      return;
    }
    const client = new LektricoClient({ host, username: credentials.username, password: credentials.password, timeoutMs: timeoutOf(body.timeout) });
    void probeStation(client)
      .then((answer) => res.json(answer))
      .finally(() => client.close());
  });
}
