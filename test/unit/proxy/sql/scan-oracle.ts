/**
 * PostgreSQL's own scanner (libpg-query scanSync, the scan.l of the parser) as an oracle for the
 * shape lexer: for an eligible text, every lexer token must be exactly one scanner token (an
 * operator run may be several adjacent operator tokens), with the same extent, comments
 * excluded, and literals of the matching kind.
 */
import { scanSync } from 'libpg-query';
import { type ShapeLex, type ShapeTokens, TOKEN } from '../../../../proxy/sql/shape-lexer.js';

interface Token {
  readonly start: number;
  readonly end: number;
  readonly name: string;
}

const COMMENTS = new Set(['SQL_COMMENT', 'C_COMMENT']);

/**
 * Scanner tokens with character offsets, or undefined when PostgreSQL's scanner rejects the text.
 * libpg-query's scan result is JSON that does not escape control characters other than tab,
 * newline and carriage return, so those are scanned as a space (one byte, like them; whitespace
 * outside literals and comments, like \f, and any character inside them).
 */
export function scanTokens(text: string): Token[] | undefined {
  let tokens: ReturnType<typeof scanSync>['tokens'];
  try {
    tokens = scanSync(text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ' ')).tokens;
  } catch {
    return undefined;
  }
  const bytes = Buffer.from(text, 'utf8');
  const char = (byte: number) => bytes.subarray(0, byte).toString('utf8').length;
  return tokens
    .filter((t) => !COMMENTS.has(t.tokenName))
    .map((t) => ({ start: char(t.start), end: char(t.end), name: t.tokenName }));
}

const LITERAL_NAMES: Record<number, readonly string[]> = {
  [TOKEN.string]: ['SCONST'],
  [TOKEN.integer]: ['ICONST'],
  [TOKEN.numeric]: ['FCONST'],
  [TOKEN.verbatimNumber]: ['ICONST', 'FCONST'],
  [TOKEN.param]: ['PARAM'],
};

/** Empty when the lexer agrees with the scanner, else what differs (for the assertion message). */
export function disagreements(text: string, shape: ShapeLex): string[] {
  const lex: ShapeTokens = shape.tokens ?? { starts: [], ends: [], kinds: [] };
  const scanned = scanTokens(text);
  if (!scanned) return ['PostgreSQL scanner rejects a text the lexer accepted'];
  const pg = scanned.filter((t) => !(t.name === 'ASCII_59' && t.start >= shape.end));
  const out: string[] = [];
  let k = 0;
  for (let t = 0; t < lex.starts.length; t++) {
    const start = lex.starts[t]!;
    const end = lex.ends[t]!;
    const kind = lex.kinds[t]!;
    const first = pg[k];
    if (!first || first.start !== start) {
      out.push(`token ${t} at ${start}: scanner has ${first ? `${first.name}@${first.start}` : 'nothing'}`);
      return out;
    }
    if (kind === TOKEN.operator || kind === TOKEN.minus) {
      let last = first;
      k++;
      while (pg[k] && pg[k]!.start === last.end && pg[k]!.end <= end) last = pg[k++]!;
      if (last.end !== end)
        out.push(`operator run ${t} [${start},${end}) ends at ${last.end} for the scanner`);
      continue;
    }
    k++;
    if (first.end !== end)
      out.push(`token ${t} [${start},${end}) is [${first.start},${first.end}) for the scanner`);
    const names = LITERAL_NAMES[kind];
    if (names && !names.includes(first.name)) out.push(`token ${t} is ${first.name} for the scanner`);
    if (!names && ['SCONST', 'ICONST', 'FCONST', 'PARAM', 'USCONST', 'BCONST', 'XCONST'].includes(first.name))
      out.push(`token ${t} is a literal (${first.name}) the lexer did not replace`);
  }
  if (k !== pg.length) out.push(`scanner has ${pg.length - k} more token(s)`);
  return out;
}
