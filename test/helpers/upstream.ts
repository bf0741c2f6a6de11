import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { EHR_TEMPLATE_DATABASE } from './ehr-template.js';

/** The shared embedded PostgreSQL started by the global setup. */
export function upstreamServer() {
  return inject('upstream');
}

export function upstreamUrl(database: string): string {
  const s = upstreamServer();
  return `postgres://${s.user}:${encodeURIComponent(s.password)}@${s.host}:${s.port}/${database}`;
}

/** Creates a fresh database (optionally from a template) for one test file; returns its name. */
export async function createTestDatabase(prefix: string, template?: string): Promise<string> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`.toLowerCase();
  const admin = new pg.Client({ connectionString: upstreamUrl('postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
  } finally {
    await admin.end();
  }
  return name;
}

/** Creates a fresh copy of the seeded `ehr_template` (2,000 synthetic patients, all tables); returns its name. */
export function createEhrDatabase(prefix: string): Promise<string> {
  return createTestDatabase(prefix, EHR_TEMPLATE_DATABASE);
}

/** Runs `fn` with a direct (not through phigate) client on `database`. */
export async function withDirect<T>(database: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: upstreamUrl(database) });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
