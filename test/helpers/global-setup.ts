import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { seedDemoDatabase } from '../../cli/demo-data/seed.js';
import { startEmbeddedPostgres } from '../../cli/dev/embedded-postgres.js';
import { EHR_TEMPLATE_DATABASE, EHR_TEMPLATE_PATIENTS, EHR_TEMPLATE_SEED } from './ehr-template.js';

/**
 * One real PostgreSQL 18 for the whole run. Test files create their own databases on it
 * (see `test/helpers/upstream.ts`), so they stay isolated and the server starts once.
 *
 * It also holds `ehr_template`: the synthetic EHR (2,000 patients, all tables) marked as a
 * template that accepts no connections, so `createTestDatabase(prefix, 'ehr_template')` is a
 * fast file-level copy and no test can block the others' copies by staying connected to it.
 */
export default async function setup(project: TestProject) {
  buildDist();
  const dir = mkdtempSync(join(tmpdir(), 'phigate-test-pg-'));
  const server = await startEmbeddedPostgres({ dir });
  const stop = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const admin = await server.client('postgres');
    try {
      await admin.query(`create database ${EHR_TEMPLATE_DATABASE}`);
      const seeded = await seedDemoDatabase(server.url(EHR_TEMPLATE_DATABASE), {
        patients: EHR_TEMPLATE_PATIENTS,
        seed: EHR_TEMPLATE_SEED,
      });
      await admin.query(
        `alter database ${EHR_TEMPLATE_DATABASE} with is_template true allow_connections false`,
      );
      project.provide('ehrTemplate', {
        database: EHR_TEMPLATE_DATABASE,
        seed: EHR_TEMPLATE_SEED,
        patients: seeded.patients,
        encounters: seeded.encounters,
        labResults: seeded.labResults,
        seedMs: seeded.durationMs,
      });
    } finally {
      await admin.end();
    }
  } catch (error) {
    await stop();
    throw error;
  }
  project.provide('upstream', {
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
  });
  return stop;
}

declare module 'vitest' {
  export interface ProvidedContext {
    upstream: { host: string; port: number; user: string; password: string };
    /** The seeded template database and what it holds. */
    ehrTemplate: {
      database: string;
      seed: number;
      patients: number;
      encounters: number;
      labResults: number;
      seedMs: number;
    };
  }
}

/**
 * Tests that run phigate as a child process (memory, crash) run the production build, the
 * one `npm start` and the container run: compile it once per test run.
 */
function buildDist(): void {
  const root = join(import.meta.dirname, '../..');
  const tsc = join(root, 'node_modules/.bin/tsc');
  const r = spawnSync(tsc, ['-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  if (!existsSync(join(root, 'dist/cli/main.js'))) {
    throw new Error(`npm run build produced no dist/cli/main.js: ${r.stdout}${r.stderr}`);
  }
}
