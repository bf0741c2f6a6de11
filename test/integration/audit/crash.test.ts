import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditRecordSchema } from '../../../core/audit/schema/record.js';
import { auditSchema } from '../../../core/config/audit.js';
import { openAuditLog } from '../../../proxy/audit/audit-log.js';
import { listSegments } from '../../../proxy/audit/file/layout.js';
import { readLog } from '../../../proxy/audit/file/log-reader.js';
import { removeTempDirs, tempDataDir } from '../../unit/proxy/audit/fixtures.js';

afterAll(removeTempDirs);

const ROOT = resolve(import.meta.dirname, '../../..');

/** Starts the writer, waits for `minAcks` acknowledged intents, kills it with SIGKILL; returns the acks it printed. */
async function runAndKill(
  dataDir: string,
  minAcks: number,
): Promise<{ acks: Map<string, string>; signal: string | null }> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'test/integration/audit/crash-writer.ts'), dataDir],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let buf = '';
  let err = '';
  const acks = new Map<string, string>();
  let killing = false;
  child.stderr!.setEncoding('utf8').on('data', (d) => (err += d));
  const done = new Promise<{ signal: string | null }>((res) =>
    child.on('exit', (_c, signal) => res({ signal })),
  );
  // Acks printed just before the kill are still in the pipe: read to the end.
  const drained = new Promise<void>((res) => child.stdout!.on('end', () => res()));
  await new Promise<void>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`writer did not reach ${minAcks} acks: ${err}`)), 30_000);
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      buf += d;
      let nl = buf.indexOf('\n');
      while (nl >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const m = /^ack (\S+) (\d+) ([0-9a-f]{64})$/.exec(line);
        if (m) acks.set(`${m[1]}#${m[2]}`, m[3] as string);
        nl = buf.indexOf('\n');
      }
      if (acks.size >= minAcks && !killing) {
        killing = true;
        clearTimeout(timer);
        // A random moment, so the kill can land inside a batch write as well as between batches.
        setTimeout(
          () => {
            child.kill('SIGKILL');
            res();
          },
          Math.floor(Math.random() * 15),
        );
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      if (acks.size < minAcks) rej(new Error(`writer exited early: ${err}`));
    });
  });
  const { signal } = await done;
  await drained;
  return { acks, signal };
}

function intents(dir: string) {
  return listSegments(dir).then((files) => {
    const found = new Map<string, string>();
    for (const f of files) {
      for (const line of readFileSync(f.path, 'utf8').split('\n')) {
        if (!line.includes('"type":"statement.intent"')) continue;
        let r: ReturnType<typeof auditRecordSchema.parse>;
        try {
          r = auditRecordSchema.parse(JSON.parse(line));
        } catch {
          continue; // a torn final line
        }
        if (r.type === 'statement.intent') found.set(`${r.chain}#${r.data.stmt}`, r.hash);
      }
    }
    return found;
  });
}

describe('crash: kill -9 while intents are in flight', () => {
  it('every acknowledged intent is in the log, the log verifies, and restart recovers the tail', async () => {
    const dataDir = tempDataDir('phigate-crash-');
    const dir = join(dataDir, 'audit');
    let total = 0;
    for (let round = 1; round <= 3; round++) {
      const { acks, signal } = await runAndKill(dataDir, 300 * round);
      expect(signal).toBe('SIGKILL');
      total += acks.size;

      // Before any restart: nothing acknowledged is missing, and the log verifies
      // (an incomplete final write is only a warning: it was never acknowledged).
      const found = await intents(dir);
      const missing = [...acks].filter(([k, h]) => found.get(k) !== h);
      expect(missing, `round ${round}: acknowledged intents missing from the log`).toEqual([]);
      const before = await readLog(dir);
      expect(before.report.problems, `round ${round}`).toEqual([]);

      // Restart: the tail is cut, the killed writer's sessions are closed and explained.
      const log = await openAuditLog({ config: auditSchema.parse({}), dataDir });
      await log.close();
      const after = await readLog(dir);
      expect(after.report.problems).toEqual([]);
      expect(after.report.warnings).toEqual([]);
      const recs: { type: string; data: Record<string, unknown>; chain: string }[] = [];
      for (const f of await listSegments(dir)) {
        for (const l of readFileSync(f.path, 'utf8').split('\n').filter(Boolean)) recs.push(JSON.parse(l));
      }
      const recovered = recs.filter((r) => r.type === 'log.recovered');
      expect(recovered).toHaveLength(round);
      expect(recovered.at(-1)?.data.openSessions).toBe(8);
      const closed = recs.filter((r) => r.type === 'session.end' && r.data.recovered === true);
      expect(closed).toHaveLength(8 * round);
      // Acknowledged intents survive recovery too.
      const foundAfter = await intents(dir);
      expect([...acks].filter(([k, h]) => foundAfter.get(k) !== h)).toEqual([]);
    }
    expect(total).toBeGreaterThanOrEqual(1800);
  }, 120_000);
});
