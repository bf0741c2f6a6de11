/**
 * The check that a parse tree agrees with the shape lexer, on real parse trees: it accepts what
 * the lexer reads right, and rejects a lexer that misread (forged token lists standing for lexer
 * bugs), so that such a bug costs a cache miss instead of a wrong decision.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlParser, parseSql } from '../../../../proxy/sql/parser.js';
import { agreesWithParse } from '../../../../proxy/sql/shape-agreement.js';
import { compileShapeRules, lexShape, type ShapeTokens, TOKEN } from '../../../../proxy/sql/shape-lexer.js';

const RULES = compileShapeRules({
  leading: new Set(['select', 'insert', 'update', 'delete', 'merge', 'with', 'values', 'table']),
  refused: new Set(),
  numbersVerbatimAfter: new Set(['limit', 'fetch', 'offset']),
});

beforeAll(async () => {
  await loadSqlParser();
});

function tree(text: string): unknown {
  return parseSql(text).stmts?.[0]?.stmt;
}

function lexOf(text: string): ShapeTokens {
  const tokens = lexShape(text, RULES, true)?.tokens;
  if (!tokens) throw new Error('expected an eligible text');
  return tokens;
}

const agrees = (text: string, lex = lexOf(text)) => agreesWithParse(lex, text, tree(text));

describe('texts the lexer reads right', () => {
  it.each([
    'SELECT abalance FROM pgbench_accounts WHERE aid = 48213;',
    "select 'é', \"x\", 'a''b' from t where c = 'ü' and d = 1.5",
    'select -5, - 5, -(5), - ( - 5 ), -.5, -2147483648, 1 - 2 from t',
    "select date '2020-01-01', interval '1' day, '1'::bit(3), 'x'::varchar(10) from t",
    "select * from t where a like 'x!%' escape '!' and b in (1, 2, 3) and c between 4 and 5",
    'select true, false, null, $1 from t',
    "insert into t (a, b) values (1, 'x'), (2, 'y') on conflict (a) do update set b = 'z'",
    "update t set a = a + 1, b = 'x' where c = 2 returning *",
    "with d as (delete from t where a = 1 returning *) select * from d where b = 'x'",
    'select * from t order by 1 limit 10 offset 5',
    'select * from t fetch first 3 rows only',
    "select (array[1, 2])[1], row(1, 'a'), coalesce(a, 0), -'5', - true from t",
  ])('%j', (text) => {
    expect(agrees(text)).toBe(true);
  });
});

describe('disagreements', () => {
  it('rejects a node starting inside an operator run (a<-5: the parser splits < and -)', () => {
    expect(agrees('select * from t where a<-5')).toBe(false);
    expect(agrees('select * from t where a < -5')).toBe(true);
  });

  it('rejects a literal the tree does not have as a constant', () => {
    const text = "select * from t where a = 'x'";
    const lex = lexOf(text);
    const kinds = [...lex.kinds];
    kinds[kinds.indexOf(TOKEN.word, 3)] = TOKEN.string; // `from` taken for a string
    expect(agreesWithParse({ ...lex, kinds }, text, tree(text))).toBe(false);
  });

  it('rejects a placeholder of the wrong type (an integer read as a string, a keyword as a literal)', () => {
    const text = 'select 1, true from t';
    const lex = lexOf(text);
    const asString = [...lex.kinds];
    asString[1] = TOKEN.string;
    expect(agreesWithParse({ ...lex, kinds: asString }, text, tree(text))).toBe(false);
    const trueAsString = [...lex.kinds];
    trueAsString[3] = TOKEN.string;
    expect(agreesWithParse({ ...lex, kinds: trueAsString }, text, tree(text))).toBe(false);
    const bigInt = 'select 2147483648 from t';
    const big = lexOf(bigInt);
    expect(
      agreesWithParse(
        { ...big, kinds: big.kinds.map((k) => (k === TOKEN.numeric ? TOKEN.integer : k)) },
        bigInt,
        tree(bigInt),
      ),
    ).toBe(false);
  });

  it('rejects token boundaries the parser does not have (a literal cut short or swallowing a token)', () => {
    const text = "select 'a', b from t";
    const lex = lexOf(text);
    // The string's token moved one character: the parser's constant is not at a token start.
    const shifted = lex.starts.map((s, t) => (t === 1 ? s + 1 : s));
    expect(agreesWithParse({ ...lex, starts: shifted }, text, tree(text))).toBe(false);
    // `b` swallowed into the literal: the column reference starts inside it.
    const starts = lex.starts.filter((_, t) => t !== 3);
    const kinds = lex.kinds.filter((_, t) => t !== 3);
    expect(agreesWithParse({ ...lex, starts, kinds, ends: lex.ends }, text, tree(text))).toBe(false);
  });

  it('rejects a replaced literal that no constant covers (a negation of something else)', () => {
    const forged = 'select - 5 from t';
    const lex = lexOf(forged);
    expect(agreesWithParse(lex, forged, tree('select - a from t'))).toBe(false);
  });

  it('gives up on trees too large to check', () => {
    const text = `select ${Array.from({ length: 5000 }, (_, i) => `${i}`).join(', ')} from t`;
    expect(agrees(text)).toBe(false);
  });
});
