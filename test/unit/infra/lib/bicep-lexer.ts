/**
 * A lexer for the Bicep language, enough to read the structure of the files under infra/:
 * comments, single-line strings with `${}` interpolation (holes lexed recursively), multi-line
 * `'''` strings, numbers, identifiers, punctuation and significant newlines. Malformed input
 * (an unterminated string, comment or interpolation; an unknown character) throws with the
 * file, line and column, so a broken file fails the tests that read it.
 */

export type TokenKind = 'ident' | 'string' | 'number' | 'punct' | 'newline';

export interface Token {
  readonly kind: TokenKind;
  /** Identifier name, punctuation text, number text, or a string's literal parts joined by `${}`. */
  readonly text: string;
  readonly line: number;
  readonly column: number;
  /** Strings: the cooked value when the string has no interpolation; otherwise undefined. */
  readonly value?: string;
  /** Strings: the tokens of each `${...}` hole, in order. */
  readonly holes?: readonly (readonly Token[])[];
}

export class BicepSyntaxError extends Error {
  constructor(file: string, line: number, column: number, message: string) {
    super(`${file}:${line}:${column}: ${message}`);
    this.name = 'BicepSyntaxError';
  }
}

const PUNCT = [
  '=>',
  '==',
  '!=',
  '>=',
  '<=',
  '&&',
  '||',
  '??',
  '::',
  '.?',
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  ',',
  ':',
  '.',
  '?',
  '!',
  '=',
  '@',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '|',
] as const;

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", $: '$' };

class Cursor {
  pos = 0;
  line = 1;
  column = 1;
  constructor(
    readonly src: string,
    readonly file: string,
  ) {}
  peek(offset = 0): string {
    return this.src[this.pos + offset] ?? '';
  }
  startsWith(s: string): boolean {
    return this.src.startsWith(s, this.pos);
  }
  advance(n = 1): void {
    for (let i = 0; i < n; i++) {
      if (this.src[this.pos] === '\n') {
        this.line++;
        this.column = 1;
      } else this.column++;
      this.pos++;
    }
  }
  fail(message: string, line = this.line, column = this.column): never {
    throw new BicepSyntaxError(this.file, line, column, message);
  }
}

/** Lexes a whole Bicep file. */
export function lexBicep(source: string, file = '<bicep>'): Token[] {
  const c = new Cursor(source, file);
  const tokens = lexUntil(c, null);
  return tokens;
}

/** Lexes until end of input (closer null) or an unmatched `}` (closer '}', used for holes). */
function lexUntil(c: Cursor, closer: '}' | null): Token[] {
  const out: Token[] = [];
  let depth = 0;
  while (c.pos < c.src.length) {
    const ch = c.peek();
    const line = c.line;
    const column = c.column;
    if (ch === '\n') {
      out.push({ kind: 'newline', text: '\n', line, column });
      c.advance();
    } else if (ch === ' ' || ch === '\t' || ch === '\r') {
      c.advance();
    } else if (c.startsWith('//')) {
      while (c.pos < c.src.length && c.peek() !== '\n') c.advance();
    } else if (c.startsWith('/*')) {
      const end = c.src.indexOf('*/', c.pos + 2);
      if (end < 0) c.fail('unterminated block comment', line, column);
      c.advance(end + 2 - c.pos);
    } else if (c.startsWith("'''")) {
      const end = c.src.indexOf("'''", c.pos + 3);
      if (end < 0) c.fail('unterminated multi-line string', line, column);
      const value = c.src.slice(c.pos + 3, end);
      c.advance(end + 3 - c.pos);
      out.push({ kind: 'string', text: value, value, line, column });
    } else if (ch === "'") {
      out.push(lexString(c));
    } else if (/[A-Za-z_]/.test(ch)) {
      let text = '';
      while (/[A-Za-z0-9_]/.test(c.peek())) {
        text += c.peek();
        c.advance();
      }
      out.push({ kind: 'ident', text, line, column });
    } else if (/[0-9]/.test(ch)) {
      let text = '';
      while (/[0-9]/.test(c.peek())) {
        text += c.peek();
        c.advance();
      }
      out.push({ kind: 'number', text, line, column });
    } else {
      const p = PUNCT.find((candidate) => c.startsWith(candidate));
      if (!p) c.fail(`unexpected character ${JSON.stringify(ch)}`);
      if (closer && p === '}' && depth === 0) return out;
      if (p === '{') depth++;
      if (p === '}') depth--;
      out.push({ kind: 'punct', text: p, line, column });
      c.advance(p.length);
    }
  }
  if (closer) c.fail('unterminated string interpolation');
  return out;
}

function lexString(c: Cursor): Token {
  const line = c.line;
  const column = c.column;
  c.advance(); // opening quote
  const parts: string[] = [''];
  const holes: Token[][] = [];
  for (;;) {
    const ch = c.peek();
    if (ch === '' || ch === '\n') c.fail('unterminated string', line, column);
    if (ch === "'") {
      c.advance();
      break;
    }
    if (ch === '\\') {
      const next = c.peek(1);
      if (next === 'u' && c.peek(2) === '{') {
        const end = c.src.indexOf('}', c.pos + 3);
        if (end < 0) c.fail('unterminated unicode escape');
        const code = Number.parseInt(c.src.slice(c.pos + 3, end), 16);
        if (!Number.isFinite(code)) c.fail('invalid unicode escape');
        parts[parts.length - 1] += String.fromCodePoint(code);
        c.advance(end + 1 - c.pos);
        continue;
      }
      const cooked = ESCAPES[next];
      if (cooked === undefined) c.fail(`invalid escape \\${next}`);
      parts[parts.length - 1] += cooked;
      c.advance(2);
      continue;
    }
    if (ch === '$' && c.peek(1) === '{') {
      c.advance(2);
      const hole = lexUntil(c, '}');
      if (hole.filter((t) => t.kind !== 'newline').length === 0) c.fail('empty string interpolation');
      holes.push(hole);
      c.advance(); // closing brace of the hole
      parts.push('');
      continue;
    }
    parts[parts.length - 1] += ch;
    c.advance();
  }
  // biome-ignore lint/suspicious/noTemplateCurlyInString: marks where each Bicep interpolation was
  const text = parts.join('${}');
  return holes.length === 0
    ? { kind: 'string', text, value: text, line, column }
    : { kind: 'string', text, line, column, holes };
}

/** Every token, including those inside string interpolations, depth first. */
export function* walkTokens(tokens: readonly Token[]): Generator<Token> {
  for (const t of tokens) {
    yield t;
    if (t.holes) for (const h of t.holes) yield* walkTokens(h);
  }
}
