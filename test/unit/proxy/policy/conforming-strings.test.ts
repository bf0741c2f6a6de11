/**
 * standard_conforming_strings: the parser always reads with it on, so while the upstream session
 * may have it off, a message with a backslash is refused (a server with it off reads
 * `select 'a\' , $$' ; drop table t; -- $$` as a SELECT and a DROP TABLE; checked against
 * PostgreSQL 18 by hand: the table is dropped). What makes the setting unknown, what keeps it on,
 * and that no cache gets around the refusal.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { PolicyEngine } from '../../../../proxy/policy/index.js';
import { baselineEngine, session, verdict } from './fixtures.js';

const SPLIT = "select 'a\\' , $$' ; drop table departments; -- $$";
const E_STRING = "select * from departments where code = E'a\\\\b'";

let engine: PolicyEngine;
beforeAll(async () => {
  engine = await baselineEngine();
});

describe('a message with a backslash', () => {
  it('is decided as the parser reads it while the setting is on (as the server then reads it too)', () => {
    const s = session(engine);
    const batch = s.decide(SPLIT);
    expect(verdict(batch)).toBe('allow allow');
    expect(batch.statements).toHaveLength(1);
  });

  it('is refused as soon as a SET turning it off is decided, before any report (pipelined)', () => {
    const s = session(engine);
    expect(verdict(s.decide(SPLIT))).toBe('allow allow'); // now in the decision cache
    expect(verdict(s.decide('set standard_conforming_strings = off'))).toBe('allow allow');
    const refused = s.decide(SPLIT);
    expect(verdict(refused)).toBe('deny unparseable');
    expect(refused.syntaxError).toEqual({
      message: 'backslash while standard_conforming_strings is off or not known to be on',
      position: 10,
    });
    expect(refused.decision.reason).not.toContain('drop');
    expect(verdict(s.decide(E_STRING))).toBe('deny unparseable');
    expect(verdict(s.decide("select * from departments where code = 'x'"))).toBe('allow allow');
    s.observeParameterStatus('standard_conforming_strings', 'off');
    expect(verdict(s.decide(SPLIT))).toBe('deny unparseable');
    s.observeParameterStatus('standard_conforming_strings', 'on');
    expect(verdict(s.decide(SPLIT))).toBe('allow allow');
  });

  it('is refused when the session starts with the setting off, until the upstream reports it on', () => {
    const s = session(engine, { standardConformingStrings: 'off' });
    expect(verdict(s.decide(SPLIT))).toBe('deny unparseable');
    s.observeParameterStatus('standard_conforming_strings', 'on');
    expect(verdict(s.decide(SPLIT))).toBe('allow allow');
  });

  it.each([
    'set local standard_conforming_strings = off',
    'set standard_conforming_strings to default',
    "set standard_conforming_strings = 'of'",
    "select set_config('standard_conforming_strings', 'off', false)",
    "select pg_catalog.set_config('standard_conforming_strings', 'off', true)",
    "begin; set standard_conforming_strings = off; select 'x'",
  ])('makes the setting unknown: %s (decided in full, then from the decision cache)', (change) => {
    for (let round = 0; round < 2; round++) {
      const s = session(engine);
      s.decide(change);
      expect(verdict(s.decide(SPLIT))).toBe('deny unparseable');
    }
  });

  it('is refused after set_config with a computed name (denied itself, and it may run elsewhere)', () => {
    const s = session(engine);
    expect(verdict(s.decide("select set_config(lower('STANDARD_CONFORMING_STRINGS'), 'off', false)"))).toBe(
      'deny dynamic-sql',
    );
    expect(verdict(s.decide(SPLIT))).toBe('deny unparseable');
  });

  it.each([
    'set standard_conforming_strings = on',
    "set standard_conforming_strings = 'on'",
    'set session standard_conforming_strings to true',
    'set standard_conforming_strings = 1',
    'reset standard_conforming_strings',
    'reset all',
    'discard all',
    "set application_name = 'x'",
  ])('keeps a known-on setting on: %s (decided in full, then from the decision cache)', (keep) => {
    for (let round = 0; round < 2; round++) {
      const s = session(engine);
      s.decide(keep);
      expect(verdict(s.decide(SPLIT))).toBe('allow allow');
    }
  });

  it('treats RESET as unknown when the start-up value was off', () => {
    for (const reset of ['reset standard_conforming_strings', 'reset all', 'discard all']) {
      const s = session(engine, { standardConformingStrings: 'off' });
      s.observeParameterStatus('standard_conforming_strings', 'on');
      s.decide(reset);
      expect(verdict(s.decide(SPLIT)), reset).toBe('deny unparseable');
    }
  });
});
