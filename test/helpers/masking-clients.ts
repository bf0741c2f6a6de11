/**
 * Runs one SQL shape with a real client — psql, node-postgres in text or binary result
 * format, or postgres.js — against an endpoint (a tap in front of the gateway, or of upstream
 * for the control run), on a fresh connection, and returns what the client made of it plus
 * every byte the tap saw. Nothing here decides whether a run leaked: see masking-phi.ts.
 */
import pg from 'pg';
import postgres from 'postgres';
import type { Tap } from './masking-tap.js';
import { run } from './run.js';

export const CLIENTS = ['psql', 'pg-text', 'pg-binary', 'postgres'] as const;
export type ClientKind = (typeof CLIENTS)[number];

export interface Endpoint {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  readonly password: string;
}

export interface ShapeStatement {
  readonly sql: string;
  readonly params?: readonly unknown[];
  /** A protocol-level named prepared statement (pg `name`, postgres.js `prepare: true`). */
  readonly named?: string;
}

export interface DecodedResult {
  readonly columns: string[];
  readonly rows: unknown[][];
}

export interface ClientRun {
  readonly client: ClientKind;
  /** The first error the client reported (message and SQLSTATE), if any. */
  readonly error?: { message: string; code?: string; detail?: string };
  /** Results that had columns, in order (psql: none, its output is text). */
  readonly results: DecodedResult[];
  /** Everything the client surfaced as text: psql stdout+stderr, or the driver's rows, notices and errors. */
  readonly text: string;
  /** psql: number of output lines (structure check against the control run). */
  readonly lines?: number;
  /** The tap's capture: per connection, bytes both ways. */
  readonly wire: { toClient: Buffer; toServer: Buffer; fresh: boolean }[];
}

/** `$1` … `$n` inlined as SQL literals, for psql (no \bind in psql 15). */
export function inlineParams(sql: string, params?: readonly unknown[]): string {
  if (!params) return sql;
  return sql.replace(/\$(\d+)/g, (_m, n: string) => {
    const v = params[Number(n) - 1];
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'number') return String(v);
    return `'${String(v).replaceAll("'", "''")}'`;
  });
}

const errorOf = (e: unknown) => {
  const x = e as { message?: string; code?: string; detail?: string };
  return {
    message: String(x?.message ?? e),
    ...(x?.code ? { code: x.code } : {}),
    ...(x?.detail ? { detail: x.detail } : {}),
  };
};

function jsonText(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (
      v &&
      typeof v === 'object' &&
      (v as { type?: string }).type === 'Buffer' &&
      Array.isArray((v as { data?: unknown }).data)
    )
      return Buffer.from((v as { data: number[] }).data).toString('latin1');
    return v;
  });
}

async function runPsql(
  ep: Endpoint,
  statements: readonly ShapeStatement[],
): Promise<Omit<ClientRun, 'wire' | 'client'>> {
  const script = `${statements.map((s) => `${inlineParams(s.sql, s.params)};`).join('\n')}\n`;
  const r = await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-A', '-F', '|', '-f', '-'], {
    input: script,
    timeoutMs: 30_000,
    env: {
      ...process.env,
      PGHOST: ep.host,
      PGPORT: String(ep.port),
      PGDATABASE: ep.database,
      PGUSER: ep.user,
      PGPASSWORD: ep.password,
      PGSSLMODE: 'disable',
      PGCONNECT_TIMEOUT: '10',
      PGAPPNAME: 'leak-harness',
    },
  });
  const text = `${r.stdout}\n${r.stderr}`;
  const failed = r.code !== 0 || /^(psql:.*)?ERROR:/m.test(r.stderr);
  return {
    ...(failed ? { error: { message: r.stderr.trim() || `psql exited ${r.code}` } } : {}),
    results: [],
    text,
    lines: r.stdout.split('\n').length,
  };
}

