/**
 * Test harness: the real dev OIDC issuer served over real HTTP on 127.0.0.1:0, counting the
 * requests per path, with switches to make the endpoints fail (HTTP 503) or hang.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DevIssuer, openDevIssuer } from '../../../cli/dev/oidc-issuer.js';

export interface IssuerServer {
  readonly issuer: DevIssuer;
  readonly dataDir: string;
  readonly port: number;
  /** Requests seen per path (e.g. `/dev-issuer/jwks`). */
  count(pathSuffix: 'jwks' | 'discovery'): number;
  /** 'up' serves; 'error' answers 503; 'hang' never answers. */
  mode: 'up' | 'error' | 'hang';
  /** Replaces the discovery document served (to test a lying issuer). */
  discoveryOverride: Record<string, unknown> | undefined;
  close(): Promise<void>;
}

export async function startIssuerServer(dataDir?: string): Promise<IssuerServer> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'phigate-issuer-'));
  const counts = new Map<string, number>();
  const hanging = new Set<import('node:http').ServerResponse>();
  let issuer: DevIssuer | undefined;
  const state: IssuerServer = {
    get issuer() {
      return issuer as DevIssuer;
    },
    dataDir: dir,
    port: 0,
    mode: 'up',
    discoveryOverride: undefined,
    count: (kind) => counts.get(kind) ?? 0,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
  const server: Server = createServer((req, res) => {
    const kind = req.url?.endsWith('/jwks')
      ? 'jwks'
      : req.url?.includes('openid-configuration')
        ? 'discovery'
        : 'other';
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
    if (state.mode === 'hang') {
      hanging.add(res);
      return;
    }
    if (state.mode === 'error') {
      res.writeHead(503).end('down');
      return;
    }
    if (kind === 'discovery' && state.discoveryOverride) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(state.discoveryOverride));
      return;
    }
    if (!issuer?.handle(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  (state as { port: number }).port = port;
  issuer = await openDevIssuer({ dataDir: dir, issuerUrl: `http://127.0.0.1:${port}/dev-issuer` });
  return state;
}
