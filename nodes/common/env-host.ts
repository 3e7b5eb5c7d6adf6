/**
 * A host field that is an environment variable as a whole, `${NAME}` (or the older `$(NAME)`),
 * resolved as Node-RED resolves it when it deploys the node (mapEnvVarProperties), so a dialog's
 * *Test connection* tests the address the deployed node would use: the variable's value from this
 * runtime's environment, '' when it is not set. Anything else comes back unchanged. (A variable of
 * a flow or group is not known here: the dialog's test has no flow.)
 */
export function resolveEnvHost(host: string): string {
  const match = /^\s*\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|\(([A-Za-z_][A-Za-z0-9_]*)\))\s*$/.exec(host);
  return match ? (process.env[match[1] ?? match[2]] ?? '') : host;
}
