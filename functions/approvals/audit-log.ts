import { createHash } from 'node:crypto';
import type { ApprovalAuditEvent } from '../../core/approvals/audit-event.js';

/**
 * The shape of an approval audit event when it goes to a log instead of the audit store (the
 * default sink of the Functions app when no audit transport is wired): statement patterns are
 * derived from statement text, so the log carries their SHA-256 instead of the text.
 */
export function auditEventForLog(e: ApprovalAuditEvent): unknown {
  if (e.type === 'approval.approved' && e.grant?.kind === 'window') {
    const { statementPattern, ...grant } = e.grant;
    return { ...e, grant: { ...grant, statementPatternSha256: sha256(statementPattern) } };
  }
  if (e.type === 'approval.requested' && e.scope.kind === 'window') {
    const { statementPattern, ...scope } = e.scope;
    return { ...e, scope: { ...scope, statementPatternSha256: sha256(statementPattern) } };
  }
  return e;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
