/** Canonical identifiers, qualified-name parsing, name patterns, search_path text, the LRU. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SEARCH_PATH, parseSearchPath } from '../../../../proxy/policy/facts/search-path.js';
import {
  canonicalTableName,
  compileNamePattern,
  parseQualifiedName,
  quoteIdent,
} from '../../../../proxy/sql/identifiers.js';
import { LruCache } from '../../../../proxy/sql/lru-cache.js';

describe('identifiers', () => {
  it.each([
    ['patients', 'patients'],
    ['Patients', '"Patients"'],
    ['my table', '"my table"'],
    ['a"b', '"a""b"'],
    ['_x$1', '_x$1'],
    ['1abc', '"1abc"'],
    ['a.b', '"a.b"'],
  ])('quoteIdent(%j) = %s', (name, quoted) => {
    expect(quoteIdent(name)).toBe(quoted);
  });

  it.each([
    ['public.patients', 'public.patients'],
    ['PUBLIC.Patients', 'public.patients'],
    ['public."Patients"', 'public."Patients"'],
    ['"my schema"."a.b"', '"my schema"."a.b"'],
    ['"a""b".c', '"a""b".c'],
    ['patients', undefined],
    ['a.b.c', undefined],
    ['a.', undefined],
    ['"unterminated.x', undefined],
    ['a b.c', undefined],
  ])('canonicalTableName(%j) = %j', (text, canonical) => {
    expect(canonicalTableName(text)).toBe(canonical);
  });

  it('parses quoted and unquoted parts', () => {
    expect(parseQualifiedName('Sch."T x"')).toEqual([
      { name: 'sch', quoted: false },
      { name: 'T x', quoted: true },
    ]);
  });

  it.each([
    ['public.*', 'public.patients', true],
    ['public.*', 'public."Mixed"', true],
    ['public.*', 'other.patients', false],
    ['*.patients', 'archive.patients', true],
    ['pub?ic.pat*', 'public.patients', true],
    ['public."Pat*"', 'public.patients', false],
    ['public."Pat*"', 'public."Pat*"', true],
    ['PUBLIC.PATIENTS', 'public.patients', true],
    ['public.patients', 'public.patients_archive', false],
  ])('pattern %s on %s ⇒ %s', (pattern, name, match) => {
    expect(compileNamePattern(pattern).test(name)).toBe(match);
  });
});

describe('search_path text', () => {
  it.each([
    ['"$user", public', ['$user', 'public']],
    ['public', ['public']],
    ['Clinic,  "Mixed Case" ,x', ['clinic', 'Mixed Case', 'x']],
    ['"a,b"', ['a,b']],
    ['"a""b"', ['a"b']],
    ['', []],
    ['a,', undefined],
    ['"open', undefined],
    ['a b', undefined],
  ])('%j ⇒ %j', (text, path) => {
    expect(parseSearchPath(text)).toEqual(path);
  });

  it('defaults to "$user", public', () => {
    expect(DEFAULT_SEARCH_PATH).toEqual(['$user', 'public']);
  });
});

describe('LruCache', () => {
  it('keeps the most recently used entries within its capacity', () => {
    const lru = new LruCache<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1);
    lru.set('c', 3);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    expect(lru.get('c')).toBe(3);
    const off = new LruCache<string, number>(0);
    off.set('a', 1);
    expect(off.get('a')).toBeUndefined();
  });
});
