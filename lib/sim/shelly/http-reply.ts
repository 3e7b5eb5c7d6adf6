import type * as http from 'node:http';
import type { Json } from './json';

/** Real Shellies close every HTTP connection (no keep-alive, shelly-protocol.md §3.1). */
const CLOSE = { Connection: 'close' };

export function sendJson(res: http.ServerResponse, statusCode: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(statusCode, { ...CLOSE, ...headers, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendText(res: http.ServerResponse, statusCode: number, text: string, contentType = 'text/plain', headers: Record<string, string> = {}): void {
  res.writeHead(statusCode, { ...CLOSE, ...headers, 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendNotFound(res: http.ServerResponse): void {
  sendText(res, 404, 'Not Found');
}

const MAX_BODY_BYTES = 64 * 1024;

export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** `?id=0&name="x"` → {id: 0, name: "x"}: values are JSON when they parse, strings otherwise. */
export function queryParams(url: URL): Json {
  const params: Json = {};
  for (const [key, raw] of url.searchParams) {
    try {
      params[key] = JSON.parse(raw);
    } catch {
      params[key] = raw;
    }
  }
  return params;
}
