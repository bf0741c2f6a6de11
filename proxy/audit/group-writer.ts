import { isoMs } from '../../core/audit/iso-time.js';
import type { RecordType } from '../../core/audit/schema/record.js';
import { sealRecord, sealWithData, sealWithPayload } from '../../core/audit/seal.js';
import type { LogHead } from '../../core/audit/verify/log-verifier.js';
import { AUDIT_SCHEMA, SYSTEM_CHAIN } from '../../core/audit/version.js';
import type { Logger } from '../../core/logger.js';
import { ChainHeads } from './chain-heads.js';
import { auditUnavailable, failureCode } from './errors.js';
import { Outage } from './outage.js';
import type { Entry, Sealed, WriterStats } from './queue-entry.js';
import type { AuditSink, SinkRecovery } from './sink.js';

export interface GroupWriterOptions {
  readonly sink: AuditSink;
  readonly segmentMaxBytes: number;
  readonly maxBatchBytes: number;
  readonly maxPendingBytes: number;
  readonly retryMs: number;
  readonly now: () => number;
  readonly logger?: Logger | undefined;
}

const day = (iso: string): string => iso.slice(0, 10);
/**
 * A sorted record's data split around a `payload` string (a recording segment's base64, which
 * needs no escaping) so that it is hashed and written without being copied into joined strings;
 * undefined when the data has no such payload.
 */
function splitPayload(data: Record<string, unknown>): [string, string | Uint8Array, string] | undefined {
  const payload = data.payload;
  if (typeof payload !== 'string' && !(payload instanceof Uint8Array)) return undefined;
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  let seen = false;
  for (const k of Object.keys(data)) {
    if (k === 'payload') seen = true;
    else if (seen) after[k] = data[k];
    else before[k] = data[k];
  }
  const b = JSON.stringify(before);
  const a = JSON.stringify(after);
  return [
    b === '{}' ? '{"payload":"' : `${b.slice(0, -1)},"payload":"`,
    payload,
    a === '{}' ? '"}' : `",${a.slice(1)}`,
  ];
}

/**
 * The head file is rewritten at most this often (plus once when the log closes): it only
 * bounds truncation, and rewriting it after every batch cost as much as the batch's write.
 */
const HEAD_INTERVAL_MS = 10;

/** How long records nobody waits for may wait for a batch someone waits for (see #kickSoon). */
const RETAIN_DELAY_MS = 5;
/** ...unless this many bytes are queued: a streamed result's recording is written as it comes. */
const RETAIN_KICK_BYTES = 512 * 1024;

/** A batch encoding buffer starts this large and is kept up to this size between batches. */
const BATCH_BUF_INITIAL = 64 * 1024;
const BATCH_BUF_KEEP = 2 * 1024 * 1024;

/**
 * One writer for every session: records queue here; whenever no write is in flight, everything
 * queued becomes one batch, sealed into both chains (log and per chain), written with one
 * positional write and one flush, then acknowledged. Sequence numbers are assigned at sealing
 * and rolled back when the sink rejects a batch, so only durable records consume them.
 */
export class GroupWriter {
  readonly heads = new ChainHeads();
  readonly #o: GroupWriterOptions;
  #queue: Entry[] = [];
  #pendingBytes = 0;
  #running = false;
  #segment = 0;
  #segmentBytes = 0;
  #segmentDay = '';
  #outage: Outage | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #soonTimer: NodeJS.Timeout | undefined;
  #closed = false;
  /** Set by the retry timer: write even an empty batch (just the outage record) to find out if the sink is back. */
  #probe = false;
  #idle: (() => void)[] = [];
  #writable: (() => void)[] = [];
  /** The last committed head, waiting to be published (see HEAD_INTERVAL_MS). */
  #pendingHead: LogHead | undefined;
  #headPublishedAt = 0;
  #headTimer: NodeJS.Timeout | undefined;
  /** Reused encoding buffer for a batch (#encode). */
  #batchBuf: Buffer = Buffer.allocUnsafe(BATCH_BUF_INITIAL);
  readonly stats: WriterStats = {
    records: 0,
    batches: 0,
    pendingRecords: 0,
    pendingBytes: 0,
    failedBatches: 0,
    rejectedIntents: 0,
  };

  constructor(opts: GroupWriterOptions) {
    this.#o = opts;
  }

