/**
 * What the audit commands (sessions, replay, verify, evidence, retention) share: output sinks,
 * exit codes, the audit directory from `--data-dir` / `--config`, and time bounds.
 */
import { resolve } from 'node:path';
import { parseTimeBound, parseUpperBound } from '../../core/audit/time-range.js';
import { type AuditConfig, auditSchema } from '../../core/config/audit.js';
import { loadConfigFile } from '../../core/config/load.js';
import { auditDir } from './file/layout.js';

export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly now: () => number;
}

export const processIo: CommandIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  now: Date.now,
};

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export class UsageError extends Error {}

/** Options every audit command accepts. */
export const STORE_OPTIONS = {
  'data-dir': { type: 'string', default: '.phigate' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export interface Store {
  readonly dataDir: string;
  readonly dir: string;
  readonly config: AuditConfig;
}

/** The audit directory: `audit.dir` of `--config` when given, else `<data-dir>/audit`. */
export function locateStore(values: { 'data-dir'?: string | undefined; config?: string | undefined }): Store {
  const dataDir = resolve(values['data-dir'] ?? '.phigate');
  const config = values.config ? (loadConfigFile(values.config).audit as AuditConfig) : auditSchema.parse({});
  return { dataDir, dir: auditDir(dataDir, config.dir), config };
}

export function timeBound(
  name: string,
  value: string | undefined,
  now: number,
  upper = false,
): number | undefined {
  if (value === undefined) return undefined;
  const t = upper ? parseUpperBound(value, now) : parseTimeBound(value, now);
  if (typeof t !== 'number') throw new UsageError(`--${name}: ${t.error}`);
  return t;
}

/** Runs a command body: usage errors exit 2 with the usage text, other errors exit 1 with their message. */
export async function runCommand(io: CommandIo, usage: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`phigate: ${(e as Error).message}\n\n${usage}`);
      return EXIT.usage;
    }
    io.stderr(`phigate: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.failed;
  }
}