async function runPg(
  ep: Endpoint,
  statements: readonly ShapeStatement[],
  binary: boolean,
  connected: () => void,
): Promise<Omit<ClientRun, 'wire' | 'client'>> {
  const client = new pg.Client({ ...ep, ssl: false, connectionTimeoutMillis: 10_000 });
  const notices: string[] = [];
  client.on('notice', (n) => notices.push(`${n.message} ${n.detail ?? ''}`));
  client.on('error', () => undefined);
  const results: DecodedResult[] = [];
  let error: ClientRun['error'];
  try {
    await client.connect();
    connected();
    for (const s of statements) {
      const config: pg.QueryConfig & { queryMode?: string; binary?: boolean } = {
        text: s.sql,
        ...(s.params ? { values: [...s.params] } : {}),
        ...(s.named ? { name: s.named } : {}),
        ...(binary ? { binary: true, queryMode: 'extended' } : {}),
      } as never;
      const r = await client.query(config as never);
      for (const one of Array.isArray(r) ? r : [r]) {
        const res = one as pg.QueryResult;
        // Object rows: pg's array row mode skips the Buffer conversion its binary parsers need.
        if (res.fields?.length) {
          const columns = res.fields.map((f) => f.name);
          results.push({
            columns,
            rows: res.rows.map((row) => columns.map((c) => (row as Record<string, unknown>)[c])),
          });
        }
      }
    }
  } catch (e) {
    error = errorOf(e);
  } finally {
    await client.end().catch(() => undefined);
  }
  return {
    ...(error ? { error } : {}),
    results,
    text: `${jsonText(results)}\n${notices.join('\n')}\n${error ? `${error.message}\n${error.detail ?? ''}` : ''}`,
  };
}

async function runPostgresJs(
  ep: Endpoint,
  statements: readonly ShapeStatement[],
  connected: () => void,
): Promise<Omit<ClientRun, 'wire' | 'client'>> {
  const notices: string[] = [];
  const sql = postgres({
    host: ep.host,
    port: ep.port,
    database: ep.database,
    username: ep.user,
    password: ep.password,
    ssl: false,
    max: 1,
    connect_timeout: 10,
    idle_timeout: 1,
    onnotice: (n) => notices.push(`${n.message} ${n.detail ?? ''}`),
    // Every type as the driver parses it by default; no custom types.
  });
  const results: DecodedResult[] = [];
  let error: ClientRun['error'];
  try {
    const reserved = await sql.reserve();
    // postgres.js reads pg_type's array types right after connecting: catalog OIDs, not shape output.
    await reserved`select 1`;
    connected();
    try {
      for (const s of statements) {
        if (/^\s*copy\b/i.test(s.sql)) {
          const chunks: Buffer[] = [];
          const stream = await reserved.unsafe(s.sql).readable();
          for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
          results.push({ columns: ['copy'], rows: [[Buffer.concat(chunks).toString('utf8')]] });
          continue;
        }
        const q = reserved.unsafe(s.sql, (s.params ?? []) as never[], { prepare: s.named !== undefined });
        const rows = await q.values();
        const columns =
          (rows as unknown as { columns?: { name: string }[] }).columns?.map((c) => c.name) ?? [];
        if (columns.length) results.push({ columns, rows: rows as unknown as unknown[][] });
      }
    } finally {
      reserved.release();
    }
  } catch (e) {
    error = errorOf(e);
  } finally {
    await sql.end({ timeout: 2 }).catch(() => undefined);
  }
  return {
    ...(error ? { error } : {}),
    results,
    text: `${jsonText(results)}\n${notices.join('\n')}\n${error ? `${error.message}\n${error.detail ?? ''}` : ''}`,
  };
}

/** Runs the statements with one client on a fresh connection through `tap`; captures the bytes. */
export async function runWithClient(
  client: ClientKind,
  tap: Tap,
  ep: Omit<Endpoint, 'host' | 'port'>,
  statements: readonly ShapeStatement[],
): Promise<ClientRun> {
  const endpoint = { ...ep, host: tap.host, port: tap.port };
  // psql: the whole session is captured. Drivers: from the moment they are connected (postgres.js
  // reads pg_type first; its OIDs are catalog numbers, not values of the shape).
  tap.begin();
  const connected = () => tap.begin();
  const r =
    client === 'psql'
      ? await runPsql(endpoint, statements)
      : client === 'postgres'
        ? await runPostgresJs(endpoint, statements, connected)
        : await runPg(endpoint, statements, client === 'pg-binary', connected);
  // Let the last bytes (ReadyForQuery, Terminate) reach the tap before it is read.
  await new Promise((resolve) => setTimeout(resolve, 20));
  return { client, ...r, wire: tap.connections() };
}
