/**
 * Parsing a message with the real parser: statements with their own text and offsets (also past
 * multi-byte characters), fingerprints, syntax errors reported without the text around them,
 * and the bounded parse cache.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createParseCache } from '../../../../proxy/sql/parse-cache.js';
import { parseBatch } from '../../../../proxy/sql/parsed-batch.js';
import { loadSqlParser } from '../../../../proxy/sql/parser.js';

beforeAll(async () => {
  await loadSqlParser();
});

function texts(sql: string): string[] {
  const batch = parseBatch(sql);
  if (!batch.ok) throw new Error(batch.error.message);
  for (const s of batch.statements) expect(sql.slice(s.start, s.end)).toBe(s.text);
  return batch.statements.map((s) => s.text);
}

describe('splitting a message into statements', () => {
  it.each([
    ['select 1', ['select 1']],
    ['select 1;', ['select 1']],
    ['select 1 ; select 2 ;\n', ['select 1', 'select 2']],
    ['select 1;;; select 2', ['select 1', 'select 2']],
    ["select 'a;b'; select $$;$$", ["select 'a;b'", 'select $$;$$']],
    ['/* lead */ select 1; -- tail', ['select 1']],
    ["select 'é'; select 'ü' || 'ß'", ["select 'é'", "select 'ü' || 'ß'"]],
    ["select '😀'; select 2", ["select '😀'", 'select 2']],
    ['select "Spalte ö" from t; select 1', ['select "Spalte ö" from t', 'select 1']],
    ['', []],
    [' ; ', []],
  ])('%j', (sql, expected) => {
    expect(texts(sql)).toEqual(expected);
  });

  it('fingerprints each statement on its own', () => {
    const batch = parseBatch('select * from t where a = 1; SELECT * FROM t WHERE a = 99; select 2');
    if (!batch.ok) throw new Error('parse failed');
    const [a, b, c] = batch.statements.map((s) => s.fingerprint);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('syntax errors', () => {
  it.each([
    ['selec 1', 'syntax error', 1],
    ['select * from t wher x = 1', 'syntax error', 22],
    ["select 'ssn 123-45-6789", 'unterminated quoted string', 8],
    ["select 'é' from t wher x", 'syntax error', 24],
    // Positions count characters (code points) as PostgreSQL does, not UTF-16 units.
    ["select '😀' from t wher x", 'syntax error', 24],
    ['select $$ secret', 'unterminated dollar-quoted string', 8],
    ['select 1 /* secret', 'unterminated /* comment', 10],
    ['select (1', 'syntax error at end of input', 10],
    ['select "secret', 'unterminated quoted identifier', 8],
  ])('%j ⇒ %s at %d', (sql, message, position) => {
    const batch = parseBatch(sql);
    expect(batch.ok).toBe(false);
    if (batch.ok) return;
    expect(batch.error).toEqual({ message, position });
    expect(batch.error.message).not.toMatch(/secret|123|wher|selec|"/);
  });
});

describe('parse cache', () => {
  it('returns the same frozen batch for the same text', () => {
    const cache = createParseCache({ entries: 10, maxTextLength: 100 });
    const a = cache.parse('select 1');
    expect(cache.parse('select 1')).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    if (a.ok) expect(Object.isFrozen(a.statements[0])).toBe(true);
    expect(cache.parse('select  1')).not.toBe(a);
  });

  it('evicts the least recently used entry and skips long texts', () => {
    const cache = createParseCache({ entries: 2, maxTextLength: 20 });
    const one = cache.parse('select 1');
    cache.parse('select 2');
    cache.parse('select 1');
    cache.parse('select 3');
    expect(cache.size).toBe(2);
    expect(cache.parse('select 1')).toBe(one);
    const long = `select ${'1 + '.repeat(10)}1`;
    expect(cache.parse(long)).not.toBe(cache.parse(long));
    expect(cache.size).toBe(2);
  });

  it('caches syntax errors too', () => {
    const cache = createParseCache({ entries: 10, maxTextLength: 100 });
    const bad = cache.parse('selec 1');
    expect(bad.ok).toBe(false);
    expect(cache.parse('selec 1')).toBe(bad);
  });
});
