import * as http from 'node:http';
import type { Socket } from 'node:net';
import * as path from 'node:path';

/**
 * Which Node-RED this process embeds: the dev dependency (4.1), or the one in the folder that
 * LEKTRICO_EM_NODE_RED names (a `node-red` package folder). `npm test` sets it in its second part,
 * which runs the Node-RED tests again on Node-RED 5 and Node.js 22 (scripts/test-node-red-5.js).
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
function requireFromNodeRed<T>(id: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(require.resolve(id, { paths: [nodeRedDir()] })) as T;
}

/** Loads the embedded Node-RED. */
export function requireNodeRed<T>(): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(nodeRedEntry()) as T;
}

export type ExpressApp = http.RequestListener & { use(path: string, handler: unknown): void };

/**
 * The HTTP server an embedded Node-RED runs on: an express app (express from that Node-RED's own
 * tree) and the open sockets, so that a stop can close keep-alive connections at once.
 */
export function nodeRedHttpServer(): { app: ExpressApp; server: http.Server; sockets: Set<Socket> } {
  const app = requireFromNodeRed<() => ExpressApp>('express')();
  const server = http.createServer(app);
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return { app, server, sockets };
}
