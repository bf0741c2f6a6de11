import { createHash } from 'node:crypto';
import { fdatasync, fsync, writeSync } from 'node:fs';
import { type FileHandle, mkdir, open, readFile, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { LogHead } from '../../../core/audit/verify/log-verifier.js';
import { PhigateError } from '../../../core/errors.js';
import { SQLSTATE } from '../../../core/sqlstate.js';
import type { AuditSink, SinkBatch, SinkRecovery, SinkStats, StoredRecord } from '../sink.js';
import { encodeHead, HEAD_BYTES } from './head-file.js';
import { headPath, listSegments, logDir, segmentPath } from './layout.js';
import { Preallocator } from './preallocator.js';

/** Batches up to this size are written synchronously (page cache copy); larger ones in the thread pool. */
const SYNC_WRITE_MAX = 256 * 1024;

/** fdatasync/fsync in the thread pool with a plain callback (cheaper than the FileHandle promise). */
const flush = (fd: number, mode: 'fdatasync' | 'fsync'): Promise<void> =>
  new Promise((resolve, reject) =>
    (mode === 'fsync' ? fsync : fdatasync)(fd, (e) => (e ? reject(e) : resolve())),
  );

export interface FileSinkOptions {
  readonly dir: string;
  readonly flush: 'fdatasync' | 'fsync';
  /** Zero-filled space kept ahead of the data (0: plain appends). */
  readonly preallocBytes?: number;
}

/**
 * The embedded sink: append-only JSON Lines files under the audit directory. Each batch is one
 * positional write at the committed end of the current file and one fdatasync (or fsync). A
 * failed write is truncated back before anything else is written, so a rejected batch leaves
 * no bytes behind. New files are made durable in their directory (directory fsync).
 */
export class FileSink implements AuditSink {
  readonly kind = 'file';
  readonly #dir: string;
  readonly #flushMode: 'fdatasync' | 'fsync';
  #fh: FileHandle | undefined;
  #segment = 0;
  #size = 0;
  #dirty = false;
  #head: FileHandle | undefined;
  readonly #prealloc: Preallocator | undefined;
  #stats = { appends: 0, flushes: 0, bytes: 0, failures: 0 };

  constructor(opts: FileSinkOptions) {
    this.#dir = opts.dir;
    this.#flushMode = opts.flush;
    this.#prealloc = opts.preallocBytes ? new Preallocator(opts.preallocBytes, opts.dir) : undefined;
  }

  async recover(): Promise<SinkRecovery> {
    await mkdir(logDir(this.#dir), { recursive: true, mode: 0o750 });
    await this.#syncDir(logDir(this.#dir));
    await this.#syncDir(dirname(logDir(this.#dir)));
    const segments = await listSegments(this.#dir);
    let torn: SinkRecovery['torn'];
    for (let i = segments.length - 1; i >= 0; i--) {
      const file = segments[i] as (typeof segments)[number];
      const buf = await readFile(file.path);
      const { records, validBytes, dataEnd } = readRecords(buf, file.name);
      if (validBytes < dataEnd) {
        // An incomplete final write (crash mid-batch): never acknowledged, cut off.
        const tail = buf.subarray(validBytes, dataEnd);
        torn = { bytes: tail.length, sha256: createHash('sha256').update(tail).digest('hex') };
      }
      if (records.length === 0) {
        // A file created by a batch that never completed: nothing in it was acknowledged.
        await unlink(file.path);
        await this.#syncDir(logDir(this.#dir));
        continue;
      }
      const fh = await open(file.path, 'r+');
      if (validBytes < buf.length) {
        await fh.truncate(validBytes);
        await fh.sync();
        this.#stats.flushes++;
      }
      this.#fh = fh;
      this.#segment = file.segment;
      this.#size = validBytes;
      this.#prealloc?.reset(validBytes);
      return { segment: file.segment, segmentBytes: validBytes, records, torn };
    }
    return { segment: 0, segmentBytes: 0, records: [], torn };
  }

  async append(batch: SinkBatch): Promise<void> {
    try {
      if (this.#dirty) await this.#undoPartial();
      if (batch.segment !== this.#segment || !this.#fh) await this.#openSegment(batch.segment);
      const fh = this.#fh as FileHandle;
      const { data } = batch;
      let off = 0;
      await this.#prealloc?.beforeWrite(this.#size + data.length);
      this.#dirty = true;
      while (off < data.length) {
        // Small batches go straight into the page cache from this thread (a few µs, no thread
        // pool round trip); large ones are written off the event loop.
        const n =
          data.length - off <= SYNC_WRITE_MAX
            ? writeSync(fh.fd, data, off, data.length - off, this.#size + off)
            : (await fh.write(data, off, data.length - off, this.#size + off)).bytesWritten;
        off += n;
      }
      await flush(fh.fd, this.#flushMode);
      this.#stats.flushes++;
      this.#dirty = false;
      this.#size += data.length;
      this.#stats.appends++;
      this.#stats.bytes += data.length;
      this.#prealloc?.afterWrite(fh, this.#size);
    } catch (e) {
      this.#stats.failures++;
      await this.#undoPartial().catch(() => undefined);
      throw e;
    }
  }

  async publishHead(head: LogHead): Promise<void> {
    try {
      // Rewritten in place: once written, the head never needs a new block (no ENOSPC), and a
      // failed write leaves the previous head, not an empty file.
      this.#head ??= await open(headPath(this.#dir), 'r+').catch(() => open(headPath(this.#dir), 'w', 0o644));
      writeSync(this.#head.fd, encodeHead(head), 0, HEAD_BYTES, 0);
    } catch {
      // Best effort: a head that lags only weakens the truncation check, never breaks verification.
      await this.#head?.close().catch(() => undefined);
      this.#head = undefined;
    }
  }

  async removeSegments(segments: readonly number[]): Promise<void> {
    for (const n of segments) {
      if (n === this.#segment) throw new Error('the current log file cannot be removed');
      await unlink(segmentPath(this.#dir, n)).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
    }
    await this.#syncDir(logDir(this.#dir));
  }

  stats(): SinkStats {
    const pre = this.#prealloc?.extensions ?? 0;
    return { ...this.#stats, flushes: this.#stats.flushes + pre, preallocations: pre };
  }

  async close(): Promise<void> {
    await this.#sealCurrent().catch(() => undefined);
    await this.#fh?.close().catch(() => undefined);
    await this.#head?.close().catch(() => undefined);
    this.#fh = undefined;
    this.#head = undefined;
  }

  /** Cuts bytes of a rejected batch; if the file cannot be cut, the sink stays failed. */
  async #undoPartial(): Promise<void> {
    if (!this.#dirty || !this.#fh) {
      this.#dirty = false;
      return;
    }
    await this.#prealloc?.settle();
    this.#prealloc?.reset(this.#size);
    try {
      await this.#fh.truncate(this.#size);
    } catch {
      // The descriptor may be broken (EIO, EBADF): reopen by path and cut there.
      await this.#fh.close().catch(() => undefined);
      this.#fh = undefined;
      const fh = await open(segmentPath(this.#dir, this.#segment), 'r+');
      try {
        await fh.truncate(this.#size);
      } catch (e) {
        await fh.close().catch(() => undefined);
        throw e;
      }
      this.#fh = fh;
    }
    this.#dirty = false;
  }

  async #openSegment(n: number): Promise<void> {
    const path = segmentPath(this.#dir, n);
    if (n === this.#segment) {
      // Reopening the current file after its descriptor was dropped.
      this.#fh = await open(path, 'r+');
      return;
    }
    let fh: FileHandle;
    try {
      fh = await open(path, 'wx', 0o640);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // Left empty by an earlier attempt whose first write failed and was cut back.
      fh = await open(path, 'r+');
      const { size } = await fh.stat();
      if (size > 0) {
        await fh.close();
        throw new PhigateError('AUDIT_CORRUPT', `audit log file for segment ${n} already holds data`, {
          sqlstate: SQLSTATE.auditUnavailable,
          status: 503,
        });
      }
    }
    try {
      await this.#syncDir(logDir(this.#dir));
    } catch (e) {
      await fh.close().catch(() => undefined);
      throw e;
    }
    await this.#sealCurrent();
    await this.#fh?.close().catch(() => undefined);
    this.#fh = fh;
    this.#segment = n;
    this.#size = 0;
    this.#prealloc?.reset(0);
  }

  /** Cuts the zero padding off the current file (a sealed file holds exactly its records). */
  async #sealCurrent(): Promise<void> {
    if (!this.#prealloc || !this.#fh) return;
    await this.#prealloc.settle();
    await this.#fh.truncate(this.#size);
    await this.#fh.datasync();
    this.#stats.flushes++;
    this.#prealloc.reset(this.#size);
  }

  async #syncDir(path: string): Promise<void> {
    const d = await open(path, 'r');
    try {
      await d.sync();
      this.#stats.flushes++;
    } finally {
      await d.close();
    }
  }
}

/**
 * Complete, readable records of a file, and where they end. Unreadable lines before readable
 * ones are corruption. Lines are decoded one at a time from the file's bytes (no string of
 * the whole file, no array of its lines) and a recording segment's payload is dropped once
 * parsed: recovery needs the chain fields, and a 64 MiB log of recordings would otherwise
 * take four times its size in memory at every start.
 */
function readRecords(
  buf: Buffer,
  name: string,
): { records: StoredRecord[]; validBytes: number; dataEnd: number } {
  let dataEnd = buf.length;
  while (dataEnd > 0 && buf[dataEnd - 1] === 0) dataEnd--;
  const records: StoredRecord[] = [];
  let validBytes = 0;
  let invalidAt: number | undefined;
  let offset = 0;
  for (let i = 1; offset < dataEnd; i++) {
    const nl = buf.indexOf(0x0a, offset);
    if (nl < 0 || nl >= dataEnd) break; // an incomplete final write: not a record
    const rec = parseStored(buf.toString('utf8', offset, nl));
    if (rec) {
      if (invalidAt !== undefined) {
        throw new PhigateError(
          'AUDIT_CORRUPT',
          `audit log file ${name} has an unreadable line ${invalidAt} before readable records`,
          {
            sqlstate: SQLSTATE.auditUnavailable,
            status: 503,
            hint: 'run `phigate verify` and investigate before starting the gateway',
          },
        );
      }
      if (rec.type === 'recording.segment' && 'payload' in rec.data) {
        const { payload: _dropped, ...rest } = rec.data as Record<string, unknown>;
        records.push({ ...rec, data: rest });
      } else records.push(rec);
      validBytes = nl + 1;
    } else if (invalidAt === undefined) {
      invalidAt = i;
    }
    offset = nl + 1;
  }
  // dataEnd: where the zero padding of preallocated space begins (bytes past validBytes
  // before it are an incomplete final write).
  return { records, validBytes, dataEnd };
}

function parseStored(line: string): StoredRecord | undefined {
  try {
    const v = JSON.parse(line) as Partial<StoredRecord>;
    if (
      v &&
      typeof v === 'object' &&
      typeof v.type === 'string' &&
      typeof v.lseq === 'number' &&
      typeof v.chain === 'string' &&
      typeof v.seq === 'number' &&
      typeof v.hash === 'string' &&
      typeof v.at === 'string' &&
      v.data &&
      typeof v.data === 'object'
    ) {
      return v as StoredRecord;
    }
  } catch {
    // not a record
  }
  return undefined;
}
