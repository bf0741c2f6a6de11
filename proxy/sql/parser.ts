/**
 * The real PostgreSQL parser (libpg-query, WASM). Loaded once at start-up with
 * `loadSqlParser()`; afterwards every call is synchronous. Calling before the load fails
 * closed with a PhigateError instead of parsing nothing.
 */
import { fingerprintSync, loadModule, type ParseResult, parsePlPgSQLSync, parseSync } from 'libpg-query';
import { PhigateError } from '../../core/errors.js';
import { SQLSTATE } from '../../core/sqlstate.js';

let loaded = false;
let loading: Promise<void> | undefined;

/** Loads the WASM parser; idempotent and safe to call concurrently. */
export function loadSqlParser(): Promise<void> {
  if (loaded) return Promise.resolve();
  loading ??= loadModule().then(
    () => {
      loaded = true;
    },
    (error: unknown) => {
      loading = undefined;
      throw new PhigateError('SQL_PARSER_UNAVAILABLE', 'the SQL parser could not be loaded', {
        sqlstate: SQLSTATE.internalError,
        cause: error,
      });
    },
  );
  return loading;
}

export function sqlParserLoaded(): boolean {
  return loaded;
}

function requireLoaded(): void {
  if (!loaded) {
    throw new PhigateError(
      'SQL_PARSER_NOT_LOADED',
      'the SQL parser is not loaded (call loadSqlParser at start-up)',
      {
        sqlstate: SQLSTATE.internalError,
      },
    );
  }
}

/** Parses SQL text into raw statements. Throws libpg-query's SqlError on a syntax error. */
export function parseSql(text: string): ParseResult {
  requireLoaded();
  return parseSync(text);
}

/** Parses a `DO` block or `CREATE FUNCTION … LANGUAGE plpgsql` statement with the PL/pgSQL parser. */
export function parsePlpgsql(statementText: string): unknown {
  requireLoaded();
  return parsePlPgSQLSync(statementText);
}

/** libpg-query's fingerprint (hex): equal for statements that differ only in constants and layout. */
export function fingerprintSql(statementText: string): string {
  requireLoaded();
  return fingerprintSync(statementText);
}
