/**
 * psql and pgbench (libpq) through phigate: same output as direct, TLS, COPY, errors in
 * transactions, cancel by SIGINT, and a pgbench run in simple and prepared mode.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directPsqlEnv, startTestGateway, type TestGateway } from '../../helpers/gateway.js';
import { run } from '../../helpers/run.js';

let gw: TestGateway;
let token: string;

const psql = (env: NodeJS.ProcessEnv, sql: string, extra: string[] = [], input?: string) =>
  run('psql', ['-X', '-v', 'ON_ERROR_STOP=0', '-A', '-F', '|', '-c', sql, ...extra], { env, input });

beforeAll(async () => {
  gw = await startTestGateway();
  token = await gw.token();
  const setup = await run('pgbench', ['-i', '-s', '1', '-q'], { env: directPsqlEnv(gw.database) });
  expect(setup.code).toBe(0);
});
afterAll(async () => gw?.close());

describe('psql through phigate', () => {
  it('prints the same results as direct for simple and multi-statement queries', async () => {
    const sql =
      'select count(*) from pgbench_accounts; select aid, abalance from pgbench_accounts where aid < 5 order by aid; select 1/0; select 2';
    const [via, direct] = await Promise.all([
      psql(gw.psqlEnv(token), sql),
      psql(directPsqlEnv(gw.database), sql),
    ]);
    expect(via.stdout).toBe(direct.stdout);
    expect(via.stderr).toBe(direct.stderr);
    expect(via.stdout).toContain('100000');
  });

  it('works over TLS with sslmode=require (TLS terminated at phigate)', async () => {
    const r = await run('psql', ['-X', '-c', '\\conninfo', '-c', 'select 1 as one'], {
      env: gw.psqlEnv(token, 'require'),
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/SSL connection \(protocol: TLSv1\.[23]/);
    expect(r.stdout).toContain('(1 row)');
  });

  it('copies in and out with COPY FROM STDIN / TO STDOUT', async () => {
    await psql(directPsqlEnv(gw.database), 'create table notes (id int, body text)');
    const rows = Array.from({ length: 2000 }, (_, i) => `${i}\tbody ${i} with tab\\tand newline\\n`).join(
      '\n',
    );
    const copyIn = await run('psql', ['-X', '-c', 'copy notes from stdin'], {
      env: gw.psqlEnv(token),
      input: `${rows}\n\\.\n`,
    });
    expect(copyIn.stdout.trim()).toBe('COPY 2000');
    const [via, direct] = await Promise.all([
      psql(gw.psqlEnv(token), 'copy (select * from notes order by id) to stdout'),
      psql(directPsqlEnv(gw.database), 'copy (select * from notes order by id) to stdout'),
    ]);
    expect(via.stdout).toBe(direct.stdout);
    expect(via.stdout.split('\n').length).toBe(2001);
  });

  it('keeps transaction semantics: an error aborts, rollback restores', async () => {
    const script =
      'begin;\nupdate pgbench_branches set bbalance = 999 where bid = 1;\nselect 1/0;\nselect 1;\nrollback;\nselect bbalance from pgbench_branches where bid = 1;\n';
    const r = await run('psql', ['-X', '-A', '-t'], { env: gw.psqlEnv(token), input: script });
    expect(r.stderr).toContain('division by zero');
    expect(r.stderr).toContain('current transaction is aborted');
    expect(r.stdout.trim().split('\n').pop()).toBe('0');
  });

  it('cancels pg_sleep(30) within 2 s when psql gets SIGINT', async () => {
    const started = Date.now();
    const child = spawn('psql', ['-X', '-c', 'select pg_sleep(30)'], { env: gw.psqlEnv(token) });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    setTimeout(() => child.kill('SIGINT'), 500);
    await new Promise((r) => child.once('close', r));
    expect(stderr).toContain('canceling statement due to user request');
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('delivers LISTEN/NOTIFY to psql', async () => {
    const r = await run('psql', ['-X'], {
      env: gw.psqlEnv(token),
      input: "listen ch;\nselect pg_notify('ch', 'payload-1');\nselect 1;\n",
    });
    expect(r.stdout).toContain('Asynchronous notification "ch" with payload "payload-1"');
  });
});

describe('pgbench through phigate', () => {
  for (const mode of ['simple', 'extended', 'prepared']) {
    it(`runs -S in ${mode} mode without failures`, async () => {
      const r = await run('pgbench', ['-S', '-M', mode, '-c', '4', '-j', '2', '-t', '200', '-n'], {
        env: gw.psqlEnv(token),
      });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/number of transactions actually processed: 800\/800/);
      expect(r.stdout).toMatch(/number of failed transactions: 0/);
    });
  }
});
