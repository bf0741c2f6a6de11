import { isLiteral, lexSql, type SqlToken } from './sql-tokens.js';

/**
 * Window grants match statements against a pattern, token by token (see `sql-tokens.ts`):
 * keywords and unquoted names compare case-insensitively, whitespace, comments and trailing
 * semicolons do not count, everything else compares exactly. `*` stands for exactly **one
 * literal value**: a quoted string, a number (with its sign) or a `$n` parameter; it also
 * matches a `*` in the statement (`select *`, `count(*)`). It never stands for a name, a keyword,
 * an operator or several tokens, so `where patient_id = *` matches `where patient_id = 7` but not
 * `where patient_id = 7 or true`, and a pattern never spans two statements.
 */
export const MAX_PATTERN_CHARS = 4_000;

/** Tokens of a pattern, compiled once (undefined when the text does not lex). */
export type CompiledPattern = readonly SqlToken[];

export function compilePattern(pattern: string): CompiledPattern | undefined {
  const lexed = lexSql(pattern);
  return lexed.ok ? withoutTrailingSemicolons(lexed.tokens) : undefined;
}

export function matchesCompiledPattern(pattern: CompiledPattern, statement: string): boolean {
  const lexed = lexSql(statement);
  if (!lexed.ok) return false;
  return matchTokens(pattern, withoutTrailingSemicolons(lexed.tokens));
}

export function matchesStatementPattern(pattern: string, statement: string): boolean {
  const compiled = compilePattern(pattern);
  return compiled !== undefined && compiled.length > 0 && matchesCompiledPattern(compiled, statement);
}

export type PatternCheck =
  | { readonly ok: true; readonly pattern: string }
  | { readonly ok: false; readonly reason: string };

/**
 * Validates a window pattern an approver chose for the statement under review. Reasons name the
 * problem, never the pattern text (it is derived from a statement that may hold PHI).
 */
export function checkStatementPattern(pattern: unknown, statement: string): PatternCheck {
  if (typeof pattern !== 'string' || pattern.trim() === '') return no('the statement pattern is missing');
  const p = pattern.trim();
  if (p.length > MAX_PATTERN_CHARS)
    return no(`the statement pattern is longer than ${MAX_PATTERN_CHARS} characters`);
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(p))
    return no('the statement pattern contains control characters');
  const lexed = lexSql(p);
  if (!lexed.ok) return no(`the statement pattern is not valid: ${lexed.reason}`);
  const tokens = withoutTrailingSemicolons(lexed.tokens);
  if (tokens.some((t) => t.kind === 'punct' && t.text === ';'))
    return no('a statement pattern covers one statement (no ; inside)');
  const first = tokens[0];
  if (first?.kind !== 'word')
    return no('the statement pattern must start with the statement keyword (e.g. update, insert)');
  if (first.text === 'do') return no('a window cannot cover DO blocks (their body is code, not a value)');
  if (!matchesCompiledPattern(tokens, statement))
    return no('the statement pattern does not match the statement under review');
  return { ok: true, pattern: p };
}

/**
 * The pattern the review page offers for a statement: its text with every literal value replaced
 * by `*`, comments dropped, whitespace collapsed. Undefined when the statement does not lex or
 * the pattern would be too long.
 */
export function suggestStatementPattern(statement: string): string | undefined {
  const lexed = lexSql(statement);
  if (!lexed.ok) return undefined;
  const tokens = withoutTrailingSemicolons(lexed.tokens);
  let out = '';
  let prevEnd = -1;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    let piece = statement.slice(t.start, t.end);
    if (isSignedNumber(tokens, k)) {
      piece = '*';
      k++;
    } else if (t.kind === 'string' || t.kind === 'number') {
      piece = '*';
    }
    out += (prevEnd !== -1 && t.start > prevEnd ? ' ' : '') + piece;
    prevEnd = tokens[k]!.end;
  }
  if (out.length === 0 || out.length > MAX_PATTERN_CHARS) return undefined;
  return checkStatementPattern(out, statement).ok ? out : undefined;
}

function matchTokens(p: readonly SqlToken[], s: readonly SqlToken[]): boolean {
  let si = 0;
  for (const pt of p) {
    const st = s[si];
    if (!st) return false;
    if (pt.kind === 'star') {
      if (isSignedNumber(s, si)) si += 2;
      else if (isLiteral(st) || st.kind === 'star') si += 1;
      else return false;
      continue;
    }
    if (pt.kind !== st.kind || pt.text !== st.text) return false;
    si++;
  }
  return si === s.length;
}

/** Words after which a + or - is a sign, not an operator. */
const SIGN_AFTER_WORD = new Set([
  'select',
  'where',
  'and',
  'or',
  'not',
  'values',
  'then',
  'else',
  'when',
  'return',
  'returning',
  'by',
  'limit',
  'offset',
  'in',
  'is',
  'between',
  'like',
  'ilike',
  'case',
  'having',
  'on',
  'set',
]);

/** A unary + or - directly followed by a number, e.g. `= -1`, `(-2.5`. */
function isSignedNumber(s: readonly SqlToken[], i: number): boolean {
  const t = s[i];
  if (t?.kind !== 'op' || (t.text !== '-' && t.text !== '+') || s[i + 1]?.kind !== 'number') return false;
  const prev = s[i - 1];
  if (!prev) return true;
  if (prev.kind === 'op') return true;
  if (prev.kind === 'punct') return prev.text !== ')' && prev.text !== ']';
  return prev.kind === 'word' && SIGN_AFTER_WORD.has(prev.text);
}

function withoutTrailingSemicolons(tokens: readonly SqlToken[]): readonly SqlToken[] {
  let end = tokens.length;
  while (end > 0 && tokens[end - 1]!.kind === 'punct' && tokens[end - 1]!.text === ';') end--;
  return end === tokens.length ? tokens : tokens.slice(0, end);
}

function no(reason: string): PatternCheck {
  return { ok: false, reason };
}
