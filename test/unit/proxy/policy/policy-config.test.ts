/**
 * The policy section of the config: the schema (unknown keys and bad values rejected with their
 * path, through the root config loader), the checks made when the engine compiles it, and the
 * semantics of rule order, overrides, disabling, the default action and each match condition.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../../core/config/load.js';
import { type MatchInput, policySchema } from '../../../../core/config/policy.js';
import { PhigateError } from '../../../../core/errors.js';
import { createPolicyEngine, HIPAA_BASELINE, loadSqlParser } from '../../../../proxy/policy/index.js';
import { engineFor, session, verdict } from './fixtures.js';

const ROOT = {
  identity: { issuer: 'https://issuer.example/', audience: 'phigate' },
  tls: { allowInsecureLoopback: true },
  resources: [
    {
      name: 'ehr',
      upstream: { host: 'db', database: 'ehr', auth: { type: 'password', user: 'phigate' } },
      labels: { env: 'prod' },
    },
  ],
};

function configProblems(policy: unknown): string {
  try {
    parseConfig({ ...ROOT, policy });
  } catch (error) {
    if (error instanceof PhigateError) return error.message;
    throw error;
  }
  return '';
}

describe('policy schema', () => {
  it('defaults to the hipaa-baseline pack with deny when nothing matches', () => {
    const p = parseConfig(ROOT).policy;
    expect(p.extends).toEqual(['hipaa-baseline']);
    expect(p.defaultAction).toBe('deny');
    expect(p.rules).toEqual([]);
    expect(Object.isFrozen(p)).toBe(true);
  });

  it.each([
    [{ bogus: 1 }, 'policy: unknown key(s) bogus'],
    [{ rules: [{ id: 'a', action: 'deny', reason: 'r', extra: 1 }] }, 'policy.rules.0: unknown key(s) extra'],
    [
      { rules: [{ id: 'a', action: 'deny', reason: 'r', match: { table: ['x.y'] } }] },
      'policy.rules.0.match: unknown key(s) table',
    ],
    [
      {
        rules: [
          { id: 'a', action: 'deny', reason: 'r', match: { anyOf: [{ kinds: ['read'], nope: true }] } },
        ],
      },
      'policy.rules.0.match.anyOf.0: unknown key(s) nope',
    ],
    [
      { rules: [{ id: 'a', action: 'deny', reason: 'r', match: { scan: { phi: true, wher: false } } }] },
      'policy.rules.0.match.scan: unknown key(s) wher',
    ],
    [{ cache: { parseEntries: 10, size: 1 } }, 'policy.cache: unknown key(s) size'],
    [{ rules: [{ id: 'a', action: 'block', reason: 'r' }] }, 'policy.rules.0.action'],
    [{ rules: [{ id: 'a', action: 'deny' }] }, 'policy.rules.0.reason'],
    [{ rules: [{ id: 'A b', action: 'deny', reason: 'r' }] }, 'policy.rules.0.id'],
    [
      { rules: [{ id: 'unparseable', action: 'allow', reason: 'r' }] },
      'policy.rules.0.id: is reserved by the engine',
    ],
    [
      { rules: [{ id: 'a', action: 'deny', reason: 'r', match: { kinds: ['select'] } }] },
      'policy.rules.0.match.kinds.0',
    ],
    [
      { rules: [{ id: 'a', action: 'deny', reason: 'r', match: { tables: { read: ['patients'] } } }] },
      'policy.rules.0.match.tables.read.0: expected schema.table',
    ],
    [
      { rules: [{ id: 'a', action: 'deny', reason: 'r', match: { statements: ['truncate'] } }] },
      'policy.rules.0.match.statements.0',
    ],
    [
      { rules: [{ id: 'a', action: 'deny', reason: 'r', match: { limitAtMost: -1 } }] },
      'policy.rules.0.match.limitAtMost',
    ],
    [
      { rules: [{ id: 'a', action: 'deny', reason: 'r', match: { phi: 'yes' } }] },
      'policy.rules.0.match.phi',
    ],
    [
      { rules: [{ id: 'a', action: 'deny', reason: 'r', match: { copy: { targets: ['s3'] } } }] },
      'policy.rules.0.match.copy.targets.0',
    ],
    [
      {
        rules: [
          { id: 'a', action: 'deny', reason: 'r' },
          { id: 'a', action: 'allow', reason: 'r' },
        ],
      },
      'policy.rules.1: duplicate rule id "a"',
    ],
    [{ phiTables: { ehr: ['public.p*'] } }, 'policy.phiTables.ehr.0: globs are not allowed in phiTables'],
    [{ phiTables: { ehr: ['patients'] } }, 'policy.phiTables.ehr.0: expected schema.table'],
    [{ extends: ['pci'] }, 'policy.extends.0'],
    [{ defaultAction: 'maybe' }, 'policy.defaultAction'],
  ])('rejects %j naming %s', (policy, problem) => {
    expect(configProblems(policy)).toContain(problem);
  });

  it('folds setting names to lower case', () => {
    const p = policySchema.parse({
      rules: [{ id: 'a', action: 'deny', reason: 'r', match: { sets: ['ROLE'] } }],
    });
    expect(p.rules[0]?.match.sets).toEqual(['role']);
  });

  it('parses every rule of the built-in pack with the same schema', () => {
    const ids = HIPAA_BASELINE.map((r) => policySchema.parse({ rules: [r], extends: [] }).rules[0]?.id);
    expect(ids).toHaveLength(22);
    expect(ids.at(-1)).toBe('allow');
  });
});

describe('compiling the policy', () => {
  it.each([
    [
      { rules: [{ id: 'x', action: 'deny', reason: 'r', match: { statements: ['TruncStmt'] } }] },
      'policy.rules.0.match.statements.0: unknown statement type "TruncStmt"',
    ],
    [
      {
        rules: [
          {
            id: 'x',
            action: 'deny',
            reason: 'r',
            match: { anyOf: [{ statements: ['SelectStmt'] }, { statements: ['NopeStmt'] }] },
          },
        ],
      },
      'policy.rules.0.match.anyOf.1.statements.0: unknown statement type "NopeStmt"',
    ],
    [
      { overrides: [{ id: 'no-such-rule', action: 'deny', reason: 'r' }] },
      'policy.overrides.0.id: no rule "no-such-rule" in hipaa-baseline',
    ],
    [{ disable: ['ddll'] }, 'policy.disable.0: no rule "ddll" to disable'],
    [
      { rules: [{ id: 'ddl', action: 'allow', reason: 'r' }] },
      'policy.rules.0.id: "ddl" is a rule of hipaa-baseline; use overrides',
    ],
    [
      { extends: [], overrides: [{ id: 'ddl', action: 'allow', reason: 'r' }] },
      'no rule "ddl" in the extended packs (none)',
    ],
  ])('refuses %j', async (policy, problem) => {
    await loadSqlParser();
    const config = policySchema.parse(policy);
    expect(() => createPolicyEngine(config)).toThrow(problem);
  });
});

describe('rule order, overrides, disabling, default action', () => {
  it('evaluates own rules before the pack', async () => {
    const e = await engineFor({
      rules: [
        { id: 'etl-bulk', action: 'allow', reason: 'nightly ETL', match: { agent: { ids: ['etl-*'] } } },
      ],
      phiTables: { ehr: ['public.patients'] },
    });
    expect(verdict(session(e, { agent: { id: 'etl-nightly' } }).decide('select * from patients'))).toBe(
      'allow etl-bulk',
    );
    expect(verdict(session(e).decide('select * from patients'))).toBe('approve phi-bulk-read');
    expect(e.rules.map((r) => `${r.source}:${r.id}`).slice(0, 2)).toEqual([
      'config:etl-bulk',
      'hipaa-baseline:do-block',
    ]);
  });

  it('replaces a pack rule in place with an override', async () => {
    const e = await engineFor({
      overrides: [
        {
          id: 'phi-bulk-read',
          action: 'deny',
          reason: 'no bulk reads here',
          match: { scan: { phi: true, where: false } },
        },
      ],
      phiTables: { ehr: ['public.patients'] },
    });
    expect(verdict(session(e).decide('select * from patients limit 10'))).toBe('deny phi-bulk-read');
    expect(e.rules.find((r) => r.id === 'phi-bulk-read')?.source).toBe('override');
  });

  it('drops disabled rules, and uses the default action when nothing matches', async () => {
    const e = await engineFor({ disable: ['ddl', 'allow'] });
    expect(verdict(session(e).decide('create table t (a int)'))).toBe('deny no-rule-matched');
    expect(verdict(session(e).decide('select 1'))).toBe('deny no-rule-matched');
    const open = await engineFor({ extends: [], defaultAction: 'allow' });
    expect(verdict(session(open).decide('drop table patients'))).toBe('allow no-rule-matched');
    const approveAll = await engineFor({ extends: [], defaultAction: 'approve' });
    expect(verdict(session(approveAll).decide('select 1'))).toBe('approve no-rule-matched');
  });
});

describe('match conditions', () => {
  const rule = (match: MatchInput) => ({
    extends: [],
    defaultAction: 'allow' as const,
    phiTables: { ehr: ['public.patients'], '*': ['shared.people'] },
    rules: [{ id: 'r', action: 'deny' as const, reason: 'test', match }],
  });

  it.each([
    [{ agent: { groups: ['interns'] } }, 'select 1', { agent: { id: 'a', groups: ['interns'] } }, true],
    [{ agent: { groups: ['interns'] } }, 'select 1', { agent: { id: 'a', groups: ['staff'] } }, false],
    [
      { resource: { labels: { env: 'prod' } } },
      'select 1',
      { resource: { name: 'ehr', labels: { env: 'prod' } } },
      true,
    ],
    [
      { resource: { labels: { env: 'prod' } } },
      'select 1',
      { resource: { name: 'ehr', labels: { env: 'dev' } } },
      false,
    ],
    [{ resource: { names: ['ehr*'] } }, 'select 1', { resource: { name: 'ehr-replica' } }, true],
    [{ tables: { any: ['public.secrets'] } }, 'select * from secrets', {}, true],
    [{ tables: { written: ['public.secrets'] } }, 'select * from secrets', {}, false],
    [{ tables: { read: ['archive.*'] } }, 'select * from archive.x', {}, true],
    [{ tables: { read: ['*.x'] } }, 'select * from x', { upstreamUser: undefined }, true],
    [{ tables: { read: ['public."Mixed"'] } }, 'select * from "Mixed"', {}, true],
    [{ tables: { read: ['public."Mixed"'] } }, 'select * from mixed', {}, false],
    [{ phi: 'read' }, 'select * from shared.people', { resource: { name: 'other' } }, true],
    [{ phi: 'written' }, 'select * from patients', {}, false],
    [{ phi: 'any' }, 'insert into patients values (1)', {}, true],
    [{ phi: 'none' }, 'select * from patients', {}, false],
    [{ functions: ['pg_catalog.myfn'] }, 'select myfn()', {}, true],
    [{ functions: ['pg_catalog.myfn'] }, 'select other.myfn()', {}, false],
    [{ functions: ['myfn'] }, 'select other.myfn()', {}, true],
    [{ functions: ['my*'] }, 'select 1 where myfunction()', {}, true],
    [{ where: true, kinds: ['read'] }, 'select 1 where true', {}, true],
    [{ limitAtMost: 10 }, 'select 1 limit 10', {}, true],
    [{ limitAtMost: 10 }, 'select 1 limit 11', {}, false],
    [{ limitExceeds: 10 }, 'select 1 limit $1', {}, true],
    [{ scan: { tables: ['public.t'], limitAtMost: 5 } }, 'select * from t limit 5', {}, true],
    [{ copy: { directions: ['from'] } }, 'copy t from stdin', {}, true],
    [{ copy: { directions: ['from'] } }, 'copy t to stdout', {}, false],
    [{ sets: ['statement_timeout'] }, "set statement_timeout = '1s'", {}, true],
    [{ sets: ['statement_timeout'] }, 'reset statement_timeout', {}, false],
    [{ setConfigs: ['statement_timeout'] }, "set statement_timeout = '1s'", {}, false],
    [{ opaque: true }, 'execute unknown_name', {}, true],
    [{ dataModifyingCte: true }, 'with d as (delete from t where a returning 1) select 1', {}, true],
    [{ selectInto: false, kinds: ['read'] }, 'select 1', {}, true],
    [{ anyOf: [{ kinds: ['ddl'] }, { statements: ['TruncateStmt'] }] }, 'truncate t', {}, true],
    [{ anyOf: [{ kinds: ['ddl'] }, { statements: ['TruncateStmt'] }] }, 'select 1', {}, false],
  ])('%j on %s', async (match, sql, opts, fires) => {
    const e = await engineFor(rule(match as MatchInput));
    expect(session(e, opts as never).decide(sql).decision.ruleId).toBe(fires ? 'r' : 'no-rule-matched');
  });

  it('lets an allow rule on tables fire only when every possible resolution matches', async () => {
    const e = await engineFor({
      defaultAction: 'deny',
      extends: [],
      rules: [
        {
          id: 'reports',
          action: 'allow',
          reason: 'reporting',
          match: { tables: { read: ['public.reports'] } },
        },
      ],
    });
    expect(verdict(session(e).decide('select * from public.reports'))).toBe('allow reports');
    // `$user` (phigate) comes first in the default path: phigate.reports is a possible resolution.
    expect(verdict(session(e).decide('select * from reports'))).toBe('deny no-rule-matched');
    expect(verdict(session(e, { searchPath: 'public' }).decide('select * from reports'))).toBe(
      'allow reports',
    );
    expect(
      verdict(session(e, { upstreamUser: undefined, searchPath: 'public' }).decide('select * from reports')),
    ).toBe('allow reports');
  });
});
