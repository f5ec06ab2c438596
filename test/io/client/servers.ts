/** Tiny scripted HTTP servers on 127.0.0.1 for client edge cases the emulator never produces. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedServer {
  url: string;
  /** Requests seen: method, path and headers. */
  seen: { method: string; path: string; headers: IncomingMessage['headers']; body: string }[];
  maxInFlight: number;
  close(): Promise<void>;
}

export async function scriptedServer(
  handler: (req: IncomingMessage, body: string, res: ServerResponse, n: number) => void | Promise<void>,
): Promise<ScriptedServer> {
  const seen: ScriptedServer['seen'] = [];
  let inFlight = 0;
  const state = { maxInFlight: 0 };
  const server = createServer(async (req, res) => {
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    let body = '';
    for await (const chunk of req) body += chunk;
    seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
    await handler(req, body, res, seen.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    get maxInFlight() {
      return state.maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
