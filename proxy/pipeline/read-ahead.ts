/**
 * Which statements may go upstream while their audit intent is still being flushed.
 *
 * The invariant is that no statement has an effect upstream, and no data reaches the client,
 * without a durable intent. A plain read has no effect: sending it early and holding every
 * result byte until the intent is durable keeps both halves, and takes the flush (~0.2–0.3 ms
 * on this disk) off the statement's critical path. Anything that might write — DML, DDL, a
 * data-modifying CTE, SELECT INTO, COPY, a cursor, a locking clause, a function call outside
 * this list of built-ins without side effects — waits for the intent as before.
 */
import type { StatementDecision } from '../policy/decision.js';

/** Built-in functions with no effect outside the statement (pg_catalog, immutable or stable). */
const PURE = new Set([
  'abs',
  'array_agg',
  'array_length',
  'avg',
  'bool_and',
  'bool_or',
  'btrim',
  'ceil',
  'ceiling',
  'char_length',
  'character_length',
  'coalesce',
  'concat',
  'concat_ws',
  'count',
  'current_date',
  'current_timestamp',
  'date_part',
  'date_trunc',
  'every',
  'extract',
  'floor',
  'format',
  'greatest',
  'initcap',
  'json_agg',
  'json_build_array',
  'json_build_object',
  'jsonb_agg',
  'jsonb_build_array',
  'jsonb_build_object',
  'least',
  'left',
  'length',
  'lower',
  'lpad',
  'ltrim',
  'max',
  'md5',
  'min',
  'mod',
  'now',
  'nullif',
  'position',
  'power',
  'regexp_replace',
  'replace',
  'right',
  'round',
  'row_number',
  'rank',
  'dense_rank',
  'rpad',
  'rtrim',
  'sqrt',
  'string_agg',
  'strpos',
  'substr',
  'substring',
  'sum',
  'to_char',
  'to_date',
  'to_json',
  'to_jsonb',
  'to_number',
  'to_timestamp',
  'trim',
  'trunc',
  'upper',
  'generate_series',
  'unnest',
  'age',
  'row_to_json',
]);

const LOCKING = /\bfor\s+(no\s+key\s+update|update|key\s+share|share)\b/i;

const bare = (name: string) =>
  name.startsWith('pg_catalog.') ? name.slice(11) : name.includes('.') ? '' : name;

export function mayRunAheadOfIntent(statements: readonly StatementDecision[]): boolean {
  if (statements.length === 0) return false;
  return statements.every(({ facts, text }) => {
    if (facts.kind !== 'read' || facts.statementType !== 'SelectStmt') return false;
    if (facts.tablesWritten.length > 0 || facts.dataModifyingCte || facts.selectInto || facts.cursor)
      return false;
    if (facts.copy || facts.settings.length > 0) return false;
    // Row locks (FOR UPDATE / SHARE) change what other sessions can do: not a plain read. The
    // test is on the text, so a match inside a string or comment only costs the read-ahead.
    if (LOCKING.test(text)) return false;
    return facts.functions.every((f) => PURE.has(bare(f.toLowerCase())));
  });
}
