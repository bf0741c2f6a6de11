import { open, readFile, unlink } from 'node:fs/promises';
import { PhigateError } from '../../../core/errors.js';
import { SQLSTATE } from '../../../core/sqlstate.js';
import { lockPath } from './layout.js';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The pid holding the log, when that process is alive. */
export async function liveWriter(dir: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(lockPath(dir), 'utf8')).trim());
    return Number.isSafeInteger(pid) && pid > 0 && alive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One writer per audit directory: an exclusive lock file holding the pid. A lock left by a
 * process that no longer runs (crash, kill -9) is taken over.
 */
export async function acquireWriterLock(dir: string): Promise<() => Promise<void>> {
  const path = lockPath(dir);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(path, 'wx', 0o644);
      await fh.writeFile(`${process.pid}\n`);
      await fh.sync();
      await fh.close();
      return async () => {
        await unlink(path).catch(() => undefined);
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = await liveWriter(dir);
      if (pid !== undefined && pid !== process.pid) {
        throw new PhigateError('AUDIT_LOCKED', `the audit log in ${dir} is held by process ${pid}`, {
          sqlstate: SQLSTATE.auditUnavailable,
          status: 503,
          hint: 'one gateway (or retention command) writes an audit directory at a time',
        });
      }
      if (pid === process.pid) {
        throw new PhigateError('AUDIT_LOCKED', `the audit log in ${dir} is already open in this process`, {
          sqlstate: SQLSTATE.auditUnavailable,
          status: 503,
        });
      }
      await unlink(path).catch(() => undefined);
    }
  }
  throw new PhigateError('AUDIT_LOCKED', `could not take the writer lock of ${dir}`, {
    sqlstate: SQLSTATE.auditUnavailable,
    status: 503,
  });
}
