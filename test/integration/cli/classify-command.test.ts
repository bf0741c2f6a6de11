/**
 * `phigate classify` against the real embedded PostgreSQL: a copy of the demo database, read
 * the way `phigate dev` is (its data dir's upstream.url) and the way a production config is
 * (--config with passwordEnv credentials and a masking section). The output must be config
 * that parses back through the config schema, list every column with entity, method and why,
 * agree with the gateway's own classifier, and never carry a sampled value.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { CLASSIFY_USAGE, classifyCommand } from '../../../cli/commands/classify.js';
import { parseConfig } from '../../../core/config/load.js';
import { maskingSchema } from '../../../core/config/masking.js';
import { createColumnClassifier } from '../../../proxy/masking/classify/column-classifier.js';
import { loadPhiOracle, scanBytes } from '../../helpers/masking-phi.js';
import { createEhrDatabase, upstreamServer, upstreamUrl, withDirect } from '../../helpers/upstream.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

async function classify(args: string[]) {
  const c = capture();
  const code = await classifyCommand(args, c.io);
  return { code, out: c.out(), err: c.err() };
}

/** A complete config around a masking section (what an operator pastes into). */
function fullConfig(database: string, masking: unknown) {
  const up = upstreamServer();
  return {
    mode: 'production',
    tls: { certFile: '/etc/phigate/tls.crt', keyFile: '/etc/phigate/tls.key' },
    identity: { issuer: 'https://login.example.test/tenant/v2.0', audience: 'api://phigate' },
    resources: [
      {
        name: database,
        upstream: {
          host: up.host,
          port: up.port,
          database,
          auth: { type: 'password', user: up.user, passwordEnv: 'PHIGATE_CLASSIFY_TEST_PASSWORD' },
        },
      },
    ],
    masking,
  };
}

interface JsonColumn {
  column: string;
  type: string;
  entity: string;
  method: string | null;
  source: string;
  confidence: number | null;
  why: string;
  sample: { sampled: number; entity?: string; share?: number; proposes: boolean } | null;
  current: { kind: string; entity?: string; rule: string };
  changes: boolean;
}
interface JsonOutput {
  resource: string;
  sampleSize: number;
  tables: { table: string; kind: string; columns: JsonColumn[] }[];
  masking: { rules: { resource: string; column: string; entity: string; method?: string }[] };
}

const column = (out: JsonOutput, table: string, name: string) => {
  const c = out.tables.find((t) => t.table === table)?.columns.find((x) => x.column === name);
  if (!c) throw new Error(`no ${table}.${name} in the output`);
  return c;
};

/** The demo tables' classification by name (docs/demo-data.md), with the Safe Harbor defaults. */
const DEMO_PHI: Record<string, [string, string]> = {
  'public.patients.mrn': ['MRN', 'redact'],
  'public.patients.first_name': ['PERSON_NAME', 'redact'],
  'public.patients.last_name': ['PERSON_NAME', 'redact'],
  'public.patients.birth_date': ['BIRTH_DATE', 'generalize'],
  'public.patients.ssn': ['SSN', 'redact'],
  'public.patients.phone': ['PHONE', 'redact'],
  'public.patients.email': ['EMAIL', 'redact'],
  'public.patients.street': ['STREET_ADDRESS', 'redact'],
  'public.patients.city': ['CITY', 'redact'],
  'public.patients.zip': ['ZIP', 'generalize'],
  'public.patients.insurance_member_id': ['HEALTH_PLAN_ID', 'redact'],
  'public.encounters.admitted_at': ['DATE', 'generalize'],
  'public.encounters.discharged_at': ['DATE', 'generalize'],
  'public.encounters.attending_npi': ['NPI', 'redact'],
  'public.lab_results.collected_at': ['DATE', 'generalize'],
};

let database: string;
let dataDir: string;
const dirs: string[] = [];

/**
 * A table whose column names say nothing, holding PHI copied from the demo data: only value
 * sampling can find it. `code` is not PHI.
 */
const OPAQUE_TABLE = `
create table intake_misc (id int primary key, c1 text, c2 varchar(80), c3 text, code text, n int, j jsonb);
insert into intake_misc
select p.patient_id, p.ssn, p.email,
       (select e.notes from encounters e where e.patient_id = p.patient_id order by e.encounter_id limit 1),
       'DEPT-' || (p.patient_id % 7), p.patient_id * 3, jsonb_build_object('k', p.patient_id)
  from patients p where p.patient_id <= 120;
create view v_intake as select id, c1 from intake_misc;`;

