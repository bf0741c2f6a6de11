/**
 * The shape lexer: keys (literals replaced, words folded, everything else kept), the offsets
 * of the statement, what is not eligible, and agreement with PostgreSQL's own scanner over
 * hand-picked adversarial texts and random texts built from the characters that matter.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlParser } from '../../../../proxy/sql/parser.js';
import { compileShapeRules, lexShape } from '../../../../proxy/sql/shape-lexer.js';
import { disagreements, scanTokens } from './scan-oracle.js';

const RULES = compileShapeRules({
  leading: new Set(['select', 'insert', 'update', 'delete', 'with', 'values', 'table']),
  refused: new Set(['set_config']),
  numbersVerbatimAfter: new Set(['limit', 'fetch', 'offset']),
});

const key = (text: string) => lexShape(text, RULES)?.key;
const readable = (k: string | undefined) => k?.replaceAll('\x01', '?');

beforeAll(async () => {
  await loadSqlParser();
});

describe('keys', () => {
  it.each([
    [
      'SELECT abalance FROM pgbench_accounts WHERE aid = 48213;',
      'select abalance from pgbench_accounts where aid = ?i',
    ],
    ["select * from t where a = 'x' and b = 1.5", 'select * from t where a = ?s and b = ?n'],
    ['select 2147483647, 2147483648, 007, 5., .5', 'select ?i, ?n, ?i, ?n, ?n'],
    ['select "Mixed""Name", "x" from "T"', 'select "Mixed""Name", "x" from "T"'],
    ['select $1, $12::int, a:=b, x[1:2]', 'select $1, $12::int, a:=b, x[?i:?i]'],
    ['select a<-5, b<=c, d!=-e, f||-g', 'select a<-?i, b<=c, d!=-e, f||-g'],
    ["select 'a' from t where x = 3 limit 10 offset 0", 'select ?s from t where x = ?i limit 10 offset 0'],
    ['select * from t FETCH first 5 rows only', 'select * from t fetch first 5 rows only'],
    ['select 1 /* a /* b */ c */ , 2 -- tail\n', 'select ?i , ?i'],
    ['select\t1\n\n*/  2', 'select ?i */ ?i'],
    ['Select \'A\'||"B"||C', 'select ?s||"B"||c'],
  ])('%j ⇒ %j', (text, expected) => {
    expect(readable(key(text))).toBe(expected);
  });

  it('is the same for other literals, case, whitespace and comments', () => {
    const base = key("select * from t where a = 'x' and b = 1");
    for (const text of [
      "SELECT * FROM T WHERE A = 'it''s -- not /* a comment */ ; \"x\"' AND B = 48213",
      "select/**/*\nfrom\tt\r\nwhere a =\t'é😀'  and b = 0;",
      "/* lead */ select * from t -- c\n where a = '' and b = 7 ; -- tail",
    ]) {
      expect(key(text), text).toBe(base);
    }
  });

  it('differs where PostgreSQL reads something different', () => {
    const pairs: [string, string][] = [
      ['select a from t', 'select "A" from t'],
      ['select a < = b', 'select a <= b'],
      ['select a - -5', 'select a --5\n'],
      ['select 1', 'select 1.0'],
      ['select 1', "select '1'"],
      ['select 1', 'select 2147483648'],
      ['select * from t limit 10', 'select * from t limit 11'],
      ['select * from t offset 1 limit 10', 'select * from t offset 2 limit 10'],
      ['select x::int', 'select x : : int'],
      ['select 1 ; ', 'select 1 , 2'],
      ['select a+-5', 'select a+ -5'],
      ['select a/**/b', 'select ab'],
    ];
    for (const [a, b] of pairs) {
      expect(key(a), `${a} | ${b}`).toBeDefined();
      expect(key(a), `${a} | ${b}`).not.toBe(key(b));
    }
  });
});

describe('statement offsets (as the parser splits a message)', () => {
  it.each([
    ['select 1', 0, 8],
    ['  select 1  ', 2, 10],
    ['/* c */ -- d\n select 1 ;  -- t', 14, 22],
    ['select 1 -- c', 0, 13],
    ['select 1 /* c */ ;', 0, 16],
    ["select 'a;b' ; ", 0, 12],
  ])('%j ⇒ [%i, %i)', (text, start, end) => {
    expect(lexShape(text, RULES)).toMatchObject({ start, end });
  });
});

