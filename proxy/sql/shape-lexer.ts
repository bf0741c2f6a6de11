/**
 * The literal-insensitive "shape" of one SQL statement, from a small hand-written lexer that
 * follows PostgreSQL's lexical rules (scan.l) for the subset it accepts and answers `undefined`
 * ("not eligible") for anything else. Callers then take the full parse: a text this lexer
 * is unsure of can cost time, never a different decision.
 *
 * Accepted: one statement (optional terminating `;`, then only whitespace and comments);
 * whitespace ` \t\n\r\f` (not `\v`: older servers do not treat it as whitespace); `--` and
 * nested `/* *\/` comments, exactly as scan.l ends them; plain identifiers (ASCII) and
 * double-quoted ones (printable ASCII, `""` escapes, not empty); plain `'…'` strings with
 * `''` escapes and no backslash or NUL (so they read the same whatever
 * standard_conforming_strings is); decimal numbers `12`, `1.5`, `5.`, `.5`; parameters `$n`;
 * operator runs; `( ) [ ] , . : :: :=`. Refused: dollar quotes, `E''` `U&''` `B''` `X''`
 * `N''` and any identifier glued to a quote, a string followed by another string (PostgreSQL
 * joins strings separated by a newline), exponents, hex/octal/binary, `_` digit separators,
 * anything glued to a number or parameter, `..`, non-ASCII outside strings and comments,
 * control characters, `{ } \`, and a token after the `;`.
 *
 * The key is the statement's text from its first token to its last, normalized only where
 * PostgreSQL reads no difference: each gap of whitespace and comments between two tokens is one
 * space (a gap that is one space already is copied; adjacent tokens stay adjacent), unquoted
 * words are folded to lower case (as PostgreSQL folds them), string literals become `\x01s`,
 * numbers `\x01i` (an integer that fits int4: an Integer node) or `\x01n` (other: a Float
 * node), except that numbers after a word of `numbersVerbatimAfter` stay verbatim. Quoted
 * identifiers, parameters and operator characters are copied. `\x01` appears nowhere else (no
 * control character is accepted outside strings and comments), so equal keys mean equal token
 * sequences up to the values of the replaced literals: replacing a gap by one space, folding a
 * word or exchanging a literal for another of its class changes no token boundary. Most of the
 * key is copied in runs of the original text, so building it costs little more than scanning.
 */

import {
  DOT,
  DQUOTE,
  endOfBlockComment,
  endOfLineComment,
  endOfQuotedIdentifier,
  endOfString,
  fitsInt4,
  isDigit,
  isIdentCont,
  isIdentStart,
  isOpChar,
  isQuote,
  isSpace,
  isUpper,
  MINUS,
  QUOTE,
  SLASH,
  STAR,
} from './shape-scan.js';

/**
 * The words a text eligible for a shape cache may start with, and the parse nodes such a text
 * may turn into (WITH, VALUES and TABLE become SelectStmt or DML). The policy's decision cache
 * and masking's lineage cache both take these; each adds its own verbatim numbers.
 */
export const SHAPE_LEADING_WORDS: ReadonlySet<string> = new Set([
  'select',
  'insert',
  'update',
  'delete',
  'merge',
  'with',
  'values',
  'table',
]);
export const SHAPE_STATEMENT_NODES: ReadonlySet<string> = new Set([
  'SelectStmt',
  'InsertStmt',
  'UpdateStmt',
  'DeleteStmt',
  'MergeStmt',
]);

export interface ShapeRules {
  /** Lower-case words a statement may start with (anything else is not eligible). */
  readonly leading: ReadonlySet<string>;
  /** Lower-case identifiers (plain, or quoted compared in lower case) that make a text not eligible. */
  readonly refused: ReadonlySet<string>;
  /** Lower-case words after which every number stays verbatim in the key. */
  readonly numbersVerbatimAfter: ReadonlySet<string>;
}

const LEADING = 1;
const REFUSED = 2;
const VERBATIM_AFTER = 4;

