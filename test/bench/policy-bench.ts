/**
 * Parse + policy pipeline benchmark (in process, the real WASM parser, the hipaa-baseline pack
 * with the demo PHI tables). `benchPolicy()` returns rows for `npm run bench`; run this file
 * directly (`npx tsx test/bench/policy-bench.ts`) to print them alone.
 *
 * Targets (issue 3): a cached decision ≤ 5 µs; an uncached parse + decide ≤ 150 µs for a
 * 200-character statement. A shape-cache hit (the same statement with new literals, as agents
 * and pgbench's simple mode send them) should cost about a cached decision. Figures are medians
 * of rounds on a shared, noisy machine.
 */
import { pathToFileURL } from 'node:url';
import { fingerprintSync, parseSync } from 'libpg-query';
import { policySchema } from '../../core/config/policy.js';
import { createPolicyEngine, DEV_PHI_TABLES, loadSqlParser } from '../../proxy/policy/index.js';
import { SHAPE_RULES } from '../../proxy/policy/shape-cache.js';
import { lexShape } from '../../proxy/sql/shape-lexer.js';

export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
}

/** A 200-character read of PHI tables with a WHERE and a LIMIT (allowed by the baseline). */
export function statement200(n: number): string {
  const s =
    'select p.patient_id, p.first_name, p.last_name, e.admitted_at from public.patients p ' +
    `join encounters e on e.patient_id = p.patient_id where p.patient_id = ${100000 + n} ` +
    "and e.department = 'cardiolo' limit 10";
  return s;
}

/** pgbench's `-S` statement in simple-protocol mode: the account id inlined. */
export const pgbenchSelect = (aid: number): string =>
  `SELECT abalance FROM pgbench_accounts WHERE aid = ${aid};`;

const COMPLEX =
  'with recent as (select e.patient_id, max(e.admitted_at) as last_seen from encounters e ' +
  "where e.admitted_at > now() - interval '30 days' group by e.patient_id), labs as (select l.patient_id, " +
  "count(*) filter (where l.loinc_code = '2345-7') as glucose from lab_results l where l.collected_at > now() - " +
  "interval '30 days' group by l.patient_id) select p.patient_id, upper(p.last_name), r.last_seen, " +
  'coalesce(l.glucose, 0) from patients p join recent r using (patient_id) left join labs l using (patient_id) ' +
  'where p.state = $1 and exists (select 1 from departments d where d.code = $2) order by r.last_seen desc limit 100';

const MULTI = [
  'begin',
  "set statement_timeout = '5s'",
  'select * from departments where code = $1',
  'select count(*) from lab_results where patient_id = 42',
  'commit',
].join('; ');

function timeUs(iterations: number, fn: (i: number) => void): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn(i);
  return Number(process.hrtime.bigint() - start) / 1000 / iterations;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function measure(rounds: number, iterations: number, fn: (i: number) => void): number {
  timeUs(Math.min(iterations, 500), fn); // warm-up (JIT, caches of the runtime)
  const results: number[] = [];
  let offset = 0;
  for (let r = 0; r < rounds; r++) {
    const base = offset;
    results.push(timeUs(iterations, (i) => fn(base + i)));
    offset += iterations;
  }
  return median(results);
}

export async function benchPolicy(
  options: { rounds?: number; iterations?: number } = {},
): Promise<BenchRow[]> {
  const rounds = options.rounds ?? 5;
  const iterations = options.iterations ?? 2000;
  await loadSqlParser();
  const config = (cache: boolean) =>
    policySchema.parse({
      phiTables: { ehr: [...DEV_PHI_TABLES] },
      cache: cache ? {} : { parseEntries: 0, decisionEntries: 0 },
    });
  const open = (cache: boolean) =>
    createPolicyEngine(config(cache)).openSession({
      agent: { id: 'bench-agent', groups: ['agents'] },
      resource: { name: 'ehr' },
      upstreamUser: 'phigate',
    });

  const cached = open(true);
  const text = statement200(0);
  if (cached.decide(text).action !== 'allow')
    throw new Error('bench statement is not allowed by the baseline');
  const uncached = open(false);
  // Only the decision cache off: facts + rules on a cached parse.
  const parseOnlyCached = createPolicyEngine(
    policySchema.parse({ phiTables: { ehr: [...DEV_PHI_TABLES] }, cache: { decisionEntries: 0 } }),
  ).openSession({ agent: { id: 'bench-agent' }, resource: { name: 'ehr' }, upstreamUser: 'phigate' });
  parseOnlyCached.decide(text);

  const rows: BenchRow[] = [];
  const add = (name: string, value: number) =>
    rows.push({ name, value: Math.round(value * 100) / 100, unit: 'µs' });

  add(
    'policy: cached decision (200-char statement)',
    measure(rounds, iterations * 10, () => cached.decide(text)),
  );
  const shaped = open(true);
  shaped.decide(pgbenchSelect(0));
  shaped.decide(statement200(0));
  add(
    'policy: shape-cache hit (pgbench-like statement with a new literal)',
    measure(rounds, iterations * 10, (i) => shaped.decide(pgbenchSelect(i + 1))),
  );
  add(
    'policy: shape-cache hit (200-char statement with a new literal)',
    measure(rounds, iterations * 10, (i) => shaped.decide(statement200(i + 1))),
  );
  add(
    'shape lexer alone (200 chars)',
    measure(rounds, iterations * 10, (i) => lexShape(statement200(i), SHAPE_RULES)),
  );
  add(
    'policy: shape-cache miss (new shape: lex + parse + decide + tree check + store, 200 chars)',
    measure(rounds, iterations, (i) => shaped.decide(statement200(i).replace('e.admitted_at', `e.c${i}`))),
  );
  add(
    'policy: uncached parse + fingerprint + facts + decide (200 chars)',
    measure(rounds, iterations, (i) => uncached.decide(statement200(i + 1))),
  );
  add(
    'policy: facts + decide on a cached parse (200 chars)',
    measure(rounds, iterations, () => parseOnlyCached.decide(text)),
  );
  add(
    'libpg-query parseSync alone (200 chars)',
    measure(rounds, iterations, (i) => parseSync(statement200(i))),
  );
  add(
    'libpg-query fingerprintSync alone (200 chars)',
    measure(rounds, iterations, (i) => fingerprintSync(statement200(i))),
  );
  add(
    `policy: uncached, ${COMPLEX.length}-char CTE/subquery statement`,
    measure(rounds, iterations / 2, (i) => uncached.decide(`${COMPLEX} -- ${i}`)),
  );
  add(
    'policy: uncached, 5-statement message',
    measure(rounds, iterations / 2, (i) => uncached.decide(`${MULTI}; -- ${i}`)),
  );
  rows.push({ name: 'policy: bench statement length', value: text.length, unit: 'chars' });
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchPolicy().then(
    (rows) => {
      for (const r of rows) process.stdout.write(`| ${r.name} | ${r.value} ${r.unit} |\n`);
    },
    (error: unknown) => {
      process.stderr.write(
        `policy bench failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
