import { sealRecord } from '../../../../core/audit/seal.js';
import { AUDIT_SCHEMA, GENESIS_HASH } from '../../../../core/audit/version.js';

/** Builds a sealed log in memory with the real sealing code (for verifier edge cases). */
export class LogBuilder {
  readonly lines: string[] = [];
  readonly hashes: string[] = [];
  #lseq = 0;
  #lhash = GENESIS_HASH;
  readonly #heads = new Map<string, { seq: number; hash: string }>();
  #ms = Date.parse('2026-03-01T10:00:00.000Z');

  add(
    chain: string,
    type: string,
    data: Record<string, unknown>,
    override: { seq?: number; prev?: string } = {},
  ): string {
    const head = this.#heads.get(chain) ?? { seq: 0, hash: GENESIS_HASH };
    const seq = override.seq ?? head.seq + 1;
    const { hash, line } = sealRecord({
      schema: AUDIT_SCHEMA,
      type,
      at: new Date(this.#ms++).toISOString(),
      lseq: ++this.#lseq,
      lprev: this.#lhash,
      chain,
      seq,
      prev: override.prev ?? head.hash,
      data,
    });
    this.#lhash = hash;
    this.#heads.set(chain, { seq, hash });
    this.lines.push(line.slice(0, -1));
    this.hashes.push(hash);
    return hash;
  }
}

export const agent = {
  agentId: 'a1',
  subject: 's1',
  groups: [],
  issuer: 'https://issuer.example',
  tokenExpiresAt: '2030-01-01T00:00:00.000Z',
};

export const startData = {
  agent,
  client: { address: '127.0.0.1' },
  resource: 'ehr',
  protocol: 'postgres',
  parameters: { mode: 'omit' },
  recording: false,
};

export const intentData = (stmt: number) => ({
  stmt,
  text: 'select 1',
  path: 'simple',
  decision: { action: 'allow', ruleId: 'r', reason: 'ok' },
});

export const outcomeData = (stmt: number) => ({
  stmt,
  status: 'ok',
  startedAt: '2026-03-01T10:00:00.000Z',
  finishedAt: '2026-03-01T10:00:00.001Z',
  durationUs: 1000,
  rows: 1,
  columns: [],
  masked: [],
  bytesOut: 10,
});
