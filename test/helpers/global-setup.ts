import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../cli/dev/embedded-postgres.js';

/**
 * One real PostgreSQL 18 for the whole run. Test files create their own databases on it
 * (see `test/helpers/upstream.ts`), so they stay isolated and the server starts once.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'phigate-test-pg-'));
  const server = await startEmbeddedPostgres({ dir });
  project.provide('upstream', {
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
  });
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    upstream: { host: string; port: number; user: string; password: string };
  }
}
