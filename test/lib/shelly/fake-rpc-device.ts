import * as http from 'node:http';
import type { Socket } from 'node:net';

/**
 * A minimal Gen2-style HTTP device for the cases the simulators do not model: a model code no
 * catalogue knows, a status with only unknown components, and no WebSocket at all (the upgrade
 * is refused). Answers GET /shelly and GET /rpc/Shelly.GetStatus on 127.0.0.1.
 */
export interface FakeRpcDevice {
  host: string;
  requests: string[];
  stop(): Promise<void>;
}

export async function startFakeRpcDevice(options: { model: string; status: Record<string, unknown> }): Promise<FakeRpcDevice> {
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
  server.on('upgrade', (_req, socket: Socket) => {
    requests.push('UPGRADE');
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    host: `127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
