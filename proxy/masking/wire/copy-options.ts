/**
 * The options of a `COPY ... TO` statement that decide how its rows are written, read from the
 * libpg-query parse tree (PostgreSQL's ProcessCopyOptions rules). Whatever the masker could not
 * read exactly is refused: an ENCODING other than UTF8, options PostgreSQL itself rejects for COPY
 * TO, unknown or repeated options.
 */
import { type AstObject, asArray, asString, isObject, unwrapNode } from '../../sql/ast.js';
import { UnsupportedCopyError } from './wire-error.js';

export type CopyFormat = 'text' | 'csv' | 'binary';

export interface TextCopyOptions {
  /** One ASCII byte; default tab. */
  readonly delimiter: string;
  /** How NULL is written; default `\N`. */
  readonly null: string;
  /** A header line with the column names comes first (PostgreSQL 15+). */
  readonly header: boolean;
}

export interface CsvCopyOptions {
  readonly delimiter: string;
  readonly quote: string;
  /** Default: the quote character. */
  readonly escape: string;
  /** Default: the empty string (unquoted); a quoted empty field is an empty string. */
  readonly null: string;
  readonly header: boolean;
}

export interface CopyOptions {
  readonly format: CopyFormat;
  readonly text?: TextCopyOptions;
  readonly csv?: CsvCopyOptions;
}

export const TEXT_DEFAULTS: TextCopyOptions = { delimiter: '\t', null: '\\N', header: false };
export const CSV_DEFAULTS: CsvCopyOptions = {
  delimiter: ',',
  quote: '"',
  escape: '"',
  null: '',
  header: false,
};

/** Options that only COPY FROM accepts or that do not change how COPY TO writes rows. */
const NO_EFFECT_ON_OUTPUT = new Set([
  'force_quote', // quoting of non-NULL CSV fields: a masked field is quoted when its original was
  'force_not_null',
  'force_null',
  'freeze',
  'on_error',
  'log_verbosity',
  'reject_limit',
  'default',
]);
const KNOWN = new Set(['format', 'delimiter', 'null', 'quote', 'escape', 'header', 'encoding']);

const refuse = (problem: string) => new UnsupportedCopyError(problem);

/** defGetString: the option's argument as PostgreSQL would read it as a string. */
function stringArg(name: string, arg: unknown): string {
  const node = unwrapNode(arg);
  if (node?.[0] === 'String') return asString(node[1].sval) ?? '';
  if (node?.[0] === 'Integer') return String(node[1].ival ?? 0);
  throw refuse(`option ${name} needs a string value`);
}

/** defGetCopyHeaderChoice for COPY TO: no value, 0/1, true/false/on/off (any case). */
function headerArg(arg: unknown): boolean {
  if (arg === undefined) return true;
  const node = unwrapNode(arg);
  if (node?.[0] === 'Integer') {
    const v = node[1].ival ?? 0;
    if (v === 0 || v === 1) return v === 1;
    throw refuse('option header has an unsupported value');
  }
  let text: string | undefined;
  if (node?.[0] === 'Boolean') text = node[1].boolval === true ? 'true' : 'false';
  else if (node?.[0] === 'String') text = (asString(node[1].sval) ?? '').toLowerCase();
  if (text === 'true' || text === 'on') return true;
  if (text === 'false' || text === 'off') return false;
  throw refuse('option header has an unsupported value');
}

/** pg_char_to_encoding: case and punctuation do not matter; `unicode` is an alias of UTF8. */
function isUtf8(name: string): boolean {
  const clean = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return clean === 'utf8' || clean === 'unicode';
}

function oneByte(name: string, value: string): void {
  if (Buffer.byteLength(value, 'utf8') !== 1)
    throw refuse(`option ${name} must be a single one-byte character`);
  if (value === '\n' || value === '\r') throw refuse(`option ${name} cannot be a newline or carriage return`);
}

function copyStmtBody(ast: unknown): AstObject {
  const node = unwrapNode(ast);
  if (node?.[0] === 'RawStmt') return copyStmtBody(node[1].stmt);
  if (node?.[0] === 'CopyStmt') return node[1];
  if (isObject(ast) && ('relation' in ast || 'query' in ast) && !node) return ast;
  throw refuse('the statement is not a COPY');
}

