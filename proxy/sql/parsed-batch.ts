/**
 * One client message (a simple Query, a Parse) parsed into statements, each with its text and
 * fingerprint; or the syntax error that makes the whole message unparseable.
 */
import type { AstObject } from './ast.js';
import { fingerprintSql, parseSql } from './parser.js';
import { splitStatements } from './split-statements.js';
import { type SqlSyntaxError, toSqlSyntaxError } from './syntax-error.js';

export interface ParsedStatement {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** libpg-query fingerprint (hex) of this statement. */
  readonly fingerprint: string;
  readonly node: AstObject;
}

export type ParsedBatch =
  | { readonly ok: true; readonly statements: readonly ParsedStatement[] }
  | { readonly ok: false; readonly error: SqlSyntaxError };

/** Parses and fingerprints; never throws for bad SQL (the error comes back as data). */
export function parseBatch(text: string): ParsedBatch {
  if (text.trim() === '') return { ok: true, statements: [] };
  let stmts: NonNullable<ReturnType<typeof parseSql>['stmts']>;
  try {
    stmts = parseSql(text).stmts ?? [];
  } catch (error) {
    if (isParserNotLoaded(error)) throw error;
    return { ok: false, error: toSqlSyntaxError(error, text) };
  }
  const statements: ParsedStatement[] = [];
  for (const slice of splitStatements(text, stmts)) {
    let fingerprint: string;
    try {
      fingerprint = fingerprintSql(slice.text);
    } catch (error) {
      if (isParserNotLoaded(error)) throw error;
      // A statement that parses in its batch but not alone: refuse rather than guess.
      return {
        ok: false,
        error: { message: 'statement cannot be parsed on its own', position: slice.start + 1 },
      };
    }
    statements.push({ ...slice, fingerprint });
  }
  return { ok: true, statements };
}

function isParserNotLoaded(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === 'SQL_PARSER_NOT_LOADED'
  );
}
