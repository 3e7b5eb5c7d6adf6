/** Gen1 "restricted login": HTTP Basic with the user name set on the device (shelly-protocol.md §2.5). */
export function basicAuthMatches(header: string | undefined, username: string, password: string): boolean {
  const match = /^\s*basic\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return false;
  return Buffer.from(match[1], 'base64').toString('utf8') === `${username}:${password}`;
}

export function basicChallenge(realm: string): string {
  return `Basic realm="${realm}"`;
}