  /** Rebuilds the chain heads from the sink's last segment (its checkpoint plus its records). */
  restore(r: SinkRecovery): { clean: boolean; openSessions: string[] } {
    this.#segment = r.segment;
    this.#segmentBytes = r.segmentBytes;
    const first = r.records[0];
    if (first) {
      this.#segmentDay = day(first.at);
      const heads = (first.data as { heads?: unknown }).heads;
      if (first.type === 'log.segment' && Array.isArray(heads)) this.heads.seed(heads);
      for (const rec of r.records) this.heads.replay(rec);
    }
    const last = r.records.at(-1);
    return { clean: !last || last.type === 'log.close', openSessions: this.heads.openSessions() };
  }

  get failing(): string | undefined {
    return this.#outage ? `writes failing since ${this.#outage.since} (${this.#outage.error})` : undefined;
  }

  get overloaded(): boolean {
    return this.#pendingBytes > this.#o.maxPendingBytes;
  }

  /** Above half the bound the data path should pause (backpressure). */
  get congested(): boolean {
    return this.#pendingBytes > this.#o.maxPendingBytes / 2;
  }

  get segment(): number {
    return this.#segment;
  }

  enqueue(e: Entry): void {
    if (this.#closed) {
      e.reject?.(auditUnavailable('audit log closed'));
      return;
    }
    if (e.durability === 'ack' && this.overloaded) {
      this.#countRejected(e);
      e.reject?.(auditUnavailable('audit queue over its bound'));
      return;
    }
    if (e.type === 'recording.segment' && this.#outage && this.overloaded) {
      this.#outage.droppedRecordingBytes += e.size;
      return;
    }
    this.#queue.push(e);
    this.#pendingBytes += e.size;
    // A waiting caller retries a failing sink at once: it recovers as soon as the disk does.
    if (e.durability !== 'retain') this.#kick();
    else if (!this.#outage) this.#kickSoon();
  }

  /** Resolves when the queue is below half its bound again (backpressure for the data path). */
  whenWritable(): Promise<void> {
    if (!this.congested || this.#closed) return Promise.resolve();
    return new Promise<void>((r) => this.#writable.push(r));
  }

  /** Resolves when everything queued so far has been written (or given up). */
  async drain(): Promise<void> {
    if (!this.#running && this.#queue.length === 0) return;
    await new Promise<void>((r) => this.#idle.push(r));
  }

  /** Publishes the last committed head now, if one is waiting (before the log closes). */
  async publishHead(): Promise<void> {
    if (this.#headTimer) clearTimeout(this.#headTimer);
    this.#headTimer = undefined;
    const head = this.#pendingHead;
    this.#pendingHead = undefined;
    if (!head) return;
    this.#headPublishedAt = this.#o.now();
    await this.#o.sink.publishHead(head);
  }

  /** Stops accepting records; pending waiters of a failed sink are rejected. */
  stop(): void {
    this.#closed = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    if (this.#headTimer) clearTimeout(this.#headTimer);
    if (this.#soonTimer) clearTimeout(this.#soonTimer);
    for (const e of this.#queue) e.reject?.(auditUnavailable('audit log closed'));
    this.#queue = [];
    this.#pendingBytes = 0;
    for (const r of this.#writable.splice(0)) r();
    for (const r of this.#idle.splice(0)) r();
  }

  /**
   * Records nobody waits for (outcomes, recording segments) ride with the next batch someone
   * does wait for; alone they are written within RETAIN_DELAY_MS, or at once when they add up
   * to RETAIN_KICK_BYTES. A lone statement then costs one flush (its intent, carrying the
   * previous outcome), not two.
   */
  #kickSoon(): void {
    if (this.#running || this.#closed) return;
    if (this.#pendingBytes >= RETAIN_KICK_BYTES) {
      this.#kick();
      return;
    }
    this.#soonTimer ??= setTimeout(() => {
      this.#soonTimer = undefined;
      this.#kick();
    }, RETAIN_DELAY_MS);
  }

  #kick(): void {
    if (this.#soonTimer) {
      clearTimeout(this.#soonTimer);
      this.#soonTimer = undefined;
    }
    if (this.#running || this.#closed) return;
    this.#running = true;
    setImmediate(() => void this.#loop());
  }

  async #loop(): Promise<void> {
    try {
      let first = true;
      while (this.#queue.length > 0 || (this.#probe && this.#outage)) {
        // After the batch that was asked for, go on only while someone waits.
        if (!first && !this.#probe && !this.#urgent()) break;
        first = false;
        this.#probe = false;
        const ok = await this.#writeOne();
        if (!ok) break;
      }
    } finally {
      this.#running = false;
      this.stats.pendingRecords = this.#queue.length;
      this.stats.pendingBytes = this.#pendingBytes;
      if (this.#queue.length === 0 || this.#outage) for (const r of this.#idle.splice(0)) r();
      else this.#kickSoon();
    }
  }

  /** Someone waits for what is queued: an acknowledgement, a drain, or the memory bound. */
  #urgent(): boolean {
    if (this.#idle.length > 0 || this.#pendingBytes >= RETAIN_KICK_BYTES) return true;
    for (const e of this.#queue) if (e.durability !== 'retain') return true;
    return false;
  }

  /**
   * The batch's lines as UTF-8 in one reused buffer: joining them first would make a string
   * of up to maxBatchBytes (large-object space) and a fresh buffer per batch, garbage that a
   * streamed result's recording turns out at the rate of the stream. The sink is done with the
   * bytes when `append` settles, before the next batch is encoded.
   */
  #encode(parts: readonly (string | Uint8Array)[]): Buffer {
    let need = 0;
    for (const p of parts) need += typeof p === 'string' ? Buffer.byteLength(p, 'utf8') : p.length;
    if (this.#batchBuf.length < need || this.#batchBuf.length > Math.max(need * 6, BATCH_BUF_KEEP)) {
      // Headroom when growing: batches of a stream grow a little at a time, and a buffer sized
      // to each one would be replaced (garbage of its whole size) batch after batch.
      this.#batchBuf = Buffer.allocUnsafe(Math.max(Math.ceil(need * 1.5), BATCH_BUF_INITIAL));
    }
    let at = 0;
    for (const p of parts) {
      if (typeof p === 'string') at += this.#batchBuf.write(p, at, 'utf8');
      else {
        this.#batchBuf.set(p, at);
        at += p.length;
      }
    }
    return this.#batchBuf.subarray(0, at);
  }

  /** Takes a batch, seals, writes, acknowledges. False when the sink failed. */
  async #writeOne(): Promise<boolean> {
    const batch = this.#take();
    const nowIso = isoMs(this.#o.now());
    const heads = this.heads;
    heads.begin();
    const before = { segment: this.#segment, bytes: this.#segmentBytes, day: this.#segmentDay };
    const parts: (string | Uint8Array)[] = [];
    let records = 0;
    const add = (line: string | (string | Uint8Array)[]) => {
      records++;
      if (typeof line === 'string') parts.push(line);
      else for (const piece of line) parts.push(piece);
    };
    const sealed: Sealed[] = [];
    if (
      this.#segment === 0 ||
      this.#segmentBytes >= this.#o.segmentMaxBytes ||
      this.#segmentDay !== day(nowIso)
    ) {
      const checkpoint = heads.checkpoint();
      const previous =
        this.#segment === 0
          ? undefined
          : { segment: this.#segment, lastLseq: heads.lseq, lastHash: heads.lhash };
      this.#segment++;
      this.#segmentBytes = 0;
      this.#segmentDay = day(nowIso);
      add(
        this.#seal(SYSTEM_CHAIN.log, 'log.segment', nowIso, {
          segment: this.#segment,
          previous,
          heads: checkpoint,
        }).line,
      );
    }
    if (this.#outage) {
      add(this.#seal(SYSTEM_CHAIN.log, 'log.outage', nowIso, this.#outage.record(nowIso)).line);
    }
    for (const e of batch) {
      const s = this.#sealEntry(e);
      add(s.line);
      sealed.push(s.sealed);
    }
    const data = this.#encode(parts);
    try {
      await this.#o.sink.append({ segment: this.#segment, data, records });
    } catch (err) {
      heads.rollback();
      this.#segment = before.segment;
      this.#segmentBytes = before.bytes;
      this.#segmentDay = before.day;
      this.#failed(batch, err);
      return false;
    }
    heads.commit();
    this.#segmentBytes += data.length;
    this.stats.records += records;
    this.stats.batches++;
    if (this.#outage) {
      this.#o.logger?.info(
        { event: 'audit.recovered', since: this.#outage.since },
        'audit log writes recovered',
      );
      this.#outage = undefined;
      if (this.#retryTimer) clearTimeout(this.#retryTimer);
      this.#retryTimer = undefined;
    }
    for (let i = 0; i < batch.length; i++) {
      const e = batch[i] as Entry;
      this.#pendingBytes -= e.size;
      e.resolve?.(sealed[i] as Sealed);
    }
    if (this.#writable.length > 0 && !this.congested) for (const r of this.#writable.splice(0)) r();
    this.#pendingHead = { segment: this.#segment, lseq: heads.lseq, hash: heads.lhash, at: nowIso };
    const wait = this.#headPublishedAt + HEAD_INTERVAL_MS - this.#o.now();
    if (wait <= 0) await this.publishHead();
    else this.#headTimer ??= setTimeout(() => void this.publishHead(), wait).unref();
    return true;
  }

  #take(): Entry[] {
    let bytes = 0;
    let n = 0;
    const q = this.#queue;
    while (n < q.length && (n === 0 || bytes + (q[n] as Entry).size <= this.#o.maxBatchBytes)) {
      bytes += (q[n] as Entry).size;
      n++;
    }
    const batch = n === q.length ? q : q.slice(0, n);
    this.#queue = n === q.length ? [] : q.slice(n);
    return batch;
  }

  #sealEntry(e: Entry): { line: string | (string | Uint8Array)[]; sealed: Sealed } {
    const head = this.heads.touch(e.chain);
    if (e.type === 'statement.intent') {
      head.stmt++;
      e.data.stmt = head.stmt;
    } else if (e.intent) {
      e.data.stmt = e.intent.data.stmt;
    } else if (e.type === 'recording.segment') {
      e.data.index = head.recIndex + 1;
      e.data.prevSegment = head.recHash;
    }
    const s = this.#seal(e.chain, e.type, e.at, e.data, e.sortedData === true);
    if (e.type === 'recording.segment') {
      head.recIndex++;
      head.recHash = s.hash;
    }
    if (e.type === 'session.end') this.heads.close(e.chain);
    return { line: s.line, sealed: { hash: s.hash, lseq: this.heads.lseq, seq: s.seq } };
  }

  #seal(chain: string, type: RecordType, at: string, data: Record<string, unknown>, sorted = false) {
    const heads = this.heads;
    const head = heads.touch(chain);
    const seq = head.seq + 1;
    const envelope = {
      schema: AUDIT_SCHEMA,
      type,
      at,
      lseq: heads.lseq + 1,
      lprev: heads.lhash,
      chain,
      seq,
      prev: head.hash,
    };
    const split = sorted && type === 'recording.segment' ? splitPayload(data) : undefined;
    let hash: string;
    let line: string | (string | Uint8Array)[];
    if (split) ({ hash, pieces: line } = sealWithPayload(envelope, split[0], split[1], split[2]));
    else
      ({ hash, line } = sorted
        ? sealWithData(envelope, JSON.stringify(data))
        : sealRecord({ ...envelope, data }));
    head.seq = seq;
    head.hash = hash;
    heads.lseq++;
    heads.lhash = hash;
    return { hash, line, seq };
  }

  #failed(batch: Entry[], err: unknown): void {
    const code = failureCode(err);
    this.stats.failedBatches++;
    const nowIso = isoMs(this.#o.now());
    if (!this.#outage) {
      this.#outage = new Outage(nowIso);
      this.#o.logger?.error(
        { event: 'audit.write_failed', error: code },
        'audit log write failed; refusing statements',
      );
    }
    this.#outage.failed(code);
    const keep: Entry[] = [];
    const error = auditUnavailable(`write failed: ${code}`, err);
    for (const e of batch) {
      if (e.durability !== 'retain') e.reject?.(error);
      if (e.durability === 'ack') {
        this.#pendingBytes -= e.size;
        this.#countRejected(e);
      } else {
        if (e.durability === 'ack-retain') {
          e.resolve = undefined;
          e.reject = undefined;
        }
        keep.push(e);
      }
    }
    this.#queue = keep.concat(this.#queue);
    this.#retryTimer ??= setTimeout(() => {
      this.#retryTimer = undefined;
      this.#probe = true;
      this.#kick();
    }, this.#o.retryMs).unref();
  }

  #countRejected(e: Entry): void {
    if (e.type === 'statement.intent') this.stats.rejectedIntents++;
    this.#outage?.rejected(e.type);
  }
}