beforeAll(async () => {
  database = await createEhrDatabase('classify');
  await withDirect(database, (c) => c.query(OPAQUE_TABLE));
  dataDir = mkdtempSync(join(tmpdir(), 'phigate-classify-'));
  dirs.push(dataDir);
  mkdirSync(join(dataDir, 'dev'));
  writeFileSync(join(dataDir, 'dev', 'upstream.url'), `${upstreamUrl(database)}\n`);
  process.env.PHIGATE_CLASSIFY_TEST_PASSWORD = upstreamServer().password;
});

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  delete process.env.PHIGATE_CLASSIFY_TEST_PASSWORD;
});

describe('phigate classify on the dev data dir (names only)', () => {
  let yamlOut: string;
  let json: JsonOutput;
  beforeAll(async () => {
    const y = await classify(['--data-dir', dataDir]);
    expect(y.err).toBe('');
    expect(y.code).toBe(0);
    yamlOut = y.out;
    const j = await classify(['--data-dir', dataDir, '--format', 'json']);
    expect(j.code).toBe(0);
    json = JSON.parse(j.out) as JsonOutput;
  });

  it('prints valid masking config that parses back through the config schema', () => {
    const doc = parseYaml(yamlOut) as { masking: unknown };
    expect(Object.keys(doc)).toEqual(['masking']);
    const config = parseConfig(fullConfig(database, doc.masking));
    expect(config.masking.rules.length).toBeGreaterThanOrEqual(Object.keys(DEMO_PHI).length);
    // The JSON format carries the same section.
    expect(json.masking).toEqual(doc.masking);
    expect(maskingSchema.safeParse(json.masking).success).toBe(true);
  });

  it('classifies every PHI column of the demo tables by name, with its Safe Harbor method', () => {
    expect(json.resource).toBe(database);
    expect(json.sampleSize).toBe(0);
    const rules = new Map(json.masking.rules.map((r) => [r.column, r]));
    for (const [col, [entity, method]] of Object.entries(DEMO_PHI)) {
      expect(rules.get(col), col).toEqual({ resource: database, column: col, entity, method });
    }
    expect(rules.get('public.encounters.notes')).toEqual({
      resource: database,
      column: 'public.encounters.notes',
      entity: 'FREE_TEXT',
    });
    for (const col of [
      'public.patients.patient_id',
      'public.patients.sex',
      'public.encounters.department',
      'public.lab_results.value',
      'public.departments.name',
      'public.intake_misc.c1',
    ])
      expect(rules.has(col), col).toBe(false);
    // Views are traced through their definitions, not classified.
    expect(json.tables.map((t) => t.table)).not.toContain('public.v_intake');
    expect(json.tables.map((t) => t.table)).toEqual(
      expect.arrayContaining([
        'public.patients',
        'public.encounters',
        'public.lab_results',
        'public.departments',
      ]),
    );
  });

  it('lists every column with entity, method and why', () => {
    const all = json.tables.flatMap((t) => t.columns);
    expect(all.length).toBe(14 + 8 + 7 + 2 + 7);
    for (const c of all) {
      expect(c.why, c.column).toMatch(/\S/);
      expect(typeof c.entity).toBe('string');
    }
    expect(column(json, 'public.patients', 'ssn')).toMatchObject({
      entity: 'SSN',
      method: 'redact',
      source: 'column-name',
      confidence: 0.95,
      why: "column name matches 'ssn' (confidence 0.95)",
      current: { kind: 'mask', entity: 'SSN', rule: 'masking.autoClassify' },
      changes: false,
    });
    expect(column(json, 'public.patients', 'patient_id')).toMatchObject({
      entity: 'NONE',
      method: null,
      source: 'none',
    });
    // The YAML names each column and its reason in comments.
    expect(yamlOut).toMatch(/# public\.patients \(table\)/);
    expect(yamlOut).toMatch(/# {3}patient_id \(integer\): not PHI - no rule or dictionary match/);
    expect(yamlOut).toMatch(/# ssn \(text\): SSN, redact - column name matches 'ssn'/);
    expect(yamlOut).toMatch(/# notes \(text\): FREE_TEXT, detectors - free-text column/);
    expect(yamlOut).toMatch(/Tables with no PHI column:\n# public\.departments \(table\)/);
    expect(yamlOut).toMatch(/resource "classify_[0-9a-f]+" \(127\.0\.0\.1:\d+\/classify_/);
    expect(yamlOut).not.toContain(upstreamServer().password);
  });

  it("agrees with the gateway's classifier wherever the gateway classifies by name", () => {
    const gateway = createColumnClassifier(maskingSchema.parse({}));
    for (const t of json.tables) {
      const [schema, table] = t.table.split('.') as [string, string];
      for (const c of t.columns) {
        const d = gateway.classify({ resource: database, schema, table, column: c.column });
        if (d.kind === 'mask')
          expect([c.entity, c.method], `${t.table}.${c.column}`).toEqual([d.entity, d.method]);
        if (d.kind === 'detect') expect(c.entity, `${t.table}.${c.column}`).toBe('FREE_TEXT');
        expect(c.changes, `${t.table}.${c.column}`).toBe(d.kind === 'clear' ? c.entity !== 'NONE' : false);
      }
    }
  });
});

describe('phigate classify with value sampling', () => {
  let json: JsonOutput;
  let yamlOut: string;
  beforeAll(async () => {
    const j = await classify(['--data-dir', dataDir, '--sample', '200', '--format', 'json']);
    expect(j.err).toBe('');
    expect(j.code).toBe(0);
    json = JSON.parse(j.out) as JsonOutput;
    const y = await classify(['--data-dir', dataDir, '--sample', '200', '--schema', 'public']);
    expect(y.code).toBe(0);
    yamlOut = y.out;
  });

  it('finds PHI behind names that say nothing, with the detector and its hit ratio', () => {
    expect(json.sampleSize).toBe(200);
    const c1 = column(json, 'public.intake_misc', 'c1');
    expect(c1).toMatchObject({ entity: 'SSN', method: 'redact', source: 'sample', changes: true });
    expect(c1.sample).toMatchObject({ sampled: 120, entity: 'SSN', proposes: true });
    expect(c1.sample!.share).toBeGreaterThanOrEqual(0.95);
    expect(c1.why).toMatch(/^sampled 120 values: SSN in (9[5-9]|100)%$/);
    expect(column(json, 'public.intake_misc', 'c2')).toMatchObject({ entity: 'EMAIL', source: 'sample' });
    const c3 = column(json, 'public.intake_misc', 'c3');
    expect(c3).toMatchObject({ entity: 'FREE_TEXT', method: null, source: 'sample' });
    expect(c3.why).toMatch(/^sampled 120 values: long text with PHI in \d+%$/);
    const code = column(json, 'public.intake_misc', 'code');
    expect(code).toMatchObject({ entity: 'NONE', source: 'none' });
    expect(code.why).toMatch(/no rule or dictionary match; sampled 120 values: no detector match/);
    // Numbers are not sampled (the detectors read text); json is.
    expect(column(json, 'public.intake_misc', 'n').sample).toBeNull();
    expect(column(json, 'public.intake_misc', 'j').sample).toMatchObject({ sampled: 120 });
    // Names and values agree on the demo tables; the reason shows both.
    const ssn = column(json, 'public.patients', 'ssn');
    expect(ssn).toMatchObject({ entity: 'SSN', source: 'column-name' });
    expect(ssn.why).toMatch(
      /^column name matches 'ssn' \(confidence 0\.95\); sampled 200 values: SSN in 100%$/,
    );
    expect(column(json, 'public.patients', 'first_name').why).toMatch(
      /sampled 200 values: PERSON_NAME in \d+%/,
    );
    expect(column(json, 'public.encounters', 'notes').why).toMatch(/long text with PHI in \d+%/);
    expect(yamlOut).toMatch(
      /# c1 \(text\): SSN, redact - sampled 120 values: SSN in \d+% \[not masked today\]/,
    );
    const doc = parseYaml(yamlOut) as { masking: unknown };
    expect(() => parseConfig(fullConfig(database, doc.masking))).not.toThrow();
  });

  it('never prints a sampled value', async () => {
    const oracle = await withDirect(database, (c) => loadPhiOracle(c, 2000));
    for (const [name, text] of [
      ['json', JSON.stringify(json)],
      ['yaml', yamlOut],
    ] as const)
      expect(
        scanBytes(oracle, text).map((f) => f.what),
        name,
      ).toEqual([]);
    const raw = await withDirect(database, (c) =>
      c.query<{ v: string }>(
        `select c1 as v from intake_misc union all select c2 from intake_misc
         union all select code from intake_misc union all select j::text from intake_misc`,
      ),
    );
    for (const { v } of raw.rows) {
      expect(yamlOut.includes(v)).toBe(false);
      expect(JSON.stringify(json).includes(v)).toBe(false);
    }
  });
});

describe('phigate classify --config', () => {
  let configFile: string;
  const masking = {
    methods: { PHONE: 'partial' },
    rules: [
      { column: 'public.patients.sex', entity: 'OTHER_ID', method: 'null' },
      { resource: 'other-*', column: 'public.patients.ssn', entity: 'NONE' },
      { column: 'public.patients.zip', entity: 'NONE' },
    ],
    freeTextColumns: ['public.departments.name'],
    valueSampling: { enabled: true, sampleSize: 50, minShare: 0.9 },
  };
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'phigate-classify-config-'));
    dirs.push(dir);
    configFile = join(dir, 'phigate.yaml');
    writeFileSync(configFile, stringifyYaml(fullConfig(database, masking)));
  });

  it("keeps the config's rules, follows its methods and samples as it says", async () => {
    const r = await classify(['--config', configFile, '--resource', database, '--format', 'json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as JsonOutput;
    expect(json.sampleSize).toBe(50);
    expect(column(json, 'public.patients', 'phone')).toMatchObject({ entity: 'PHONE', method: 'partial' });
    expect(column(json, 'public.patients', 'sex')).toMatchObject({
      entity: 'OTHER_ID',
      method: 'null',
      source: 'rule',
    });
    expect(column(json, 'public.patients', 'sex').why).toMatch(/^masking\.rules\[0\] \(explicit rule\)/);
    // A rule for another resource does not apply; an explicit NONE stays explicit.
    expect(column(json, 'public.patients', 'ssn')).toMatchObject({ entity: 'SSN', source: 'column-name' });
    const rules = new Map(json.masking.rules.map((x) => [x.column, x]));
    expect(rules.get('public.patients.zip')).toEqual({
      resource: database,
      column: 'public.patients.zip',
      entity: 'NONE',
    });
    expect(rules.get('public.departments.name')).toEqual({
      resource: database,
      column: 'public.departments.name',
      entity: 'FREE_TEXT',
    });
    expect(column(json, 'public.patients', 'ssn').why).toMatch(/sampled 50 values: SSN in 100%/);
    // Pasted back into the same config, the rules parse.
    expect(() => parseConfig(fullConfig(database, { ...masking, rules: json.masking.rules }))).not.toThrow();
    // --sample 0 turns sampling off.
    const off = JSON.parse(
      (await classify(['--config', configFile, '--sample', '0', '--format', 'json'])).out,
    );
    expect(off.sampleSize).toBe(0);
  });

  it('names what is wrong with the setup, without secrets', async () => {
    let r = await classify(['--config', configFile, '--resource', 'nope']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no resource "nope" in/);
    const saved = process.env.PHIGATE_CLASSIFY_TEST_PASSWORD;
    delete process.env.PHIGATE_CLASSIFY_TEST_PASSWORD;
    try {
      r = await classify(['--config', configFile]);
    } finally {
      process.env.PHIGATE_CLASSIFY_TEST_PASSWORD = saved;
    }
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/environment variable PHIGATE_CLASSIFY_TEST_PASSWORD/);
    const bad = join(dirs[dirs.length - 1]!, 'bad.yaml');
    writeFileSync(
      bad,
      stringifyYaml(fullConfig(database, { rules: [{ column: 'patients.ssn', entity: 'SSN' }] })),
    );
    r = await classify(['--config', bad]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/masking\.rules\.0\.column/);
  });
});

describe('phigate classify usage', () => {
  it('rejects bad options with exit code 2', async () => {
    for (const args of [
      ['--format', 'xml'],
      ['--sample', 'lots'],
      ['--sample', '20000'],
      ['--config', 'x.yaml', '--data-dir', 'y'],
      ['--bogus'],
    ]) {
      const r = await classify(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toContain('usage: phigate classify');
    }
    const missing = await classify(['--data-dir', join(dataDir, 'nowhere')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/start `phigate dev` once, or pass --config/);
    const other = await classify(['--data-dir', dataDir, '--resource', 'elsewhere']);
    expect(other.code).toBe(2);
    expect(other.err).toMatch(/phigate dev serves one resource/);
    const help = await classify(['--help']);
    expect(help).toEqual({ code: 0, out: CLASSIFY_USAGE, err: '' });
  });

  it('is a command of the phigate binary', () => {
    const main = join(import.meta.dirname, '../../../dist/cli/main.js');
    const usage = spawnSync(process.execPath, [main, '--help'], { encoding: 'utf8' });
    expect(usage.stdout).toMatch(/\n {2}classify {12}propose the PHI classification/);
    const r = spawnSync(process.execPath, [main, 'classify', '--data-dir', dataDir, '--format', 'json'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as JsonOutput).resource).toBe(database);
  });
});
