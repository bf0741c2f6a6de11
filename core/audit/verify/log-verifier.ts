import { CanonicalEncodingError, canonicalJson } from '../canonical.js';
import { type AuditRecord, auditRecordSchema } from '../schema/record.js';
import { recomputeHash } from '../seal.js';
import { GENESIS_HASH } from '../version.js';
import { ChainTracker } from './chain-tracker.js';
import { PROBLEM, type Problem } from './problems.js';

/** What the writer publishes after every acknowledged batch: the log must reach at least this far. */
export interface LogHead {
  readonly segment: number;
  readonly lseq: number;
  readonly hash: string;
  readonly at: string;
}

export interface VerifyOptions {
  /** The writer's head file; absent means it is missing (an error when the log has records). */
  readonly head: LogHead | undefined;
  /** A writer holds the log: an incomplete final line of the last file is a write in progress. */
  readonly writerLive: boolean;
  /** Verify a sub-range: trust the first file's checkpoint (the caller checks the link into it). */
  readonly range?: boolean;
  /** With `range`: the record just before the first one read (from the file before the range). */
  readonly startAfter?: { readonly lseq: number; readonly hash: string } | undefined;
  /** Called with every record that passed its own checks, in log order. */
  readonly onRecord?: (record: AuditRecord, place: { file: string; line: number }) => void;
  readonly maxProblems?: number;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly records: number;
  readonly segments: number;
  readonly sessions: number;
  readonly firstLseq: number | undefined;
  readonly lastLseq: number | undefined;
  readonly lastHash: string | undefined;
  readonly lastAt: string | undefined;
  readonly head: LogHead | undefined;
  /** The retention boundary the log starts at, when earlier records were removed by retention. */
  readonly retentionBoundary: number | undefined;
  readonly problems: readonly Problem[];
  readonly problemCount: number;
  readonly warnings: readonly string[];
}

interface Boundary {
  segment: number;
  lseq: number;
  lprev: string;
  hash: string;
  file: string;
}

/**
 * Streaming verification of a log: feed files in order, lines in order; `finish()` reports.
 * Checks every record's encoding and hash, the log-level chain (lseq/lprev) that detects a
 * deleted event, session or file, every per-chain link, the file checkpoints, the retention
 * boundary and the head (truncation).
 */
export class LogVerifier {
  readonly #opts: VerifyOptions;
  readonly #tracker = new ChainTracker();
  readonly #problems: Problem[] = [];
  readonly #warnings: string[] = [];
  #problemCount = 0;
  #records = 0;
  #segments = 0;
  #segment = 0;
  #file = '';
  #lineNo = 0;
  #last: { lseq: number; hash: string; at: string } | undefined;
  #firstLseq: number | undefined;
  #start: Boundary | undefined;
  #boundaryJustified = false;
  #headSeen = false;
  #tornInLast: { file: string; bytes: number } | undefined;

  constructor(opts: VerifyOptions) {
    this.#opts = opts;
  }

