import WebSocket from 'ws';
import { frameAuth, type DigestChallenge } from './digest-auth';
import { parseIncomingFrame, type RpcRequestFrame } from './rpc-frame';
import { ShellyError, formatSeconds } from './shelly-error';

export interface RpcWebSocketOptions {
  /** ws://host:port/rpc */
  url: string;
  /** For messages: the device id once known, else the host. */
  deviceLabel: string;
  password?: string;
  /** `src` of our frames; the device sends notifications only after a request with a src. */
  clientId: string;
  /** Handshake and per-call deadline; a call without a reply in time means a stalled socket. */
  requestTimeoutMs: number;
  /** Ping interval; a ping still unanswered at the next one means a stalled socket. */
  keepAliveMs: number;
  onNotification(method: string, frame: Record<string, unknown>): void;
  /** The open socket failed (closed by the device, stalled, error); called at most once. */
  onFailure(err: ShellyError): void;
}

interface PendingCall {
  method: string;
  resolve(result: unknown): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

const MAX_FRAME_BYTES = 1 << 20;

/**
 * JSON-RPC over the Gen2+ WebSocket `ws://host/rpc` (shelly-protocol.md §3.6, §3.7): calls matched
 * to replies by id, notifications handed on, digest auth inside the frames (a 401 reply carries the
 * challenge as a JSON string; the call is repeated once with an `auth` object and every later call
 * carries auth with a growing nonce count), keep-alive pings, and stall detection.
 */
export class RpcWebSocket {
  private socket?: WebSocket;
  private nextId = 1;
  private readonly pending = new Map<number, PendingCall>();
  private challenge?: DigestChallenge;
  private nonceCount = 0;
  private keepAlive?: NodeJS.Timeout;
  private awaitingPong = false;
  private failed = false;
  private closedByUs = false;

  constructor(private readonly options: RpcWebSocketOptions) {}

