import * as http from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A minimal Gen2-style HTTP device for the cases the simulators do not model: a model code no
 * catalogue knows, a status with only unknown components, no WebSocket at all (the upgrade is
 * refused), or a WebSocket that misbehaves after it answers (`webSocket.afterReply`: send a
 * hostile frame, drop the socket). Answers GET /shelly and GET /rpc/Shelly.GetStatus on
 * 127.0.0.1; over the WebSocket every call gets the status as its result.
 */
export interface FakeRpcDevice {
  host: string;
  requests: string[];
  stop(): Promise<void>;
}

export interface FakeRpcDeviceOptions {
  model: string;
  status: Record<string, unknown>;
  /** Accept the WebSocket; afterReply runs after each reply sent on it. */
  webSocket?: { afterReply(socket: WebSocket): void };
}

export async function startFakeRpcDevice(options: FakeRpcDeviceOptions): Promise<FakeRpcDevice> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const reply = (code: number, body: unknown): void => {
      res.writeHead(code, { 'Content-Type': 'application/json', Connection: 'close' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/shelly') return reply(200, { id: 'shellyfuture-aabbccddeeff', mac: 'AABBCCDDEEFF', model: options.model, gen: 5, auth_en: false });
    if (req.url === '/rpc/Shelly.GetStatus') return reply(200, options.status);
    return reply(404, { code: 404, message: `No handler for ${req.url}` });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const webSocket = options.webSocket;
  const wss = webSocket ? new WebSocketServer({ noServer: true }) : undefined;
  server.on('upgrade', (req, socket: Socket, head: Buffer) => {
    requests.push('UPGRADE');
    if (!wss || !webSocket) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('message', (data) => {
        const call = JSON.parse(String(data)) as { id: number; src: string; method: string };
        requests.push(`WS ${call.method}`);
        ws.send(JSON.stringify({ id: call.id, src: 'shellyfuture-aabbccddeeff', dst: call.src, result: options.status }));
        webSocket.afterReply(ws);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    host: `127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        wss?.close();
        server.close(() => resolve());
      }),
  };
}
