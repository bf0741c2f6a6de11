/**
 * Runs `phigate dev` as a child process (the real CLI, as a user would), for tests that
 * measure the gateway process (RSS) or kill it (crash tests).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface DevProcess {
  readonly child: ChildProcess;
  readonly dataDir: string;
  /** PG* variables from `<data-dir>/dev/env`. */
  readonly env: Record<string, string>;
  readonly httpUrl: string;
  /** Peak and current resident set size of the gateway process, from /proc. */
  rss(): { currentKb: number; peakKb: number };
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const ROOT = resolve(import.meta.dirname, '../..');

export async function startDevProcess(
  args: string[],
  options: { dataDir?: string; keepDataDir?: boolean } = {},
): Promise<DevProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'phigate-dev-'));
  // The production build (compiled by the global setup), as `npm start` runs it.
  const child = spawn(
    process.execPath,
    [
      // As `npm start` and the container run it (see package.json, Dockerfile).
      '--v8-pool-size=1',
      join(ROOT, 'dist/cli/main.js'),
      'dev',
      '--data-dir',
      dataDir,
      '--log-level',
      'warn',
      ...args,
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d) => (err += d));
  await new Promise<void>((resolvePromise, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`phigate dev did not start: ${err.slice(-2000)}`)),
      90_000,
    );
    const check = () => {
      if (out.includes('phigate dev is up')) {
        clearTimeout(timer);
        resolvePromise();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`phigate dev exited with ${code}: ${err.slice(-2000)}`));
    });
  });
  const env: Record<string, string> = {};
  for (const line of readFileSync(join(dataDir, 'dev', 'env'), 'utf8').split('\n')) {
    const m = /^export ([A-Z]+)='?(.*?)'?$/.exec(line);
    if (m) env[m[1]!] = m[2]!;
  }
  const httpUrl = readFileSync(join(dataDir, 'dev', 'http.url'), 'utf8').trim();
  const status = () => readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return {
    child,
    dataDir,
    env,
    httpUrl,
    rss() {
      const s = status();
      return {
        currentKb: Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? 0),
        peakKb: Number(/VmHWM:\s+(\d+)/.exec(s)?.[1] ?? 0),
      };
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) {
        if (!options.keepDataDir) rmSync(dataDir, { recursive: true, force: true });
        return child.exitCode;
      }
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill(signal);
      const code = await exited;
      if (!options.keepDataDir) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
