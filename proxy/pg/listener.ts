/**
 * The PostgreSQL listener: accepts TCP connections and runs one session per connection.
 * A failure in one session never reaches the others or the process.
 */

import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import { handleConnection, type SessionDeps } from './session/client-session.js';

export interface PgListener {
  readonly server: Server;
  readonly host: string;
  readonly port: number;
  readonly activeConnections: number;
  close(): Promise<void>;
}

export async function startPgListener(
  host: string,
  port: number,
  deps: Omit<SessionDeps, 'admitSession'>,
  maxSessions: number,
): Promise<PgListener> {
  const sockets = new Set<Socket>();
  let sessions = 0;
  const sessionDeps: SessionDeps = {
    ...deps,
    admitSession: () => sessions < maxSessions,
    metrics: {
      ...deps.metrics,
      sessionOpened: () => {
        sessions++;
        deps.metrics.sessionOpened();
      },
      sessionClosed: () => {
        sessions--;
        deps.metrics.sessionClosed();
      },
    },
  };
  const server = createServer({ noDelay: true, pauseOnConnect: false }, (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    handleConnection(socket, sessionDeps).catch((e) => {
      deps.logger.error(
        { event: 'session.crash', err: e instanceof Error ? e.name : 'unknown' },
        'session handler failed',
      );
      socket.destroy();
    });
  });
  server.maxConnections = maxSessions * 2 + 16; // headroom for cancel requests and refusals
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  return {
    server,
    host: addr.address,
    port: addr.port,
    get activeConnections() {
      return sockets.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
