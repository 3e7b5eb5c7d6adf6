/**
 * A host as typed, fit to quote in an error, a log line or a node status: user info is masked
 * ("http://admin:secret@10.0.0.5/" → "http://***@10.0.0.5/"), because a URL pasted into a host
 * field may carry a password, and error texts end up in the log. Up to the last "@", as a
 * password may itself contain one.
 */
export function quotableHost(input: unknown): string {
  const text = typeof input === 'string' ? input : String(input ?? '');
  return text.replace(/^(\s*[a-z][a-z0-9+.-]*:\/\/)?[^]*@/i, '$1***@');
}
