import { sendJson, sendNotFound, sendText } from './http-reply';
import { LOOPBACK_HOST, LoopbackHttpServer } from './loopback-http-server';

export interface NonShellyServer {
  port: number;
  /** '127.0.0.1:<port>' */
  host: string;
  stop(): Promise<void>;
}

const ROUTER_PAGE = '<!DOCTYPE html><html><head><title>Router login</title></head><body><h1>Welcome</h1><form><input type="password"></form></body></html>';
/** JSON that is not a Shelly identity: neither a numeric `gen` nor a `type`. */
const UNRELATED_JSON = { status: 'ok', product: 'Generic IoT hub', version: '3.2.1' };

/** Something else at the address: answers /shelly with an HTML page or unrelated JSON. */
export async function startNonShellyServer(kind: 'html' | 'json'): Promise<NonShellyServer> {
  const server = await LoopbackHttpServer.start(0, (req, res) => {
    const pathname = new URL(req.url ?? '/', `http://${LOOPBACK_HOST}`).pathname;
    if (pathname !== '/' && pathname !== '/shelly') return sendNotFound(res);
    if (kind === 'html') return sendText(res, 200, ROUTER_PAGE, 'text/html; charset=utf-8');
    return sendJson(res, 200, UNRELATED_JSON);
  });
  return { port: server.port, host: `${LOOPBACK_HOST}:${server.port}`, stop: () => server.close() };
}
