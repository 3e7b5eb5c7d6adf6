/** The messages between a test and its Node-RED child process (runtime-child.ts ↔ runtime-process.ts). */
export interface ChildStartOptions {
  userDir: string;
  /** Node-RED settings merged over the child's defaults (JSON only: adminAuth users, lektrico* settings …). */
  settings?: Record<string, unknown>;
  credentialSecret?: string;
}

export interface ResourceProbe {
  /** process.getActiveResourcesInfo() counted by type (TCPSocketWrap, Timeout, …). */
  resources: Record<string, number>;
  /** After two forced garbage collections when the child runs with --expose-gc. */
  heapUsedBytes: number;
  /** Listener counts on the process and on Node-RED's runtime events, by event name. */
  listeners: Record<string, number>;
  gcForced: boolean;
}

export type ChildRequest = { type: 'probe' } | { type: 'stop' };

export type ChildReply =
  | { type: 'ready'; url: string }
  | { type: 'failed'; text: string }
  | { type: 'log'; level: string; msg: string; node?: string }
  | { type: 'unhandled'; kind: 'rejection' | 'exception'; text: string }
  | { type: 'probe'; probe: ResourceProbe }
  | { type: 'stopped'; resources: Record<string, number> };
