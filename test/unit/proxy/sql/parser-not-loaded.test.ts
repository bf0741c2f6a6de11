/**
 * Before `loadSqlParser()` nothing is parsed and nothing is allowed: the engine answers deny
 * (fail closed) instead of throwing or guessing. This file runs in its own process, so the
 * parser starts unloaded here.
 */
import { describe, expect, it } from 'vitest';
import {
  createPolicyEngine,
  devPolicyConfig,
  loadSqlParser,
  sqlParserLoaded,
} from '../../../../proxy/policy/index.js';
import { parseBatch } from '../../../../proxy/sql/parsed-batch.js';

describe('before the parser is loaded', () => {
  it('refuses to parse, denies every statement, then works once loaded', async () => {
    expect(sqlParserLoaded()).toBe(false);
    expect(() => parseBatch('select 1')).toThrow(expect.objectContaining({ code: 'SQL_PARSER_NOT_LOADED' }));
    const session = createPolicyEngine(devPolicyConfig()).openSession({
      agent: { id: 'a' },
      resource: { name: 'ehr' },
    });
    const early = session.decide('select 1');
    expect(early.action).toBe('deny');
    expect(early.decision).toMatchObject({ ruleId: 'engine-error', reason: 'the SQL parser is not loaded' });

    await Promise.all([loadSqlParser(), loadSqlParser()]);
    expect(sqlParserLoaded()).toBe(true);
    expect(session.decide('select 1').action).toBe('allow');
  });
});
