/**
 * Seeds the demo database from a child process (`phigate seed-demo`), for `phigate dev`.
 *
 * Why not in-process: generating 10,000 patients churns ~30 MB of V8 heap that the gateway
 * process keeps resident long after (measured: 132 MB at start instead of ~100 MB, and a 1M-row
 * stream peaking at 176-186 MB instead of ~155 MB). A child returns all of it when it exits.
 */
import { spawn } from 'node:child_process';

/** Runs `phigate seed-demo --url URL --patients N` with the same node and CLI entry as this process. */
export function seedInChildProcess(url: string, patients: number): Promise<void> {
  // The password goes through the environment (postgres.js reads PGPASSWORD), never argv,
  // which other local users can read from /proc.
  const target = new URL(url);
  const password = decodeURIComponent(target.password);
  target.password = '';
  const entry = process.argv[1];
  if (!entry) return Promise.reject(new Error('cannot seed the demo data: no CLI entry point'));
  // execArgv keeps loaders (tsx) and memory flags; an inspector port would clash with ours.
  const nodeArgs = process.execArgv.filter((a) => !a.startsWith('--inspect'));
  const args = [...nodeArgs, entry, 'seed-demo', '--url', target.href, '--patients', String(patients)];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, PGPASSWORD: password },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr = (stderr + d).slice(-2000);
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`seeding the demo data failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`));
    });
  });
}
