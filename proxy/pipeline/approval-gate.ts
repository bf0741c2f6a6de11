/**
 * What happens to a statement the policy sends to approval: a grant already given lets it
 * through; otherwise the control plane is asked, and per config the statement either waits
 * (hold: a NoticeResponse carries the approval id and link, the client's cancel still works)
 * or fails fast with PG001 and the id (defer). Every path fails closed.
 */
import { createHash } from 'node:crypto';
import type { ApprovalsConfig } from '../../core/config/approvals.js';
import { isPhigateError } from '../../core/errors.js';
import { SQLSTATE } from '../../core/sqlstate.js';
import type { ApprovalService } from '../approvals/approval-service.js';
import type { WireError } from '../pg/protocol/writer.js';
import type { BatchDecision } from '../policy/decision.js';
import type { SessionContext } from './types.js';

export type GateResult =
  | { readonly kind: 'granted'; readonly approvalId: string }
  | { readonly kind: 'refused'; readonly error: WireError; readonly approvalId: string | undefined };

export interface GateInput {
  readonly ctx: SessionContext;
  readonly batch: BatchDecision;
  readonly text: string;
  readonly seq: number;
  readonly notice: (n: WireError) => void;
  readonly signal: AbortSignal;
}

/** One fingerprint for a message: its statement's, or a digest of all of them. */
export function batchFingerprint(batch: BatchDecision): string {
  if (batch.statements.length === 1) return batch.statements[0]!.fingerprint;
  const h = createHash('sha256');
  for (const s of batch.statements) h.update(s.fingerprint).update('\0');
  return `m${h.digest('hex').slice(0, 32)}`;
}

const err = (code: string, message: string, hint?: string): WireError => ({
  severity: 'ERROR',
  code,
  message,
  hint,
});

export async function approvalGate(
  service: ApprovalService,
  config: ApprovalsConfig,
  input: GateInput,
): Promise<GateResult> {
  const { ctx, batch, text } = input;
  const decision = batch.decision;
  const fingerprint = batchFingerprint(batch);
  const query = { agentId: ctx.principal.agentId, resource: ctx.resource.name, fingerprint, statement: text };
  try {
    const claim = await service.claimGrant(query);
    if (claim) return { kind: 'granted', approvalId: claim.approvalId };

    const request = (requestKey: string) =>
      service.request({
        agent: {
          agentId: ctx.principal.agentId,
          subject: ctx.principal.subject,
          objectId: ctx.principal.objectId,
          displayName: ctx.principal.displayName,
          tenantId: ctx.principal.tenantId,
        },
        resource: ctx.resource.name,
        statement: text,
        fingerprint,
        ruleId: decision.ruleId,
        reason: decision.reason,
        scope: { kind: 'once', validForMs: config.onceGrantSeconds * 1000 },
        requestKey,
        sessionId: ctx.sessionId,
      });

    if (config.mode === 'defer') {
      // One pending approval per agent + resource + statement: retries while it is pending get
      // the same id; once it is decided or expired a retry asks anew.
      const stable = `defer:${ctx.principal.agentId}:${ctx.resource.name}:${fingerprint}`;
      let ticket = await request(stable);
      if (ticket.status === 'denied' || ticket.status === 'expired' || ticket.status === 'approved') {
        ticket = await request(`${stable}:${Date.now()}`);
      }
      return {
        kind: 'refused',
        approvalId: ticket.approvalId,
        error: err(
          SQLSTATE.approvalRequired,
          `approval required by phigate policy (rule "${decision.ruleId}"): ${decision.reason}; approval ${ticket.approvalId} is pending`,
          `An approver can decide at ${ticket.reviewUrl} until ${ticket.expiresAt}; run the same statement again once it is approved.`,
        ),
      };
    }

    const ticket = await request(`hold:${ctx.sessionId}:${input.seq}`);
    input.notice({
      severity: 'NOTICE',
      code: SQLSTATE.approvalRequired,
      message: `waiting for approval ${ticket.approvalId} (rule "${decision.ruleId}"): ${decision.reason}`,
      hint: `An approver can decide at ${ticket.reviewUrl}; cancel the statement to stop waiting.`,
    });
    const waitMs = Math.max(
      0,
      Math.min(config.holdSeconds * 1000, Date.parse(ticket.expiresAt) - Date.now()),
    );
    const status = await service.waitForDecision(ticket.approvalId, {
      timeoutMs: waitMs,
      signal: input.signal,
    });
    if (status.state === 'approved') {
      const granted = await service.claimGrant(query);
      if (granted) return { kind: 'granted', approvalId: granted.approvalId };
      return {
        kind: 'refused',
        approvalId: ticket.approvalId,
        error: err(
          SQLSTATE.approvalExpired,
          `approval ${ticket.approvalId} was granted but is no longer usable`,
        ),
      };
    }
    if (status.state === 'denied') {
      return {
        kind: 'refused',
        approvalId: ticket.approvalId,
        error: err(
          SQLSTATE.approvalDenied,
          `approval ${ticket.approvalId} was denied by ${status.approver.name}`,
        ),
      };
    }
    return {
      kind: 'refused',
      approvalId: ticket.approvalId,
      error: err(
        SQLSTATE.approvalExpired,
        `approval ${ticket.approvalId} was not decided in time; the statement did not run`,
      ),
    };
  } catch (e) {
    if (input.signal.aborted) {
      return {
        kind: 'refused',
        approvalId: undefined,
        error: err(
          SQLSTATE.queryCanceled,
          'canceling statement due to user request (while waiting for approval)',
        ),
      };
    }
    const message = isPhigateError(e) ? e.message : 'the approval service failed';
    return {
      kind: 'refused',
      approvalId: undefined,
      error: err(SQLSTATE.approvalRequired, `approval required, but it could not be requested: ${message}`),
    };
  }
}