describe('not eligible', () => {
  it.each([
    ['', 'empty'],
    ['   -- only a comment', 'no statement'],
    ['set search_path = a', 'not a leading keyword'],
    ['explain select 1', 'not a leading keyword'],
    ['(select 1)', 'starts with a parenthesis'],
    ['select 1; select 2', 'two statements'],
    ['select 1;;', 'a second semicolon'],
    ["select set_config('role', 'x', false)", 'set_config'],
    ["select pg_catalog.SET_CONFIG('role', 'x', false)", 'set_config, any case'],
    ["select \"set_config\"('role', 'x', false)", 'quoted set_config'],
    ['select $$x$$', 'dollar quote'],
    ['select $q$x$q$', 'tagged dollar quote'],
    ["select E'x'", 'E string'],
    ["select e'x'", 'e string'],
    ["select U&'x'", 'unicode string'],
    ['select U&"x"', 'unicode identifier'],
    ["select B'01'", 'bit string'],
    ["select X'1F'", 'hex string'],
    ["select N'x'", 'national string'],
    ["select date'2020-01-01'", 'identifier glued to a string'],
    ['select a"b"', 'identifier glued to a quoted identifier'],
    ["select 'a\\b'", 'backslash in a string'],
    ["select 'a\u0000b'", 'NUL in a string'],
    ["select '\ud800'", 'lone surrogate'],
    ["select 'a' 'b'", 'string after string'],
    ["select 'a'\n'b'", 'string continuation'],
    ["select 'a' -- c\n'b'", 'string after string past a comment'],
    ["select 'abc", 'unterminated string'],
    ['select "abc', 'unterminated identifier'],
    ['select ""', 'empty identifier'],
    ['select "é"', 'non-ASCII identifier'],
    ['select é', 'non-ASCII outside strings'],
    ['select 1 /* a /* b */', 'unterminated nested comment'],
    ['select 1e5', 'exponent'],
    ['select 1E+5', 'exponent'],
    ['select 0x1F', 'hexadecimal'],
    ['select 0o17', 'octal'],
    ['select 0b101', 'binary'],
    ['select 1_000', 'digit separator'],
    ['select 1x', 'trailing junk'],
    ['select 1.x', 'trailing junk'],
    ['select 5..6', 'dot dot'],
    ['select 1.2.3', 'number glued to a number'],
    ['select $1x', 'parameter junk'],
    ['select $1.5', 'parameter glued to a number'],
    ['select $', 'lone dollar'],
    ['select a..b', 'dot dot'],
    ['select\v1', 'vertical tab'],
    ['select {1}', 'braces'],
    ['select \\x', 'backslash outside strings'],
    ['select 1\u0001', 'control character'],
  ])('%j (%s)', (text) => {
    expect(lexShape(text, RULES)).toBeUndefined();
  });
});

describe('agreement with the PostgreSQL scanner', () => {
  it.each([
    "select 'it''s', '''', '''''', '--', '/*', ';', '\"', 'é', '😀', 'a\nb' from t",
    'select "a""b", "--", "/*", "\'" from "t""x"',
    'select 1 /* a /*/ b */ c */ , 2',
    'select 1 /**/ , 2 /* **/ , 3',
    'select a+-5, a-+5, a*-5, a/-5, a%-5, a^-5, a<>-5, a>=-5, a=>-5, a@-5, a#-5, a!-5, a|-5, a`-5, a?-5 from t',
    'select a+/**/-5, a-/* */-5, a<-- c\n5 from t',
    'select - - 5, -(5), - ( - 5 ), -.5, -5., 1-1, 1 - -1 from t',
    'select x::int, x :: int, a:=1, t.c, t.*, arr[1:2], arr[1][2] from t',
    "select * from t where a = $1 and b = $2::text and c in (1, 2.5, '3') limit 5 offset 10",
    "with x as (select 1) select * from x, lateral (values (1, 'a')) v(a, b) fetch first 1 row only",
  ])('%j', (text) => {
    const lex = lexShape(text, RULES, true);
    expect(lex, 'eligible').toBeDefined();
    expect(disagreements(text, lex!)).toEqual([]);
  });

  it('agrees on thousands of random texts built from the characters that matter', () => {
    const pieces = [
      ' ',
      '  ',
      '\n',
      '\t',
      '\r',
      '\f',
      '\v',
      "'",
      "''",
      '"',
      '""',
      '--',
      '/*',
      '*/',
      '/',
      '*',
      '-',
      '+',
      '<',
      '>',
      '=',
      '!',
      '@',
      '#',
      '~',
      '|',
      '&',
      '`',
      '?',
      '%',
      '^',
      ':',
      '::',
      '.',
      ',',
      '(',
      ')',
      '[',
      ']',
      ';',
      '$',
      '$1',
      '$$',
      '\\',
      '0',
      '1',
      '5',
      '9',
      '12',
      'e',
      'E',
      'x',
      'U',
      '_',
      'a',
      'b',
      'é',
      '😀',
      'limit',
      'from',
      't',
      'set_config',
    ];
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x80000000;
    };
    let accepted = 0;
    let rejectedByPostgres = 0;
    for (let n = 0; n < 100_000; n++) {
      let text = 'select ';
      const length = 1 + Math.floor(random() * 16);
      for (let p = 0; p < length; p++) text += pieces[Math.floor(random() * pieces.length)];
      const lex = lexShape(text, RULES, true);
      if (!lex) continue;
      accepted++;
      if (!scanTokens(text)) rejectedByPostgres++;
      const problems = disagreements(text, lex);
      expect(problems, JSON.stringify(text)).toEqual([]);
    }
    // The test exercises the lexer, not only its refusals.
    expect(accepted).toBeGreaterThan(20_000);
    expect(rejectedByPostgres).toBe(0);
  });
});
