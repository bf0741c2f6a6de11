import { createHash } from 'node:crypto';
import type { ApprovalRequestInputParsed } from './request.js';

const ID_RE = /^apr-[0-9a-f]{32}$/;

/**
 * Deterministic approval (orchestration instance) id: the same request attempt always maps to
 * the same id, so a retried start finds the approval it already created instead of making a
 * second one. Derived from agent, resource, fingerprint, scope and the request key.
 */
export function approvalInstanceId(input: ApprovalRequestInputParsed): string {
  const scope =
    input.scope.kind === 'once'
      ? ['once', String(input.scope.validForMs)]
      : ['window', String(input.scope.windowMs), input.scope.statementPattern];
  const canonical = JSON.stringify([
    'phigate-approval-v1',
    input.agent.agentId,
    input.resource,
    input.fingerprint,
    ...scope,
    input.requestKey,
  ]);
  return `apr-${createHash('sha256').update(canonical).digest('hex').slice(0, 32)}`;
}

export const isApprovalId = (s: string): boolean => ID_RE.test(s);
