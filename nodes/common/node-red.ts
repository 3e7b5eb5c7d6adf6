/**
 * The part of the Node-RED runtime API this package uses, typed here so the nodes do not
 * depend on @types/node-red (written for Node-RED 1.x). Stable across Node-RED 4.x and 5.x.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface NodeMessage {
  _msgid?: string;
  topic?: string;
  payload?: unknown;
  [key: string]: unknown;
}

export type SendFn = (msg: NodeMessage | null | Array<NodeMessage | NodeMessage[] | null>) => void;
export type DoneFn = (err?: Error) => void;

export interface NodeStatus {
  fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey';
  shape?: 'ring' | 'dot';
  text?: string;
}

export interface NodeDef {
  id: string;
  type: string;
  name?: string;
  z?: string;
  [key: string]: unknown;
}

export interface RuntimeNode {
  id: string;
  type: string;
  name?: string;
  z?: string;
  credentials?: Record<string, string | undefined>;
  on(event: 'input', handler: (msg: NodeMessage, send: SendFn, done: DoneFn) => void): void;
  on(event: 'close', handler: (removed: boolean, done: () => void) => void): void;
  send(msg: NodeMessage | null | Array<NodeMessage | NodeMessage[] | null>): void;
  status(status: NodeStatus): void;
  log(msg: unknown): void;
  warn(msg: unknown): void;
  error(err: unknown, msg?: NodeMessage): void;
  debug(msg: unknown): void;
  trace(msg: unknown): void;
  receive(msg: NodeMessage): void;
}

export interface AdminRequest extends IncomingMessage {
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  body?: unknown;
}
export interface AdminResponse extends ServerResponse {
  json(body: unknown): void;
  status(code: number): AdminResponse;
  send(body?: unknown): void;
}
type AdminHandler = (req: AdminRequest, res: AdminResponse, next?: () => void) => void;

export interface NodeAPI {
  nodes: {
    createNode(node: object, def: NodeDef): void;
    getNode(id: string): unknown;
    registerType(
      type: string,
      constructor: (this: RuntimeNode, def: NodeDef) => void,
      opts?: { credentials?: Record<string, { type: 'text' | 'password' }>; settings?: Record<string, unknown> },
    ): void;
  };
  httpAdmin: {
    get(path: string, ...handlers: AdminHandler[]): void;
    post(path: string, ...handlers: AdminHandler[]): void;
  };
  auth: { needsPermission(permission: string): AdminHandler };
  _(key: string, substitutions?: Record<string, unknown>): string;
  log: { info(m: unknown): void; warn(m: unknown): void; error(m: unknown): void; debug(m: unknown): void };
  settings: Record<string, unknown>;
}
