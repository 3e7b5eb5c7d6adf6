import * as http from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

export const LOOPBACK_HOST = '127.0.0.1';

export type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
export type UpgradeHandler = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * An HTTP server on 127.0.0.1 that can go away and come back on the same port (a device
 * rebooting or dropping off the network) and whose close() also ends every open connection,
 * upgraded WebSockets included, so nothing keeps the process alive.
 */
export class LoopbackHttpServer {
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private boundPort: number;

  private constructor(requested: number, onRequest: RequestHandler, onUpgrade: UpgradeHandler | undefined) {
    this.boundPort = requested;
    this.server = http.createServer((req, res) => {
      try {
        onRequest(req, res);
      } catch (err) {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain', Connection: 'close' });
        res.end(`simulator error: ${(err as Error).message}`);
      }
    });
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      if (onUpgrade) return onUpgrade(req, socket, head);
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    });
  }

  static async start(port: number, onRequest: RequestHandler, onUpgrade?: UpgradeHandler): Promise<LoopbackHttpServer> {
    const server = new LoopbackHttpServer(port, onRequest, onUpgrade);
    await server.listen();
    return server;
  }

  get port(): number {
    return this.boundPort;
  }

  get listening(): boolean {
    return this.server.listening;
  }

  /** TCP connections open now (upgraded WebSockets included): what a client leaves behind shows here. */
  get openConnections(): number {
    return this.sockets.size;
  }

  /** Stops accepting and ends every open connection. */
  async close(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  /** Listens again on the port it had (fails if something else took it meanwhile). */
  async reopen(): Promise<void> {
    if (!this.server.listening) await this.listen();
  }

  private listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once('error', onError);
      this.server.listen(this.boundPort, LOOPBACK_HOST, () => {
        this.server.removeListener('error', onError);
        this.boundPort = (this.server.address() as { port: number }).port;
        resolve();
      });
    });
  }
}
