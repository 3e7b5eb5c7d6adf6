import type * as http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { MALFORMED_JSON_TEXT, replyUnderFault, type SimulatedFault } from './faults';
import { RPC_UNAVAILABLE, type RpcErrorBody } from './rpc-errors';
import { answerFrame, replyFrame, type FrameContext } from './rpc-frames';
import type { NotificationMethod } from './status-notifier';
import { isJsonObject, type Json } from './json';
import type { TimerSet } from './timer-set';

const SIMULATED_FAULT_ERROR: RpcErrorBody = { code: RPC_UNAVAILABLE, message: 'Unavailable (simulated fault)' };

interface Peer {
  socket: WebSocket;
  /** The client's `src`, used as `dst` of notifications. */
  clientSrc?: string;
  /** Sent a request with a `src` (authenticated when a password is set): notifications flow from then on. */
  subscribed: boolean;
}

export interface WsRpcChannelOptions {
  frames: FrameContext;
  fault: () => SimulatedFault | undefined;
  timers: TimerSet;
}

/**
 * The device's `ws://host/rpc` endpoint (shelly-protocol.md §3.7): request/response frames and,
 * once the client has sent a request with a `src` (authenticated when a password is set),
 * notifications addressed to that `src`. Stalling keeps the TCP connections open but stops
 * replies, notifications and pongs, like a device whose firmware hangs.
 */
export class WsRpcChannel {
  private readonly server = new WebSocketServer({ noServer: true, autoPong: false });
  private readonly peers = new Set<Peer>();
  private stalled = false;

  constructor(private readonly options: WsRpcChannelOptions) {}

  handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    this.server.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  notify(method: NotificationMethod, params: Json): void {
    if (this.stalled) return;
    for (const peer of this.peers) {
      if (!peer.subscribed || peer.socket.readyState !== WebSocket.OPEN) continue;
      peer.socket.send(JSON.stringify({ src: this.options.frames.deviceId, dst: peer.clientSrc, method, params }));
    }
  }

  setStalled(stalled: boolean): void {
    this.stalled = stalled;
  }

  /** The server ends every connection at once (no closing handshake), like a rebooting device. */
  dropAll(): void {
    for (const peer of this.peers) peer.socket.terminate();
    this.peers.clear();
  }

  get openConnections(): number {
    return this.peers.size;
  }

  close(): Promise<void> {
    this.dropAll();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: WebSocket): void {
    const peer: Peer = { socket, subscribed: false };
    this.peers.add(peer);
    this.options.frames.stats.wsConnections++;
    socket.on('close', () => this.peers.delete(peer));
    socket.on('error', () => socket.terminate());
    socket.on('ping', (data: Buffer) => {
      if (!this.stalled) socket.pong(data);
    });
    socket.on('message', (data: RawData) => this.receive(peer, data));
  }

  private receive(peer: Peer, data: RawData): void {
    let frame: unknown;
    try {
      frame = JSON.parse(data.toString());
    } catch {
      return; // real devices drop frames they cannot parse
    }
    const request: Json = isJsonObject(frame) ? frame : {};
    const { methods, stats } = this.options.frames;
    if (typeof request.method === 'string') stats.count(`WS ${methods.canonicalName(request.method) ?? request.method}`);
    if (this.stalled) return; // received, but a hung device does not process it
    const answer = answerFrame(frame, this.options.frames);
    if (typeof request.src === 'string') {
      peer.clientSrc = request.src;
      if (answer.authenticated) peer.subscribed = true;
    }
    const send = (text: string): void => {
      if (!this.stalled && peer.socket.readyState === WebSocket.OPEN) peer.socket.send(text);
    };
    replyUnderFault(this.options.fault(), this.options.timers, {
      normal: () => send(JSON.stringify(answer.response)),
      serverError: () => send(JSON.stringify(replyFrame(this.options.frames.deviceId, request, { error: SIMULATED_FAULT_ERROR }))),
      malformed: () => send(MALFORMED_JSON_TEXT),
    });
  }
}
