import * as path from 'node:path';

/**
 * Which Node-RED this process embeds: the dev dependency (4.1), or the one in the folder that
 * LEKTRICO_EM_NODE_RED names (a `node-red` package folder). `npm run test:node-red-5` sets it to
 * run the Node-RED tests against Node-RED 5 on Node.js 22, the release the README declares
 * compatible (scripts/test-node-red-5.js).
 */
export const NODE_RED_ENV = 'LEKTRICO_EM_NODE_RED';

/** The folder of the node-red package in use. */
export function nodeRedDir(): string {
  const chosen = process.env[NODE_RED_ENV];
  return chosen ? path.resolve(chosen) : path.dirname(require.resolve('node-red/package.json'));
}

/** The path require() loads Node-RED from (the package's main file). */
export function nodeRedEntry(): string {
  return require.resolve(nodeRedDir());
}

/** Loads a module the embedded Node-RED depends on (express), as that Node-RED resolves it. */
export function requireFromNodeRed<T>(id: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(require.resolve(id, { paths: [nodeRedDir()] })) as T;
}

/** Loads the embedded Node-RED. */
export function requireNodeRed<T>(): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(nodeRedEntry()) as T;
}