/** ShapeRules as one lookup: flags per lower-case word, and the word lengths worth looking up. */
export interface CompiledShapeRules {
  readonly flags: ReadonlyMap<string, number>;
  readonly lengths: ReadonlySet<number>;
}

export function compileShapeRules(rules: ShapeRules): CompiledShapeRules {
  const flags = new Map<string, number>();
  const add = (words: ReadonlySet<string>, flag: number) => {
    for (const w of words) flags.set(w.toLowerCase(), (flags.get(w.toLowerCase()) ?? 0) | flag);
  };
  add(rules.leading, LEADING);
  add(rules.refused, REFUSED);
  add(rules.numbersVerbatimAfter, VERBATIM_AFTER);
  return { flags, lengths: new Set([...flags.keys()].map((w) => w.length)) };
}

/** Token kinds of ShapeTokens. */
export const TOKEN = {
  word: 0,
  quoted: 1,
  /** A string literal replaced by a placeholder. */
  string: 2,
  /** An integer that fits int4 (an Integer node), replaced by a placeholder. */
  integer: 3,
  /** Any other number (a Float node), replaced by a placeholder. */
  numeric: 4,
  /** A number kept verbatim (after a numbersVerbatimAfter word). */
  verbatimNumber: 5,
  param: 6,
  operator: 7,
  /** An operator run that is exactly `-` (a unary minus folds into the constant after it). */
  minus: 8,
  leftParen: 9,
  punctuation: 10,
} as const;

/** The tokens of a shape (for checking it against a parse tree). */
export interface ShapeTokens {
  /** Character offset of each token's first character, in order. */
  readonly starts: readonly number[];
  /** Character offset just past each token. */
  readonly ends: readonly number[];
  /** TOKEN kind of each token. */
  readonly kinds: readonly number[];
}

export interface ShapeLex {
  readonly key: string;
  /** Character offsets [start, end) of the statement, as the parser's statement split cuts it. */
  readonly start: number;
  readonly end: number;
  /** Present when asked for. */
  readonly tokens?: ShapeTokens;
}

const PLACEHOLDER = { [TOKEN.string]: '\x01s', [TOKEN.integer]: '\x01i', [TOKEN.numeric]: '\x01n' } as const;