  beginSegment(segment: number, file: string): void {
    if (this.#tornInLast) {
      const t = this.#tornInLast;
      this.#report({
        kind: PROBLEM.tornLine,
        file: t.file,
        message: `incomplete line of ${t.bytes} bytes inside the log`,
      });
      this.#tornInLast = undefined;
    }
    if (this.#segments > 0 && segment !== this.#segment + 1) {
      this.#report({
        kind: PROBLEM.segmentStructure,
        file,
        message: `log file for segment ${this.#segment + 1} is missing (found segment ${segment} after ${this.#segment})`,
      });
    }
    this.#segments++;
    this.#segment = segment;
    this.#file = file;
    this.#lineNo = 0;
  }

  line(text: string): void {
    this.#lineNo++;
    const place = { file: this.#file, line: this.#lineNo };
    let obj: Record<string, unknown>;
    try {
      const v: unknown = JSON.parse(text);
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
      obj = v as Record<string, unknown>;
    } catch {
      this.#report({ ...place, kind: PROBLEM.unparseable, message: 'line is not a JSON record' });
      return;
    }
    const lseq = typeof obj.lseq === 'number' ? obj.lseq : undefined;
    const at = { ...place, lseq };
    try {
      if (canonicalJson(obj) !== text) {
        this.#report({
          ...at,
          kind: PROBLEM.notCanonical,
          message: 'bytes differ from the canonical encoding',
        });
      }
      if (recomputeHash(obj) !== obj.hash) {
        this.#report({
          ...at,
          kind: PROBLEM.hashMismatch,
          message: 'content does not match its hash (record edited)',
        });
      }
    } catch (e) {
      if (!(e instanceof CanonicalEncodingError)) throw e;
      this.#report({ ...at, kind: PROBLEM.notCanonical, message: `not canonically encodable: ${e.message}` });
    }
    this.#logChain(obj, at);
    const parsed = auditRecordSchema.safeParse(obj);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue?.path.map(String).join('.') ?? '';
      this.#report({
        ...at,
        kind: PROBLEM.invalidRecord,
        message: `not a v1 record: ${path || '(root)'}: ${issue?.message}`,
      });
      return;
    }
    const r = parsed.data;
    this.#records++;
    this.#segmentRecord(r, at);
    if (r.type === 'retention.applied') this.#retention(r);
    this.#tracker.check(r, at, (p) => this.#report(p));
    if (this.#opts.head && r.lseq === this.#opts.head.lseq) {
      this.#headSeen = true;
      if (r.hash !== this.#opts.head.hash) {
        this.#report({
          ...at,
          kind: PROBLEM.truncated,
          message: 'record at the head position differs from the head file',
        });
      }
    }
    this.#opts.onRecord?.(r, place);
  }

  /** `tornBytes`: bytes after the last newline of this file. */
  endSegment(tornBytes: number): void {
    if (tornBytes > 0) this.#tornInLast = { file: this.#file, bytes: tornBytes };
  }

  finish(): VerifyReport {
    if (this.#tornInLast) {
      const t = this.#tornInLast;
      if (this.#opts.writerLive) this.#warnings.push(`${t.file}: final write in progress (${t.bytes} bytes)`);
      else
        this.#warnings.push(
          `${t.file}: incomplete final write of ${t.bytes} bytes (never acknowledged; cut at the next start and recorded as log.recovered)`,
        );
    }
    const head = this.#opts.head;
    if (!head && this.#records > 0 && !this.#opts.range) {
      this.#report({
        kind: PROBLEM.truncated,
        message: 'head file is missing: the end of the log cannot be checked',
      });
    } else if (head && !this.#opts.range && !this.#headSeen) {
      const end = this.#last?.lseq ?? 0;
      this.#report({
        kind: PROBLEM.truncated,
        lseq: head.lseq,
        message: `log ends at lseq ${end} but records up to lseq ${head.lseq} (segment ${head.segment}) were acknowledged: truncated or deleted`,
      });
    }
    if (this.#start && !this.#boundaryJustified && !this.#opts.range) {
      const s = this.#start;
      this.#report({
        kind: PROBLEM.missingStart,
        file: s.file,
        line: 1,
        lseq: s.lseq,
        message: `log starts at lseq ${s.lseq} (segment ${s.segment}) and no retention.applied record names this boundary: earlier records were deleted`,
      });
    }
    return {
      ok: this.#problemCount === 0,
      records: this.#records,
      segments: this.#segments,
      sessions: this.#tracker.sessions.size,
      firstLseq: this.#firstLseq,
      lastLseq: this.#last?.lseq,
      lastHash: this.#last?.hash,
      lastAt: this.#last?.at,
      head,
      retentionBoundary: this.#start && this.#boundaryJustified ? this.#start.lseq : undefined,
      problems: this.#problems,
      problemCount: this.#problemCount,
      warnings: this.#warnings,
    };
  }

  #logChain(
    obj: Record<string, unknown>,
    at: { file: string; line: number; lseq: number | undefined },
  ): void {
    const { lseq } = at;
    const hash = typeof obj.hash === 'string' ? obj.hash : '';
    const lprev = typeof obj.lprev === 'string' ? obj.lprev : '';
    if (lseq === undefined) return;
    const last = this.#last;
    if (!last) {
      this.#firstLseq = lseq;
      const after = this.#opts.startAfter;
      if (after && (lseq !== after.lseq + 1 || lprev !== after.hash)) {
        this.#report({
          ...at,
          kind: PROBLEM.logLink,
          message: 'the range does not continue the record before it',
        });
      }
      if (lseq !== 1 || lprev !== GENESIS_HASH) {
        this.#start = { segment: this.#segment, lseq, lprev, hash, file: this.#file };
      }
    } else if (lseq > last.lseq + 1) {
      this.#report({
        ...at,
        kind: PROBLEM.logGap,
        message: `records lseq ${last.lseq + 1}..${lseq - 1} are missing before this record`,
      });
    } else if (lseq <= last.lseq) {
      this.#report({
        ...at,
        kind: PROBLEM.logReorder,
        message: `lseq ${lseq} after lseq ${last.lseq}: reordered or duplicated`,
      });
    } else if (lprev !== last.hash) {
      this.#report({
        ...at,
        kind: PROBLEM.logLink,
        message: 'lprev is not the hash of the previous record in the log',
      });
    }
    this.#last = { lseq, hash, at: typeof obj.at === 'string' ? obj.at : '' };
  }

  #segmentRecord(r: AuditRecord, at: { file: string; line: number; lseq: number | undefined }): void {
    const first = this.#lineNo === 1;
    if (first !== (r.type === 'log.segment')) {
      this.#report({
        ...at,
        kind: PROBLEM.segmentStructure,
        message: first
          ? 'log file does not start with its log.segment checkpoint'
          : 'log.segment checkpoint inside a file',
      });
      return;
    }
    if (r.type !== 'log.segment') return;
    if (r.data.segment !== this.#segment) {
      this.#report({
        ...at,
        kind: PROBLEM.segmentStructure,
        message: `file holds segment ${r.data.segment}, named ${this.#segment}`,
      });
    }
    if (this.#records === 1 && (this.#start || this.#opts.range)) {
      this.#tracker.seed(r.data.heads);
      return;
    }
    const expected = canonicalJson(this.#tracker.openHeads());
    if (canonicalJson(r.data.heads) !== expected) {
      this.#report({
        ...at,
        kind: PROBLEM.checkpoint,
        message: 'checkpoint heads differ from the chains before it',
      });
    }
  }

  #retention(r: Extract<AuditRecord, { type: 'retention.applied' }>): void {
    const s = this.#start;
    const b = r.data.boundary;
    if (s && b.lseq === s.lseq && b.lprev === s.lprev && b.hash === s.hash && b.segment === s.segment) {
      this.#boundaryJustified = true;
    }
  }

  #report(p: Problem): void {
    this.#problemCount++;
    if (this.#problems.length < (this.#opts.maxProblems ?? 100)) this.#problems.push(p);
  }
}
