/** Node-RED shows a stored password the user has not re-typed as this placeholder. */
export const STORED_PASSWORD_PLACEHOLDER = '__PWRD__';

/** What a deployed node keeps: the address as configured and the stored password. */
export interface SavedPassword {
  host?: string;
  password?: string;
}

/** `ok`: send `password` (absent: none); otherwise refuse, naming the address the saved one belongs to. */
export type TestPassword = { ok: true; password?: string } | { ok: false; savedFor: string };

/**
 * The password an edit dialog's "Test connection" may send. A re-typed one is sent as typed. The
 * placeholder stands for the deployed node's stored password, which is sent only to the address
 * it was saved for: the test would otherwise hand it (as HTTP Basic, readable) to whoever answers
 * at a newly typed address. `addressKey` reads an address as the node does (undefined when it is
 * none), so "10.0.0.5" and "http://10.0.0.5/" are the same.
 */
export function passwordForTest(
  typed: unknown,
  saved: SavedPassword | undefined,
  typedHost: string,
  addressKey: (host: string) => string | undefined,
): TestPassword {
  if (typed !== STORED_PASSWORD_PLACEHOLDER) return { ok: true, password: typeof typed === 'string' ? typed : undefined };
  if (!saved?.password) return { ok: true };
  const savedKey = saved.host === undefined ? undefined : addressKey(saved.host);
  if (savedKey === undefined || savedKey !== addressKey(typedHost)) return { ok: false, savedFor: saved.host ?? '' };
  return { ok: true, password: saved.password };
}
