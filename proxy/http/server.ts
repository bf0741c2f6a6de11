/**
 * The HTTP side of the gateway: health, readiness, Prometheus metrics, and mount points
 * for other handlers (the dev OIDC issuer, the approvals console). Errors are problem+json.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

export interface HttpServerOptions {
  host: string;
  port: number;
  registry: Registry;
  /** Readiness: every check must pass (e.g. audit sink healthy, listener up). */
  readiness: () => Promise<{ ready: boolean; checks: Record<string, { ok: boolean; reason?: string }> }>;
  handlers?: readonly HttpHandler[];
}

export function sendProblem(
  res: ServerResponse,
  status: number,
  code: string,
  title: string,
  detail?: string,
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/problem+json', 'cache-control': 'no-store' });
  res.end(
    JSON.stringify({
      type: `https://phigate.dev/problems/${code.toLowerCase()}`,
      title,
      status,
      code,
      ...(detail ? { detail } : {}),
    }),
  );
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export async function startHttpServer(
  options: HttpServerOptions,
): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const handlers = [...(options.handlers ?? [])];
  const server = createServer(async (req, res) => {
    try {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method === 'GET' && path === '/healthz') return sendJson(res, 200, { status: 'ok' });
      if (req.method === 'GET' && path === '/readyz') {
        const r = await options.readiness();
        return sendJson(res, r.ready ? 200 : 503, {
          status: r.ready ? 'ready' : 'not-ready',
          checks: r.checks,
        });
      }
      if (req.method === 'GET' && path === '/metrics') {
        const body = await options.registry.metrics();
        res.writeHead(200, { 'content-type': options.registry.contentType });
        return res.end(body);
      }
      for (const h of handlers) if (await h(req, res)) return;
      sendProblem(res, 404, 'NOT_FOUND', 'no such endpoint');
    } catch {
      sendProblem(res, 500, 'INTERNAL', 'internal error');
    }
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    server,
    url: `http://${host}:${addr.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