/** The shape of `text`, or undefined when the text is not eligible. Never throws. */
export function lexShape(text: string, rules: CompiledShapeRules, withTokens = false): ShapeLex | undefined {
  const n = text.length;
  const tokens = withTokens
    ? { starts: [] as number[], ends: [] as number[], kinds: [] as number[] }
    : undefined;
  let key = '';
  let run = -1; // start of the text being copied into the key
  let first = -1; // start of the first token
  let last = -1; // end of the previous token (-1: none yet)
  let verbatimNumbers = false;
  let semicolon = -1;
  let previous = -1;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const next = text.charCodeAt(i + 1);
    if (c === MINUS && next === MINUS) {
      i = endOfLineComment(text, i + 2);
      continue;
    }
    if (c === SLASH && next === STAR) {
      i = endOfBlockComment(text, i + 2);
      if (i < 0) return undefined;
      continue;
    }
    if (semicolon >= 0 || c >= 128) return undefined;
    if (last < 0 && !isIdentStart(c)) return undefined;
    let j: number;
    let kind: number;
    let replacement: string | undefined;
    if (isIdentStart(c)) {
      j = i + 1;
      let upper = isUpper(c);
      for (let d = text.charCodeAt(j); isIdentCont(d); d = text.charCodeAt(++j)) upper ||= isUpper(d);
      const after = text.charCodeAt(j);
      // Non-ASCII identifier characters; E'' B'' X'' N'' and typed 'literals'; U&'' U&"".
      if (after >= 128 || isQuote(after)) return undefined;
      if (after === 38 /* & */ && isQuote(text.charCodeAt(j + 1))) return undefined;
      let word: string | undefined;
      if (upper) replacement = word = text.slice(i, j).toLowerCase();
      const flags = rules.lengths.has(j - i) ? (rules.flags.get(word ?? text.slice(i, j)) ?? 0) : 0;
      if ((last < 0 && (flags & LEADING) === 0) || (flags & REFUSED) !== 0) return undefined;
      if ((flags & VERBATIM_AFTER) !== 0) verbatimNumbers = true;
      kind = TOKEN.word;
    } else if (isDigit(c) || (c === DOT && isDigit(next))) {
      j = i;
      while (isDigit(text.charCodeAt(j))) j++;
      let fraction = false;
      if (text.charCodeAt(j) === DOT) {
        if (text.charCodeAt(j + 1) === DOT) return undefined;
        fraction = true;
        j++;
        while (isDigit(text.charCodeAt(j))) j++;
      }
      const after = text.charCodeAt(j);
      if (after >= 128 || after === DOT || isIdentCont(after)) return undefined;
      kind = verbatimNumbers
        ? TOKEN.verbatimNumber
        : !fraction && fitsInt4(text, i, j)
          ? TOKEN.integer
          : TOKEN.numeric;
      if (kind !== TOKEN.verbatimNumber) replacement = PLACEHOLDER[kind as 3 | 4];
    } else if (c === QUOTE) {
      if (previous === TOKEN.string) return undefined;
      j = endOfString(text, i + 1);
      if (j < 0) return undefined;
      kind = TOKEN.string;
      replacement = PLACEHOLDER[TOKEN.string];
    } else if (c === DQUOTE) {
      j = endOfQuotedIdentifier(text, i + 1);
      if (j < 0 || j === i + 2) return undefined;
      const inner = j - i - 2;
      if (
        rules.lengths.has(inner) &&
        ((rules.flags.get(text.slice(i + 1, j - 1).toLowerCase()) ?? 0) & REFUSED) !== 0
      )
        return undefined;
      kind = TOKEN.quoted;
    } else if (c === 36 /* $ */) {
      j = i + 1;
      while (isDigit(text.charCodeAt(j))) j++;
      const after = text.charCodeAt(j);
      if (j === i + 1 || after >= 128 || after === DOT || isQuote(after) || isIdentCont(after))
        return undefined;
      kind = TOKEN.param;
    } else if (isOpChar(c)) {
      j = i + 1;
      for (let d = text.charCodeAt(j); isOpChar(d); d = text.charCodeAt(++j)) {
        const e = text.charCodeAt(j + 1);
        if ((d === MINUS && e === MINUS) || (d === SLASH && e === STAR)) break;
      }
      kind = j === i + 1 && c === MINUS ? TOKEN.minus : TOKEN.operator;
    } else if (c === 59 /* ; */) {
      semicolon = i;
      i++;
      continue;
    } else {
      j = i + 1;
      if (c === 58 /* : */) {
        if (next === 58 || next === 61) j++;
      } else if (c === DOT) {
        if (next === DOT) return undefined;
      } else if (c !== 40 && c !== 41 && c !== 44 && c !== 91 && c !== 93) {
        return undefined;
      }
      kind = c === 40 ? TOKEN.leftParen : TOKEN.punctuation;
    }
    // The gap before this token: nothing or one space are copied, anything else is one space.
    if (last < 0) run = first = i;
    else if (i !== last && !(i === last + 1 && text.charCodeAt(last) === 32)) {
      key += text.slice(run, last) + ' ';
      run = i;
    }
    if (replacement !== undefined) {
      key += text.slice(run, i) + replacement;
      run = j;
    }
    if (tokens) {
      tokens.starts.push(i);
      tokens.ends.push(j);
      tokens.kinds.push(kind);
    }
    previous = kind;
    last = j;
    i = j;
  }
  if (last < 0) return undefined;
  key += text.slice(run, last);
  const start = first;
  let end = semicolon >= 0 ? semicolon : n;
  // The same trimming as the statement split (split-statements.ts).
  while (end > start && /[\s;]/.test(text[end - 1] as string)) end--;
  return tokens ? { key, start, end, tokens } : { key, start, end };
}
