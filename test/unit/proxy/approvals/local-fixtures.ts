import type { ApproverIdentity } from '../../../../core/approvals/decision.js';
import type { DecisionForm } from '../../../../core/approvals/decision-intake.js';
import type { ApprovalRequestInput } from '../../../../core/approvals/request.js';

/** Shared inputs of the local workflow tests. */
export const GROUP = 'phigate-approvers';
export const who = (name: string, approver = true): ApproverIdentity => ({
  id: `dev:${name}`,
  name,
  aliases: [name],
  groups: approver ? [GROUP] : [],
  source: 'dev-sign-in',
});
export const INPUT: ApprovalRequestInput = {
  agent: { agentId: 'demo-agent', subject: 'demo-agent' },
  resource: 'ehr',
  statement: 'DELETE FROM lab_results WHERE lab_id = 9',
  fingerprint: 'deadbeef01',
  ruleId: 'hipaa-baseline/phi-write',
  reason: 'writes to a PHI table need a human approval',
  scope: { kind: 'once', validForMs: 60_000 },
  requestKey: 's1:1',
};
export const CLAIM = {
  agentId: 'demo-agent',
  resource: 'ehr',
  fingerprint: 'deadbeef01',
  statement: INPUT.statement,
};

export const form = (token: string, window?: { minutes: number; pattern: string }): DecisionForm => ({
  token,
  comment: undefined,
  windowMinutes: window ? String(window.minutes) : undefined,
  pattern: window?.pattern,
});
