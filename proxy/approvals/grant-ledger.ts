import { statementSha256 } from '../../core/approvals/statement-digest.js';
import {
  type CompiledPattern,
  compilePattern,
  matchesCompiledPattern,
} from '../../core/approvals/statement-pattern.js';
import type { Grant } from '../../core/approvals/status.js';
import type { GrantClaim, GrantQuery } from './approval-service.js';

interface LedgerEntry {
  readonly grant: Grant;
  consumed: boolean;
  /** A window's pattern, compiled once; undefined (matches nothing) if it does not lex. */
  readonly pattern: CompiledPattern | undefined;
}

/**
 * Grants this process knows, bound to agent + resource. A `once` grant is consumed by the
 * first claim with the same fingerprint and the exact statement text that was approved (a grant
 * without the text's digest, from an older control plane, matches nothing: fail closed); claims
 * run synchronously, so no two claims interleave inside a process;
 * a `window` grant matches every statement that fits its pattern (see `statement-pattern.ts`)
 * from its decision until it ends. Every claim returns the approval id the statement's audit
 * record links to.
 */
export class GrantLedger {
  readonly #grants = new Map<string, LedgerEntry>();

  add(grant: Grant): void {
    if (this.#grants.has(grant.approvalId)) return;
    const pattern = grant.kind === 'window' ? compilePattern(grant.statementPattern) : undefined;
    this.#grants.set(grant.approvalId, { grant, consumed: false, pattern });
  }

  claim(q: GrantQuery, now: Date): GrantClaim | undefined {
    const t = now.getTime();
    let once: LedgerEntry | undefined;
    let digest: string | undefined;
    const sameText = (g: Extract<Grant, { kind: 'once' }>) =>
      typeof g.statementSha256 === 'string' &&
      g.statementSha256 === (digest ??= statementSha256(q.statement));
    for (const [id, entry] of this.#grants) {
      const g = entry.grant;
      if (t >= Date.parse(g.validUntil)) {
        this.#grants.delete(id);
        continue;
      }
      if (t < Date.parse(g.validFrom) || g.agentId !== q.agentId || g.resource !== q.resource) continue;
      if (
        g.kind === 'window' &&
        entry.pattern &&
        entry.pattern.length > 0 &&
        matchesCompiledPattern(entry.pattern, q.statement)
      ) {
        return { approvalId: g.approvalId, kind: 'window', grant: g };
      }
      if (g.kind === 'once' && !entry.consumed && g.fingerprint === q.fingerprint && sameText(g))
        once ??= entry;
    }
    if (!once) return undefined;
    once.consumed = true;
    return { approvalId: once.grant.approvalId, kind: 'once', grant: once.grant };
  }

  /** Grants still valid at `now` (for the console). */
  active(now: Date): Array<{ grant: Grant; consumed: boolean }> {
    return [...this.#grants.values()]
      .filter((e) => now.getTime() < Date.parse(e.grant.validUntil))
      .map((e) => ({ grant: e.grant, consumed: e.consumed }));
  }
}
