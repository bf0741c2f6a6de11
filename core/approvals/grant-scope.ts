import { type DecisionScope, MIN_WINDOW_MS } from './decision.js';
import type { ApprovalRequest, ApprovalScope } from './request.js';
import { checkStatementPattern } from './statement-pattern.js';

/** Default cap on an approver-chosen window (a working day). */
export const DEFAULT_MAX_WINDOW_MS = 8 * 3_600_000;
/** How long a `once` grant stays usable when the request asked for a window but the approver chose once. */
export const DEFAULT_ONCE_VALID_MS = 600_000;

export type ScopeResolution =
  | { readonly ok: true; readonly scope: ApprovalScope }
  | { readonly ok: false; readonly reason: string };

/** True when approvers of this request may grant a window at all. */
export const windowsAllowed = (r: ApprovalRequest): boolean => (r.maxWindowMs ?? 0) >= MIN_WINDOW_MS;

/**
 * The scope an approval grants: the approver's choice checked against the request, or the
 * requested scope when the decision names none. A window must fit the control plane's maximum
 * (fixed in the request when it started), and its pattern must be valid and match the statement
 * under review. Pure and deterministic (the orchestrator calls it on replay).
 */
export function resolveGrantScope(r: ApprovalRequest, choice: DecisionScope | undefined): ScopeResolution {
  if (!choice) {
    if (r.scope.kind === 'window' && r.scope.windowMs > (r.maxWindowMs ?? 0)) {
      return { ok: false, reason: 'the requested window is longer than approvers may grant' };
    }
    return { ok: true, scope: r.scope };
  }
  if (choice.kind === 'once') {
    const validForMs = r.scope.kind === 'once' ? r.scope.validForMs : DEFAULT_ONCE_VALID_MS;
    return { ok: true, scope: { kind: 'once', validForMs } };
  }
  if (!windowsAllowed(r)) return { ok: false, reason: 'windows are not enabled for this approval' };
  if (choice.windowMs < MIN_WINDOW_MS || choice.windowMs > (r.maxWindowMs ?? 0)) {
    return {
      ok: false,
      reason: `the window must be between 1 minute and ${Math.floor((r.maxWindowMs ?? 0) / 60_000)} minutes`,
    };
  }
  const pattern = checkStatementPattern(choice.statementPattern, r.statement);
  if (!pattern.ok) return { ok: false, reason: pattern.reason };
  return {
    ok: true,
    scope: { kind: 'window', windowMs: choice.windowMs, statementPattern: pattern.pattern },
  };
}
