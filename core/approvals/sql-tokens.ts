/**
 * A small lexer for PostgreSQL statement text, enough to compare statements with window
 * patterns token by token: words (keywords and unquoted identifiers, folded to lower case as
 * PostgreSQL folds them), quoted identifiers, literals (strings, numbers, parameters), operators
 * and punctuation. Comments and whitespace are dropped. `*` is always a token of its own.
 * Linear time, no regular expression built from input, no recursion.
 */
export const SQL_TOKEN = {
  word: 'word',
  ident: 'ident',
  string: 'string',
  number: 'number',
  param: 'param',
  star: 'star',
  op: 'op',
  punct: 'punct',
} as const;
export type SqlTokenKind = (typeof SQL_TOKEN)[keyof typeof SQL_TOKEN];

export interface SqlToken {
  readonly kind: SqlTokenKind;
  /** Normalized text: words lower-cased, everything else as written. */
  readonly text: string;
  /** Offsets in the source text (end exclusive). */
  readonly start: number;
  readonly end: number;
}

export type LexResult =
  | { readonly ok: true; readonly tokens: readonly SqlToken[] }
  | { readonly ok: false; readonly reason: string };

const OP_CHARS = '+-/<>=~!@#%^&|`?';
/** A multi-character operator may end in + or - only if it contains one of these (PostgreSQL rule). */
const OP_KEEPS_SIGN = '~!@#%^&|`?';
const PUNCT = '(),;[].:';
const WORD_START = /[\p{L}_]/u;
const WORD_PART = /[\p{L}\p{N}_$]/u;
const DIGIT = /[0-9]/;
const NUMBER_RE =
  /^(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?)/;
const DOLLAR_TAG_RE = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;

export function lexSql(text: string): LexResult {
  const tokens: SqlToken[] = [];
  const n = text.length;
  let i = 0;
  const push = (kind: SqlTokenKind, start: number, end: number, norm?: string) =>
    tokens.push({ kind, text: norm ?? text.slice(start, end), start, end });
  while (i < n) {
    const c = text[i]!;
    const next = text[i + 1];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '-' && next === '-') {
      const eol = text.indexOf('\n', i);
      i = eol === -1 ? n : eol + 1;
    } else if (c === '/' && next === '*') {
      const end = blockCommentEnd(text, i);
      if (end === -1) return fail('an unterminated /* comment');
      i = end;
    } else if (c === "'") {
      const end = quotedEnd(text, i, "'", false);
      if (end === -1) return fail('an unterminated string literal');
      push('string', i, end);
      i = end;
    } else if (c === '"') {
      const end = quotedEnd(text, i, '"', false);
      if (end === -1) return fail('an unterminated quoted identifier');
      push('ident', i, end);
      i = end;
    } else if (/[eEbBxXnN]/.test(c) && next === "'") {
      const end = quotedEnd(text, i + 1, "'", c === 'e' || c === 'E');
      if (end === -1) return fail('an unterminated string literal');
      push('string', i, end);
      i = end;
    } else if ((c === 'u' || c === 'U') && next === '&' && (text[i + 2] === "'" || text[i + 2] === '"')) {
      const q = text[i + 2]!;
      const end = quotedEnd(text, i + 2, q, false);
      if (end === -1) return fail('an unterminated Unicode literal');
      push(q === "'" ? 'string' : 'ident', i, end);
      i = end;
    } else if (c === '$') {
      const param = /^\$\d+/.exec(text.slice(i, i + 12));
      if (param) {
        push('param', i, i + param[0].length);
        i += param[0].length;
        continue;
      }
      const tag = DOLLAR_TAG_RE.exec(text.slice(i, i + 256));
      if (!tag) return fail('a stray $');
      const close = text.indexOf(tag[0], i + tag[0].length);
      if (close === -1) return fail('an unterminated dollar-quoted string');
      push('string', i, close + tag[0].length);
      i = close + tag[0].length;
    } else if (DIGIT.test(c) || (c === '.' && next !== undefined && DIGIT.test(next))) {
      const m = NUMBER_RE.exec(text.slice(i, i + 400));
      const len = m ? m[0].length : 1;
      push('number', i, i + len);
      i += len;
    } else if (WORD_START.test(c)) {
      let j = i + 1;
      while (j < n && WORD_PART.test(text[j]!)) j++;
      push('word', i, j, text.slice(i, j).toLowerCase());
      i = j;
    } else if (c === '*') {
      push('star', i, i + 1);
      i++;
    } else if (c === ':' && next === ':') {
      push('punct', i, i + 2);
      i += 2;
    } else if (PUNCT.includes(c)) {
      push('punct', i, i + 1);
      i++;
    } else if (OP_CHARS.includes(c)) {
      let j = i;
      while (j < n && OP_CHARS.includes(text[j]!)) {
        // A comment start ends the operator.
        if ((text[j] === '-' && text[j + 1] === '-') || (text[j] === '/' && text[j + 1] === '*')) break;
        j++;
      }
      let op = text.slice(i, j);
      while (op.length > 1 && /[+-]$/.test(op) && ![...op].some((ch) => OP_KEEPS_SIGN.includes(ch))) {
        op = op.slice(0, -1);
      }
      if (op.length === 0) op = c;
      push('op', i, i + op.length);
      i += op.length;
    } else {
      // Anything else (a stray backslash, a control character) is compared as itself.
      push('op', i, i + 1);
      i++;
    }
  }
  return { ok: true, tokens };
}

/** Literal values: what a window pattern's `*` stands for. */
export const isLiteral = (t: SqlToken | undefined): boolean =>
  !!t && (t.kind === 'string' || t.kind === 'number' || t.kind === 'param');

function fail(what: string): LexResult {
  return { ok: false, reason: `the text has ${what}` };
}

/** End (exclusive) of a quoted run starting at `open`, doubled quotes escape; -1 if unterminated. */
function quotedEnd(text: string, open: number, q: string, backslashEscapes: boolean): number {
  let i = open + 1;
  while (i < text.length) {
    const c = text[i];
    if (backslashEscapes && c === '\\') {
      i += 2;
    } else if (c === q) {
      if (text[i + 1] === q) i += 2;
      else return i + 1;
    } else {
      i++;
    }
  }
  return -1;
}

/** PostgreSQL block comments nest. */
function blockCommentEnd(text: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < text.length) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return -1;
}
