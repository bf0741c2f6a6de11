/**
 * `phigate policy explain`: text and JSON output, the dev defaults, a config file (rules,
 * resource labels, agent and groups), stdin, and usage errors.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  type ExplainIo,
  policyCommand,
  policyExplainCommand,
} from '../../../../cli/commands/policy-explain.js';

const dir = mkdtempSync(join(tmpdir(), 'phigate-policy-explain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[], stdin = '', command = policyExplainCommand) {
  let stdout = '';
  let stderr = '';
  const io: ExplainIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    stdin: () => stdin,
  };
  const code = await command(argv, io);
  return { code, stdout, stderr };
}

function configFile(policy: unknown, labels: Record<string, string> = { env: 'prod' }): string {
  const file = join(dir, `config-${Math.random().toString(16).slice(2)}.yaml`);
  writeFileSync(
    file,
    stringify({
      identity: { issuer: 'https://issuer.example/', audience: 'phigate' },
      tls: { allowInsecureLoopback: true },
      resources: [
        {
          name: 'clinic',
          upstream: { host: 'db', database: 'clinic', auth: { type: 'password', user: 'app' } },
          labels,
        },
        {
          name: 'reporting',
          upstream: { host: 'db', database: 'rep', auth: { type: 'password', user: 'app' } },
        },
      ],
      policy,
    }),
  );
  return file;
}

describe('phigate policy explain', () => {
  it('prints facts, the decision and the rule per statement with the dev policy', async () => {
    const r = await run(['select * from patients; delete from departments']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('statement 1 of 2: select * from patients');
    expect(r.stdout).toMatch(/kind\s+read \(SelectStmt\)/);
    expect(r.stdout).toMatch(/tables read\s+public\.patients \(schema not certain\) \[PHI\]/);
    expect(r.stdout).toMatch(/scans\s+public\.patients .*\(no WHERE, no LIMIT\)/);
    expect(r.stdout).toMatch(/decision\s+APPROVE by rule "phi-bulk-read"/);
    expect(r.stdout).toMatch(/decision\s+DENY by rule "update-delete-without-where"/);
    expect(r.stdout).toContain('message on ehr: DENY (statement 2, rule "update-delete-without-where")');
  });

  it('shows inner statements and whether they run', async () => {
    const r = await run([
      '--upstream-user',
      'app',
      'explain select 1; explain analyze delete from t where a',
    ]);
    expect(r.stdout).toContain('inner[0] explains (not run, not decided):');
    expect(r.stdout).toContain('inner[0] executes:');
    expect(r.stdout).toMatch(/tables written\s+public\.t \(or app\.t\)/);
  });

  it('writes one JSON document with --json', async () => {
    const r = await run([
      '--json',
      '--search-path',
      'public',
      "select pg_read_file('x'); select * from encounters",
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.action).toBe('deny');
    expect(doc.decision).toMatchObject({ ruleId: 'server-file-functions', action: 'deny' });
    expect(doc.statements).toHaveLength(2);
    expect(doc.statements[0].facts.functions).toEqual(['pg_read_file']);
    expect(doc.statements[1].phiTables).toEqual({ read: ['public.encounters'], written: [] });
    expect(doc.statements[1].fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('reports an unparseable message', async () => {
    const r = await run(["select * from patients where ssn = '123"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('unparseable: unterminated quoted string at position 36');
    expect(r.stdout).toContain('DENY (rule "unparseable")');
  });

  it('reads the SQL from stdin with -', async () => {
    const r = await run(['-'], 'truncate patients\n');
    expect(r.stdout).toContain('DENY (statement 1, rule "truncate")');
  });

  it('uses a config file: its rules, PHI tables, resource labels, agent and groups', async () => {
    const file = configFile({
      rules: [
        {
          id: 'interns-read-only-in-prod',
          action: 'deny',
          reason: 'interns only read in production',
          match: { agent: { groups: ['interns'] }, resource: { labels: { env: 'prod' } }, kinds: ['write'] },
        },
        { id: 'etl', action: 'allow', reason: 'ETL service', match: { agent: { ids: ['etl'] } } },
      ],
      phiTables: { clinic: ['public.charts'] },
    });
    const sql = "update charts set note = 'x' where id = 1";
    const intern = await run(['--config', file, '--groups', 'interns,staff', sql]);
    expect(intern.code).toBe(0);
    expect(intern.stdout).toContain('DENY (statement 1, rule "interns-read-only-in-prod")');
    const staff = await run(['--config', file, '--groups', 'staff', sql]);
    expect(staff.stdout).toContain('APPROVE (statement 1, rule "phi-write")');
    const etl = await run(['--config', file, '--agent', 'etl', sql]);
    expect(etl.stdout).toContain('ALLOW (statement 1, rule "etl")');
    const otherResource = await run([
      '--config',
      file,
      '--resource',
      'reporting',
      '--groups',
      'interns',
      sql,
    ]);
    expect(otherResource.stdout).toContain('message on reporting: ALLOW');
  });

  it('fails with the problems of an invalid config, named by path', async () => {
    const file = configFile({ rules: [{ id: 'x', action: 'deny', reason: 'r', match: { tabels: {} } }] });
    const r = await run(['--config', file, 'select 1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('policy.rules.0.match: unknown key(s) tabels');
    const unknownStatement = configFile({
      rules: [{ id: 'x', action: 'deny', reason: 'r', match: { statements: ['NopeStmt'] } }],
    });
    const u = await run(['--config', unknownStatement, 'select 1']);
    expect(u.code).toBe(1);
    expect(u.stderr).toContain('unknown statement type "NopeStmt"');
  });

  it('fails for an unknown resource and a missing file', async () => {
    const r = await run(['--config', configFile({}), '--resource', 'nope', 'select 1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no resource "nope"');
    const missing = await run(['--config', join(dir, 'missing.yaml'), 'select 1']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read config file');
  });

  it.each([[[]], [['select 1', 'select 2']], [['--bogus', 'select 1']], [['--agent']]])(
    'exits 2 with usage for %j',
    async (argv) => {
      const r = await run(argv);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('usage: phigate policy explain');
    },
  );

  it('prints help, and dispatches from `phigate policy`', async () => {
    expect((await run(['--help'])).stdout).toContain('usage: phigate policy explain');
    expect((await run(['explain', 'select 1'], '', policyCommand)).code).toBe(0);
    const unknown = await run(['check', 'select 1'], '', policyCommand);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown subcommand "check"');
  });
});