  /** Opens the socket; rejects with a ShellyError when the handshake fails or times out. */
  open(): Promise<void> {
    const { url, requestTimeoutMs } = this.options;
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { handshakeTimeout: requestTimeoutMs, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
      this.socket = socket;
      let opened = false;
      const fail = (err: ShellyError): void => {
        if (!opened) {
          opened = true; // settle once
          socket.removeAllListeners();
          socket.on('error', () => undefined);
          socket.terminate();
          reject(err);
        } else {
          this.fail(err);
        }
      };
      socket.on('unexpected-response', (_req, res) => {
        res.resume();
        fail(new ShellyError('bad-reply', `WebSocket ${url}`, `HTTP ${res.statusCode} instead of an upgrade`));
      });
      socket.on('error', (err: Error & { code?: string }) => {
        if (/timed out/i.test(err.message)) fail(new ShellyError('timeout', `WebSocket ${url}`, `no handshake after ${formatSeconds(requestTimeoutMs)}`));
        else if (err.code === 'ECONNREFUSED') fail(new ShellyError('unreachable', `WebSocket ${url}`, 'connection refused'));
        else fail(new ShellyError(opened ? 'connection-lost' : 'unreachable', `WebSocket ${url}`, err.message));
      });
      socket.on('open', () => {
        opened = true;
        this.startKeepAlive();
        resolve();
      });
      socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
        if (!isBinary) this.onFrame(data.toString());
      });
      socket.on('pong', () => {
        this.awaitingPong = false;
      });
      socket.on('close', (code: number) => {
        if (!opened) fail(new ShellyError('unreachable', `WebSocket ${url}`, 'closed during the handshake'));
        else if (!this.closedByUs) this.fail(new ShellyError('connection-lost', this.options.deviceLabel, `the device closed the WebSocket (code ${code})`));
      });
    });
  }

  /** Calls a method; rejects on an RPC error, a timeout (which also fails the socket) or a closed socket. */
  call(method: string, params?: Record<string, unknown>): Promise<unknown> {
    return this.send(method, params, false);
  }

  close(): void {
    this.closedByUs = true;
    this.teardown(new ShellyError('closed', '', 'connection closed'));
  }

  /** Rejects every call with err, stops pinging and drops the socket. */
  private teardown(err: ShellyError): void {
    this.stopKeepAlive();
    this.rejectAll(err);
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      socket.removeAllListeners();
      socket.on('error', () => undefined); // a late error on a socket we dropped is not news
      socket.terminate();
    }
  }

  private send(method: string, params: Record<string, unknown> | undefined, isRetry: boolean): Promise<unknown> {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      return Promise.reject(new ShellyError('connection-lost', `WebSocket to ${this.options.deviceLabel}`, 'not open'));
    }
    const id = this.nextId++;
    const frame: RpcRequestFrame = { id, src: this.options.clientId, method };
    if (params) frame.params = params;
    if (this.challenge && this.options.password) {
      this.nonceCount += 1;
      frame.auth = frameAuth(this.challenge, this.options.password, this.nonceCount);
    }
    return new Promise<unknown>((resolve, reject) => {
      const timeoutMs = this.options.requestTimeoutMs;
      const timer = setTimeout(() => {
        this.pending.delete(id);
        const err = new ShellyError('timeout', `${method} on ${this.options.deviceLabel}`, `no reply after ${formatSeconds(timeoutMs)} (stalled WebSocket)`);
        reject(err);
        this.fail(err);
      }, timeoutMs);
      this.pending.set(id, {
        method,
        timer,
        reject,
        resolve: (result) => resolve(result),
      });
      socket.send(JSON.stringify(frame), (err) => {
        if (err) this.fail(new ShellyError('connection-lost', `WebSocket to ${this.options.deviceLabel}`, err.message));
      });
    }).catch((err: unknown) => {
      // A 401 with a challenge: answer it once.
      if (err instanceof AuthChallenge) {
        if (!this.options.password) {
          throw new ShellyError('auth', `401 from ${this.options.deviceLabel}`, 'the device needs a password (set it in the device config node)');
        }
        if (isRetry) throw new ShellyError('auth', `401 from ${this.options.deviceLabel}`, 'wrong password for user admin');
        this.challenge = err.challenge;
        this.nonceCount = (err.challenge.nc ?? 1) - 1;
        return this.send(method, params, true);
      }
      throw err;
    });
  }

  private onFrame(text: string): void {
    const frame = parseIncomingFrame(text);
    if (frame.kind === 'notification') {
      // This runs in the socket's 'message' event: a throw here would be uncaught and end the process.
      try {
        this.options.onNotification(frame.method, frame.frame);
      } catch (err) {
        this.fail(new ShellyError('bad-reply', this.options.deviceLabel, `notification not applied: ${err instanceof Error ? err.message : String(err)}`));
      }
      return;
    }
    if (frame.kind === 'malformed') {
      this.fail(new ShellyError('bad-reply', this.options.deviceLabel, 'malformed JSON frame on the WebSocket'));
      return;
    }
    if (frame.kind !== 'response' || typeof frame.id !== 'number') return; // not ours: ignore
    const call = this.pending.get(frame.id);
    if (!call) return;
    this.pending.delete(frame.id);
    clearTimeout(call.timer);
    if (!frame.error) {
      call.resolve(frame.result);
    } else if (frame.error.code === 401 && frame.error.challenge) {
      call.reject(new AuthChallenge(frame.error.challenge));
    } else if (frame.error.code === 401) {
      call.reject(new ShellyError('auth', `401 from ${this.options.deviceLabel}`, frame.error.message || 'unauthorized'));
    } else {
      call.reject(new ShellyError('bad-reply', `${call.method} on ${this.options.deviceLabel}`, `RPC error ${frame.error.code}: ${frame.error.message}`));
    }
  }

  private startKeepAlive(): void {
    this.keepAlive = setInterval(() => {
      if (this.awaitingPong) {
        this.fail(new ShellyError('connection-lost', this.options.deviceLabel, `no pong within ${formatSeconds(this.options.keepAliveMs)} (stalled WebSocket)`));
        return;
      }
      this.awaitingPong = true;
      this.socket?.ping();
    }, this.options.keepAliveMs);
  }

  private stopKeepAlive(): void {
    if (this.keepAlive) clearInterval(this.keepAlive);
    this.keepAlive = undefined;
  }

  private rejectAll(err: ShellyError): void {
    for (const call of this.pending.values()) {
      clearTimeout(call.timer);
      call.reject(err);
    }
    this.pending.clear();
  }

  private fail(err: ShellyError): void {
    if (this.failed || this.closedByUs) return;
    this.failed = true;
    this.teardown(err);
    this.options.onFailure(err);
  }
}

/** Internal: a 401 reply with a digest challenge, answered by send(). */
class AuthChallenge extends Error {
  constructor(readonly challenge: DigestChallenge) {
    super('digest challenge');
  }
}
