import type { ChainHead } from '../../core/audit/schema/log.js';
import { GENESIS_HASH, isSystemChain } from '../../core/audit/version.js';

/** The writer's view of one open chain: where its next record links. */
export interface Head {
  seq: number;
  hash: string;
  stmt: number;
  recIndex: number;
  recHash: string;
}

const fresh = (): Head => ({ seq: 0, hash: GENESIS_HASH, stmt: 0, recIndex: 0, recHash: GENESIS_HASH });

/**
 * Heads of every open chain, with an undo journal: a batch's changes are rolled back when the
 * sink does not acknowledge it, so sequence numbers are consumed only by durable records.
 */
export class ChainHeads {
  readonly #heads = new Map<string, Head>();
  #journal: Map<string, Head | undefined> | undefined;
  lseq = 0;
  lhash = GENESIS_HASH;
  #journalLog: { lseq: number; lhash: string } | undefined;

  /** Starts recording undo information for a batch. */
  begin(): void {
    this.#journal = new Map();
    this.#journalLog = { lseq: this.lseq, lhash: this.lhash };
  }

  commit(): void {
    this.#journal = undefined;
    this.#journalLog = undefined;
  }

  rollback(): void {
    const j = this.#journal;
    if (!j || !this.#journalLog) return;
    for (const [chain, before] of j) {
      if (before) this.#heads.set(chain, before);
      else this.#heads.delete(chain);
    }
    this.lseq = this.#journalLog.lseq;
    this.lhash = this.#journalLog.lhash;
    this.commit();
  }

  /** The head of `chain` for modification (creating it for a new chain). */
  touch(chain: string): Head {
    const h = this.#heads.get(chain);
    if (this.#journal && !this.#journal.has(chain)) this.#journal.set(chain, h ? { ...h } : undefined);
    if (h) return h;
    const n = fresh();
    this.#heads.set(chain, n);
    return n;
  }

  get(chain: string): Head | undefined {
    return this.#heads.get(chain);
  }

  /** Closes a chain (session.end): it leaves the checkpoint lists. */
  close(chain: string): void {
    this.touch(chain);
    this.#heads.delete(chain);
  }

  openSessions(): string[] {
    return [...this.#heads.keys()].filter((c) => !isSystemChain(c));
  }

  /** Checkpoint form, sorted by chain id (the verifier rebuilds the same list). */
  checkpoint(): ChainHead[] {
    const out: ChainHead[] = [];
    for (const [chain, h] of this.#heads) {
      out.push(
        isSystemChain(chain)
          ? { chain, seq: h.seq, hash: h.hash }
          : {
              chain,
              seq: h.seq,
              hash: h.hash,
              stmt: h.stmt,
              recording: { index: h.recIndex, hash: h.recHash },
            },
      );
    }
    return out.sort((a, b) => (a.chain < b.chain ? -1 : a.chain > b.chain ? 1 : 0));
  }

  seed(heads: readonly ChainHead[]): void {
    for (const h of heads) {
      this.#heads.set(h.chain, {
        seq: h.seq,
        hash: h.hash,
        stmt: h.stmt ?? 0,
        recIndex: h.recording?.index ?? 0,
        recHash: h.recording?.hash ?? GENESIS_HASH,
      });
    }
  }

  /** Replays one stored record (recovery): the same transitions the writer made when sealing it. */
  replay(r: {
    type: string;
    chain: string;
    seq: number;
    hash: string;
    lseq: number;
    data: { stmt?: unknown; index?: unknown };
  }): void {
    this.lseq = r.lseq;
    this.lhash = r.hash;
    if (r.type === 'session.end') {
      this.#heads.delete(r.chain);
      return;
    }
    const h = this.touch(r.chain);
    h.seq = r.seq;
    h.hash = r.hash;
    if (r.type === 'statement.intent' && typeof r.data.stmt === 'number') h.stmt = r.data.stmt;
    if (r.type === 'recording.segment' && typeof r.data.index === 'number') {
      h.recIndex = r.data.index;
      h.recHash = r.hash;
    }
  }
}
