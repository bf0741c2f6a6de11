/**
 * `phigate seed-demo`: loads (or reloads) the synthetic EHR demo data into a PostgreSQL
 * database: the `phigate dev` database by default (its `<data-dir>/dev/upstream.url`), or the
 * one `--url` names. Prints the counts and the time on stdout; errors name the problem, never
 * the connection string's password.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isPhigateError } from '../../core/errors.js';
import { DEMO_TABLES, type DemoTable } from './load/schema.js';
import { DEFAULT_DEMO_SEED } from './records/demo-records.js';
import { MAX_DEMO_PATIENTS, seedDemoDatabase } from './seed.js';

export const SEED_DEMO_USAGE = `usage: phigate seed-demo [--url URL | --data-dir DIR] [--patients N] [--seed S] [--only t1,t2] [--replace | --skip-existing]

Loads the synthetic EHR demo data (patients, encounters, lab_results, departments) with COPY.

  --url URL         postgres:// URL of the target database
  --data-dir DIR    use the database of \`phigate dev\` in DIR (default .phigate; reads dev/upstream.url)
  --patients N      number of patients (default 10000, at most ${MAX_DEMO_PATIENTS})
  --seed S          PRNG seed, 0-4294967295 (default ${DEFAULT_DEMO_SEED}); same seed, same data
  --only t1,t2      load only these tables (${DEMO_TABLES.join(', ')}); dependencies must be included
  --replace         drop the existing demo tables and reload them (one transaction)
  --skip-existing   do nothing when the tables exist
`;

export interface SeedCommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const processIo: SeedCommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

class UsageError extends Error {}

function integer(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} must be a non-negative integer`);
  return Number(raw);
}

function targetUrl(url: string | undefined, dataDir: string | undefined): string {
  if (url !== undefined && dataDir !== undefined) throw new UsageError('give --url or --data-dir, not both');
  if (url !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new UsageError('--url must be a postgres:// URL');
    return url;
  }
  const file = join(resolve(dataDir ?? '.phigate'), 'dev', 'upstream.url');
  if (!existsSync(file)) {
    throw new UsageError(`no ${file}: start \`phigate dev\` once, or pass --url`);
  }
  return readFileSync(file, 'utf8').trim();
}

export async function seedDemoCommand(argv: string[], io: SeedCommandIo = processIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.stderr(
      `phigate seed-demo: ${error instanceof Error ? error.message : String(error)}\n\n${SEED_DEMO_USAGE}`,
    );
    return EXIT.usage;
  }
  if (parsed === 'help') {
    io.stdout(SEED_DEMO_USAGE);
    return EXIT.ok;
  }
  try {
    const r = await seedDemoDatabase(parsed.url, parsed.options);
    io.stdout(
      r.loaded
        ? `loaded ${r.patients} patients, ${r.encounters} encounters, ${r.labResults} lab results in ${r.durationMs} ms\n`
        : `demo tables already exist (${r.patients} patients, ${r.encounters} encounters, ${r.labResults} lab results); nothing loaded\n`,
    );
    return EXIT.ok;
  } catch (error) {
    // Driver errors can carry the host but never the URL; PhigateErrors name only tables and options.
    const message = isPhigateError(error)
      ? error.message
      : error instanceof Error
        ? error.message
        : String(error);
    io.stderr(`phigate seed-demo: ${message}\n`);
    return isPhigateError(error) && error.code === 'DEMO_DATA_INVALID_OPTIONS' ? EXIT.usage : EXIT.failed;
  }
}

function parse(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      url: { type: 'string' },
      'data-dir': { type: 'string' },
      patients: { type: 'string' },
      seed: { type: 'string' },
      only: { type: 'string' },
      replace: { type: 'boolean' },
      'skip-existing': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help' as const;
  if (values.replace && values['skip-existing'])
    throw new UsageError('give --replace or --skip-existing, not both');
  const only = values.only?.split(',').map((t) => t.trim()) as DemoTable[] | undefined;
  return {
    url: targetUrl(values.url, values['data-dir']),
    options: {
      patients: integer('patients', values.patients, 10_000),
      seed: integer('seed', values.seed, DEFAULT_DEMO_SEED),
      ...(only ? { only } : {}),
      ifExists: values.replace
        ? ('replace' as const)
        : values['skip-existing']
          ? ('skip' as const)
          : ('error' as const),
    },
  };
}
