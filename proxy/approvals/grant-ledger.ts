import { matchesStatementPattern } from '../../core/approvals/statement-pattern.js';
import type { Grant } from '../../core/approvals/status.js';
import type { GrantClaim, GrantQuery } from './approval-service.js';

/**
 * Grants this process knows, bound to agent + resource. A `once` grant is consumed by the
 * first matching claim (claims run synchronously: no two claims interleave inside a process);
 * a `window` grant matches every statement whose text fits its pattern until it ends.
 */
export class GrantLedger {
  readonly #grants = new Map<string, { grant: Grant; consumed: boolean }>();

  add(grant: Grant): void {
    if (!this.#grants.has(grant.approvalId)) this.#grants.set(grant.approvalId, { grant, consumed: false });
  }

  claim(q: GrantQuery, now: Date): GrantClaim | undefined {
    const t = now.getTime();
    let once: { grant: Grant; consumed: boolean } | undefined;
    for (const [id, entry] of this.#grants) {
      const g = entry.grant;
      if (t >= Date.parse(g.validUntil)) {
        this.#grants.delete(id);
        continue;
      }
      if (t < Date.parse(g.validFrom) || g.agentId !== q.agentId || g.resource !== q.resource) continue;
      if (g.kind === 'window' && matchesStatementPattern(g.statementPattern, q.statement)) {
        return { approvalId: g.approvalId, kind: 'window', grant: g };
      }
      if (g.kind === 'once' && !entry.consumed && g.fingerprint === q.fingerprint) once ??= entry;
    }
    if (!once) return undefined;
    once.consumed = true;
    return { approvalId: once.grant.approvalId, kind: 'once', grant: once.grant };
  }

  /** Grants still valid at `now` (for the console). */
  active(now: Date): Array<{ grant: Grant; consumed: boolean }> {
    return [...this.#grants.values()].filter((e) => now.getTime() < Date.parse(e.grant.validUntil));
  }
}
