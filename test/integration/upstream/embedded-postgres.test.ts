import { describe, expect, it } from 'vitest';
import { createTestDatabase, withDirect } from '../../helpers/upstream.js';

describe('embedded PostgreSQL (global setup)', () => {
  it('serves a real PostgreSQL 18 with isolated per-test databases', async () => {
    const db = await createTestDatabase('smoke');
    const row = await withDirect(
      db,
      async (c) =>
        (await c.query('select current_database() as db, current_setting($1) as v', ['server_version_num']))
          .rows[0],
    );
    expect(row.db).toBe(db);
    expect(Number(row.v)).toBeGreaterThanOrEqual(180000);
  });
});