/**
 * Reads FORMAT, DELIMITER, NULL, QUOTE, ESCAPE, HEADER and ENCODING from a COPY ... TO parse
 * tree: a `{ CopyStmt: ... }` node (or its body, or a RawStmt holding it). Throws
 * UnsupportedCopyError for COPY FROM, a non-UTF8 ENCODING, unknown or repeated options, and
 * option values PostgreSQL rejects (so a refusal here never hides a COPY the server would run).
 */
export function copyOptionsFromStatement(ast: unknown): CopyOptions {
  const stmt = copyStmtBody(ast);
  if (stmt.is_from === true) throw refuse('COPY FROM has no rows to mask');
  const given = new Map<string, unknown>();
  for (const item of asArray(stmt.options)) {
    const def = unwrapNode(item);
    const body = def?.[0] === 'DefElem' ? def[1] : undefined;
    const name = asString(body?.defname);
    if (!body || name === undefined) throw refuse('unreadable COPY option');
    // The name of an unknown option is the client's text: not repeated in the error.
    if (!KNOWN.has(name) && !NO_EFFECT_ON_OUTPUT.has(name)) throw refuse('an option is not supported');
    if (given.has(name)) throw refuse(`option ${name} is given more than once`);
    given.set(name, body.arg);
  }
  const str = (name: string) => (given.has(name) ? stringArg(name, given.get(name)) : undefined);
  const formatName = str('format') ?? 'text';
  if (formatName !== 'text' && formatName !== 'csv' && formatName !== 'binary') {
    throw refuse('unknown COPY format');
  }
  const encoding = str('encoding');
  if (encoding !== undefined && !isUtf8(encoding)) throw refuse('only UTF8 COPY output can be masked');
  const header = given.has('header') ? headerArg(given.get('header')) : false;
  const delimiter = str('delimiter');
  const nullString = str('null');
  const quote = str('quote');
  const escapeChar = str('escape');
  if (formatName === 'binary') {
    if (
      delimiter !== undefined ||
      nullString !== undefined ||
      quote !== undefined ||
      escapeChar !== undefined
    ) {
      throw refuse('binary COPY takes no delimiter, null, quote or escape');
    }
    if (header) throw refuse('binary COPY has no header');
    return { format: 'binary' };
  }
  if (formatName === 'text') {
    if (quote !== undefined || escapeChar !== undefined) throw refuse('quote and escape need CSV format');
    const text: TextCopyOptions = {
      delimiter: delimiter ?? TEXT_DEFAULTS.delimiter,
      null: nullString ?? TEXT_DEFAULTS.null,
      header,
    };
    validateText(text);
    return { format: 'text', text };
  }
  const q = quote ?? CSV_DEFAULTS.quote;
  const csv: CsvCopyOptions = {
    delimiter: delimiter ?? CSV_DEFAULTS.delimiter,
    quote: q,
    escape: escapeChar ?? q,
    null: nullString ?? CSV_DEFAULTS.null,
    header,
  };
  validateCsv(csv);
  return { format: 'csv', csv };
}

/** PostgreSQL's rules for text-format options (ProcessCopyOptions). */
export function validateText(o: TextCopyOptions): void {
  oneByte('delimiter', o.delimiter);
  if ('\\.abcdefghijklmnopqrstuvwxyz0123456789'.includes(o.delimiter)) {
    throw refuse('text COPY delimiter cannot be a backslash, period, lower-case letter or digit');
  }
  if (/[\r\n]/.test(o.null)) throw refuse('the NULL string cannot contain a newline or carriage return');
  if (o.null.includes(o.delimiter)) throw refuse('the delimiter cannot appear in the NULL string');
}

/** PostgreSQL's rules for CSV options (ProcessCopyOptions). */
export function validateCsv(o: CsvCopyOptions): void {
  oneByte('delimiter', o.delimiter);
  oneByte('quote', o.quote);
  oneByte('escape', o.escape);
  if (o.delimiter === o.quote) throw refuse('the CSV delimiter and quote must differ');
  if (/[\r\n]/.test(o.null)) throw refuse('the NULL string cannot contain a newline or carriage return');
  if (o.null.includes(o.delimiter)) throw refuse('the delimiter cannot appear in the NULL string');
  if (o.null.includes(o.quote)) throw refuse('the quote cannot appear in the NULL string');
}
