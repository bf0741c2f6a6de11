import { createHash } from 'node:crypto';
import type { ChainHead } from '../schema/log.js';
import type { AuditRecord } from '../schema/record.js';
import { GENESIS_HASH, isSystemChain, SYSTEM_CHAIN } from '../version.js';
import { PROBLEM, type Problem } from './problems.js';

interface ChainState {
  seq: number;
  hash: string;
  stmt: number;
  recIndex: number;
  recHash: string;
  ended: boolean;
  /** Statement numbers with an intent and no outcome yet. */
  openIntents: Set<number>;
  /** Known only from a checkpoint (retention boundary or a range start). */
  fromCheckpoint: boolean;
}

type Place = Pick<Problem, 'file' | 'line' | 'lseq'>;

/** Per-chain checks: sequence, links, session lifecycle, statement numbers, recording chain. */
export class ChainTracker {
  readonly #chains = new Map<string, ChainState>();
  readonly sessions = new Set<string>();

  /** Seeds chain heads from a trusted checkpoint (the start of a range or a retention boundary). */
  seed(heads: readonly ChainHead[]): void {
    for (const h of heads) {
      this.#chains.set(h.chain, {
        seq: h.seq,
        hash: h.hash,
        stmt: h.stmt ?? 0,
        recIndex: h.recording?.index ?? 0,
        recHash: h.recording?.hash ?? GENESIS_HASH,
        ended: false,
        openIntents: new Set(),
        fromCheckpoint: true,
      });
      if (!isSystemChain(h.chain)) this.sessions.add(h.chain);
    }
  }

  /** The heads of open chains, as a checkpoint lists them (sorted by chain id). */
  openHeads(): ChainHead[] {
    const out: ChainHead[] = [];
    for (const [chain, s] of this.#chains) {
      if (s.ended) continue;
      const head: ChainHead = isSystemChain(chain)
        ? { chain, seq: s.seq, hash: s.hash }
        : {
            chain,
            seq: s.seq,
            hash: s.hash,
            stmt: s.stmt,
            recording: { index: s.recIndex, hash: s.recHash },
          };
      out.push(head);
    }
    return out.sort((a, b) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0));
  }

  check(r: AuditRecord, place: Place, report: (p: Problem) => void): void {
    const at = { ...place, chain: r.chain, seq: r.seq };
    const system = isSystemChain(r.chain);
    if (!belongsOn(r.type, r.chain)) {
      report({
        ...at,
        kind: PROBLEM.chainState,
        message: `record type ${r.type} does not belong on chain ${r.chain}`,
      });
    }
    let s = this.#chains.get(r.chain);
    if (!s) {
      if (r.seq !== 1 || r.prev !== GENESIS_HASH) {
        report({
          ...at,
          kind: PROBLEM.chainBreak,
          message: `chain ${r.chain} first seen at seq ${r.seq}: its earlier records are missing`,
        });
      } else if (!system && r.type !== 'session.start') {
        report({
          ...at,
          kind: PROBLEM.chainState,
          message: `session ${r.chain} starts without session.start`,
        });
      }
      s = {
        seq: 0,
        hash: GENESIS_HASH,
        stmt: 0,
        recIndex: 0,
        recHash: GENESIS_HASH,
        ended: false,
        openIntents: new Set(),
        fromCheckpoint: false,
      };
      if (r.seq !== 1 || r.prev !== GENESIS_HASH) {
        // Resynchronise on this record so one deletion is reported once.
        s.seq = r.seq - 1;
        s.hash = r.prev;
      }
      this.#chains.set(r.chain, s);
      if (!system) this.sessions.add(r.chain);
    }
    if (s.ended) {
      report({
        ...at,
        kind: PROBLEM.chainState,
        message: `session ${r.chain} has records after its session.end`,
      });
    }
    if (r.seq !== s.seq + 1) {
      const what = r.seq > s.seq + 1 ? `records ${s.seq + 1}..${r.seq - 1} are missing` : 'out of order';
      report({
        ...at,
        kind: PROBLEM.chainBreak,
        message: `chain ${r.chain}: expected seq ${s.seq + 1}, found ${r.seq} (${what})`,
      });
    } else if (r.prev !== s.hash) {
      report({
        ...at,
        kind: PROBLEM.chainBreak,
        message: `chain ${r.chain}: prev does not match the previous record's hash`,
      });
    }
    if (r.type === 'session.start' && r.seq !== 1) {
      report({ ...at, kind: PROBLEM.chainState, message: `session.start in the middle of chain ${r.chain}` });
    }
    this.#statement(r, s, at, report);
    this.#recording(r, s, at, report);
    if (r.type === 'session.end') s.ended = true;
    s.seq = r.seq;
    s.hash = r.hash;
  }

  #statement(r: AuditRecord, s: ChainState, at: Problem | Place, report: (p: Problem) => void): void {
    if (r.type === 'statement.intent') {
      if (r.data.stmt !== s.stmt + 1) {
        report({
          ...(at as Place),
          kind: PROBLEM.statementOrder,
          message: `session ${r.chain}: expected statement ${s.stmt + 1}, found ${r.data.stmt}`,
        });
      }
      s.stmt = Math.max(s.stmt, r.data.stmt);
      s.openIntents.add(r.data.stmt);
    } else if (r.type === 'statement.outcome') {
      if (!s.openIntents.delete(r.data.stmt) && !(s.fromCheckpoint && r.data.stmt <= s.stmt)) {
        report({
          ...(at as Place),
          kind: PROBLEM.statementOrder,
          message: `session ${r.chain}: outcome of statement ${r.data.stmt} without an open intent`,
        });
      }
    }
  }

  #recording(r: AuditRecord, s: ChainState, at: Problem | Place, report: (p: Problem) => void): void {
    if (r.type !== 'recording.segment') return;
    const d = r.data;
    if (d.index !== s.recIndex + 1) {
      report({
        ...(at as Place),
        kind: PROBLEM.recording,
        message: `session ${r.chain}: expected recording segment ${s.recIndex + 1}, found ${d.index}`,
      });
    } else if (d.prevSegment !== s.recHash) {
      report({
        ...(at as Place),
        kind: PROBLEM.recording,
        message: `session ${r.chain}: recording segment ${d.index} does not link to segment ${s.recIndex}`,
      });
    }
    const payload = Buffer.from(d.payload, 'base64');
    if (payload.toString('base64') !== d.payload) {
      report({
        ...(at as Place),
        kind: PROBLEM.recording,
        message: `recording segment ${d.index}: payload is not base64`,
      });
    } else if (createHash('sha256').update(payload).digest('hex') !== d.payloadSha256) {
      report({
        ...(at as Place),
        kind: PROBLEM.recording,
        message: `recording segment ${d.index}: payload digest mismatch`,
      });
    }
    s.recIndex = d.index;
    s.recHash = r.hash;
  }
}

/** Log records on `log`; approval events on `approvals` or on the session that asked; the rest on sessions. */
function belongsOn(type: AuditRecord['type'], chain: string): boolean {
  if (type.startsWith('log.') || type === 'retention.applied') return chain === SYSTEM_CHAIN.log;
  if (type.startsWith('approval.')) return chain !== SYSTEM_CHAIN.log;
  return !isSystemChain(chain);
}
