/**
 * Character-level pieces of the shape lexer (shape-lexer.ts), each following PostgreSQL's
 * scan.l for the subset the lexer accepts: character classes, comments, plain strings, quoted
 * identifiers, and whether an integer literal becomes an int4 `Integer` node.
 */

const IDENT_START_BIT = 1;
const DIGIT_BIT = 2;
const IDENT_CONT_BIT = 4;
const OP_BIT = 8;
const SPACE_BIT = 16;

const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_]/.test(ch)) CLASS[c]! |= IDENT_START_BIT | IDENT_CONT_BIT;
  if (/[0-9]/.test(ch)) CLASS[c]! |= DIGIT_BIT | IDENT_CONT_BIT;
  if (ch === '$') CLASS[c]! |= IDENT_CONT_BIT;
  // scan.l op_chars.
  if ('~!@#^&|`?+-*/%<>='.includes(ch)) CLASS[c]! |= OP_BIT;
  // scan.l space, without \v (older servers do not treat it as whitespace).
  if (' \t\n\r\f'.includes(ch)) CLASS[c]! |= SPACE_BIT;
}

const has = (c: number, bit: number): boolean => c < 128 && (CLASS[c]! & bit) !== 0;

/** `[A-Za-z_]` (non-ASCII identifier starts are not accepted). */
export const isIdentStart = (c: number): boolean => has(c, IDENT_START_BIT);
/** `[A-Za-z0-9_$]`. */
export const isIdentCont = (c: number): boolean => has(c, IDENT_CONT_BIT);
export const isDigit = (c: number): boolean => has(c, DIGIT_BIT);
export const isOpChar = (c: number): boolean => has(c, OP_BIT);
export const isSpace = (c: number): boolean => has(c, SPACE_BIT);
export const isUpper = (c: number): boolean => c >= 65 && c <= 90;

export const QUOTE = 39;
export const DQUOTE = 34;
export const MINUS = 45;
export const SLASH = 47;
export const STAR = 42;
export const DOT = 46;
export const isQuote = (c: number): boolean => c === QUOTE || c === DQUOTE;

/** scan.l: `--` runs to the end of the line (`\n` or `\r`). `i` is just past the `--`. */
export function endOfLineComment(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
    i++;
  }
  return i;
}

/** scan.l: `/*` nests, `*\/` closes; -1 when unterminated. `i` is just past the opening. */
export function endOfBlockComment(text: string, i: number): number {
  let depth = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const d = text.charCodeAt(i + 1);
    if (c === SLASH && d === STAR) {
      depth++;
      i += 2;
    } else if (c === STAR && d === SLASH) {
      if (depth === 0) return i + 2;
      depth--;
      i += 2;
    } else {
      i++;
    }
  }
  return -1;
}

/**
 * Past the closing quote of a plain string whose content starts at `i`; -1 when not eligible:
 * unterminated, a backslash (an escape when standard_conforming_strings is off), NUL, or a lone
 * surrogate (not UTF-8).
 */
export function endOfString(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      if (text.charCodeAt(i + 1) !== QUOTE) return i + 1;
      i += 2;
    } else if (c === 92 /* \ */ || c === 0) {
      return -1;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const d = text.charCodeAt(i + 1);
      if (c > 0xdbff || !(d >= 0xdc00 && d <= 0xdfff)) return -1;
      i += 2;
    } else {
      i++;
    }
  }
  return -1;
}

/** Past the closing `"` of a quoted identifier whose content starts at `i`; -1 when not eligible. */
export function endOfQuotedIdentifier(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === DQUOTE) {
      if (text.charCodeAt(i + 1) !== DQUOTE) return i + 1;
      i += 2;
    } else if (c < 32 || c > 126) {
      return -1;
    } else {
      i++;
    }
  }
  return -1;
}

/** Whether the decimal digits text[i, j) are at most 2147483647 (PostgreSQL makes an Integer node). */
export function fitsInt4(text: string, i: number, j: number): boolean {
  while (i < j - 1 && text.charCodeAt(i) === 48) i++;
  const len = j - i;
  return len < 10 || (len === 10 && text.slice(i, j) <= '2147483647');
}
