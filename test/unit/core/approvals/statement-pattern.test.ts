import { describe, expect, it } from 'vitest';
import { resolveGrantScope } from '../../../../core/approvals/grant-scope.js';
import { lexSql } from '../../../../core/approvals/sql-tokens.js';
import {
  checkStatementPattern,
  matchesStatementPattern,
  suggestStatementPattern,
} from '../../../../core/approvals/statement-pattern.js';
import { approvalRequest } from '../../functions/approvals/fixtures.js';

describe('window statement patterns: * is exactly one value', () => {
  it.each([
    [
      'update patients set phone = * where patient_id = *',
      "UPDATE patients SET phone = '555-0100' WHERE patient_id = 42;",
      true,
    ],
    [
      'update patients set phone = * where patient_id = *',
      "update  patients\n set phone='x'  where patient_id=7",
      true,
    ],
    [
      'update patients set phone = * where patient_id = *',
      "update patients set phone = 'x' where patient_id = -7",
      true,
    ],
    [
      'update patients set phone = * where patient_id = *',
      'update patients set phone = $1 where patient_id = $2',
      true,
    ],
    [
      'update patients set phone = * where patient_id = * -- note',
      "update patients /* c */ set phone = E'it\\'s' where patient_id = 1",
      true,
    ],
    [
      'insert into lab_results (lab_id, value) values (*, *)',
      'INSERT INTO lab_results (lab_id, value) VALUES (1, 4.2e1)',
      true,
    ],
    ['select * from patients', 'select * from patients', true],
    ['select count(*) from t where d > *', 'select count(*) from t where d > $$2020-01-01$$', true],
    // What a * must never stand for: more SQL, a name, a second statement, a different table.
    [
      'update patients set phone = * where patient_id = *',
      "update patients set phone = 'x' where patient_id = 1 or true",
      false,
    ],
    [
      'update patients set phone = * where patient_id = *',
      "update patients set phone = 'x' where patient_id = patient_id",
      false,
    ],
    [
      'update patients set phone = * where patient_id = *',
      "update patients set phone = 'x' where patient_id = (select 1)",
      false,
    ],
    [
      'update patients set phone = * where patient_id = *',
      "update patients set phone = 'x' where patient_id = 1; drop table patients",
      false,
    ],
    [
      'update patients set phone = * where patient_id = *',
      "update patients set phone = 'x' where patient_id = 1 -- fine\n or true",
      false,
    ],
    ['insert into lab_results values (*)', 'insert into lab_results_archive values (1)', false],
    ['insert into lab_results values (*)', 'insert into lab_results values (1, 2)', false],
    ['select * from patients', 'select ssn from patients', false],
    // Quoted names and string literals compare exactly; keywords and plain names ignore case.
    ['select * from "Patients"', 'SELECT * FROM "Patients"', true],
    ['select * from "Patients"', 'select * from "patients"', false],
    ["update t set s = 'A' where id = *", "update t set s = 'a' where id = 1", false],
    // A statement that does not lex never matches.
    ['update t set s = * where id = *', "update t set s = 'open where id = 1", false],
  ])('%s ~ %s → %s', (p, s, expected) => {
    expect(matchesStatementPattern(p, s)).toBe(expected);
  });

  it('matches in linear time on long statements', () => {
    const values = Array.from({ length: 20_000 }, (_, i) => `(${i}, 'v${i}')`).join(', ');
    const stmt = `insert into t (a, b) values ${values}`;
    const started = performance.now();
    expect(matchesStatementPattern('insert into t (a, b) values (*, *)', stmt)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('suggested pattern (the review page pre-fill)', () => {
  it.each([
    [
      "UPDATE patients SET phone = '555-0100' WHERE patient_id = 42",
      'UPDATE patients SET phone = * WHERE patient_id = *',
    ],
    [
      "update patients set notes = 'a' where patient_id=-1;",
      'update patients set notes = * where patient_id=*',
    ],
    [
      "insert into lab_results (lab_id, value) values (1, 4.5), (2, E'x\\'y')",
      'insert into lab_results (lab_id, value) values (*, *), (*, *)',
    ],
    ['select * from patients -- all of them, John Doe', 'select * from patients'],
    ['select a - 1 from t where b = $1', 'select a - * from t where b = $1'],
    ["select * from t where d = date '2026-01-01'", 'select * from t where d = date *'],
  ])('%s → %s', (statement, suggested) => {
    expect(suggestStatementPattern(statement)).toBe(suggested);
    expect(matchesStatementPattern(suggested, statement)).toBe(true);
  });

  it('offers nothing for text that does not lex or for DO blocks', () => {
    expect(suggestStatementPattern("select 'open")).toBeUndefined();
    expect(suggestStatementPattern('do $$ begin perform 1; end $$')).toBeUndefined();
  });
});

describe('checking an approver-chosen pattern', () => {
  const stmt = "UPDATE patients SET phone = '555-0100' WHERE patient_id = 42";
  it.each([
    [undefined, /missing/],
    ['   ', /missing/],
    ['x'.repeat(4_001), /longer than 4000/],
    ['update patients set phone = * where patient_id = *\u0007', /control characters/],
    ["update patients set phone = '", /unterminated string/],
    ['update patients set phone = * where patient_id = *; select 1', /one statement/],
    ['* patients', /must start with the statement keyword/],
    ['do *', /DO blocks/],
    ['update patients set phone = *', /does not match the statement under review/],
  ])('%s → refused (%s)', (pattern, reason) => {
    const r = checkStatementPattern(pattern, stmt);
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
    if (!r.ok) expect(r.reason).not.toContain('555');
  });

  it('accepts a matching pattern, trimmed, trailing semicolon allowed', () => {
    expect(checkStatementPattern('  update patients set phone = * where patient_id = *;  ', stmt)).toEqual({
      ok: true,
      pattern: 'update patients set phone = * where patient_id = *;',
    });
  });
});

describe('grant scope resolution', () => {
  const r = approvalRequest({ maxWindowMs: 3_600_000 });
  const pattern = 'UPDATE patients SET phone = * WHERE patient_id = *';
  it('no choice: the requested scope; once: the requested validity', () => {
    expect(resolveGrantScope(r, undefined)).toEqual({ ok: true, scope: r.scope });
    expect(resolveGrantScope(r, { kind: 'once' })).toEqual({ ok: true, scope: r.scope });
  });
  it('a window within the maximum with a matching pattern; otherwise refused', () => {
    expect(resolveGrantScope(r, { kind: 'window', windowMs: 3_600_000, statementPattern: pattern })).toEqual({
      ok: true,
      scope: { kind: 'window', windowMs: 3_600_000, statementPattern: pattern },
    });
    expect(
      resolveGrantScope(r, { kind: 'window', windowMs: 3_600_001, statementPattern: pattern }),
    ).toMatchObject({
      ok: false,
    });
    expect(
      resolveGrantScope(r, { kind: 'window', windowMs: 59_999, statementPattern: pattern }),
    ).toMatchObject({
      ok: false,
    });
    expect(
      resolveGrantScope(approvalRequest(), { kind: 'window', windowMs: 600_000, statementPattern: pattern }),
    ).toEqual({ ok: false, reason: 'windows are not enabled for this approval' });
  });
  it('a requested window longer than the maximum is refused when approved as requested', () => {
    const w = approvalRequest({
      maxWindowMs: 600_000,
      scope: { kind: 'window', windowMs: 3_600_000, statementPattern: pattern },
    });
    expect(resolveGrantScope(w, undefined)).toMatchObject({ ok: false });
  });
});

describe('the lexer', () => {
  it('tokenizes literals, names, operators and drops comments', () => {
    const r = lexSql(`select "A b", e'x\\'', $t$ y $t$, 1.5e3, $2, a->>'k' /* /* nested */ */ from t -- end`);
    expect(r.ok && r.tokens.map((t) => `${t.kind}:${t.text}`)).toEqual([
      'word:select',
      'ident:"A b"',
      'punct:,',
      "string:e'x\\''",
      'punct:,',
      'string:$t$ y $t$',
      'punct:,',
      'number:1.5e3',
      'punct:,',
      'param:$2',
      'punct:,',
      'word:a',
      'op:->>',
      "string:'k'",
      'word:from',
      'word:t',
    ]);
    expect(lexSql('select /* open').ok).toBe(false);
    expect(lexSql('select $x$ open').ok).toBe(false);
  });
});
