import { type DecisionForms, renderDecisionForms } from './decision-forms.js';
import { escapeHtml as h } from './html.js';
import { page } from './page-shell.js';
import type { ApprovalRequest } from './request.js';
import { agentLabel, durationLabel, scopeLabel } from './scope-label.js';
import type { ApprovalStatus } from './status.js';

export type { DecisionForms } from './decision-forms.js';

export interface ReviewViewer {
  readonly name: string;
  /** Why the viewer cannot decide (not an approver, the requester); undefined when they can. */
  readonly cannotDecide: string | undefined;
}

export interface ReviewPageInput {
  readonly request: ApprovalRequest;
  readonly status: ApprovalStatus;
  readonly viewer: ReviewViewer;
  /** Present only while pending and the viewer may decide. */
  readonly forms: DecisionForms | undefined;
  /** Which button the approver came for (from the card's Approve/Deny link); highlighted. */
  readonly intent: 'approve' | 'deny' | undefined;
  /** Shown above the details (e.g. "Dev mode"). */
  readonly banner?: string;
}

/**
 * The review page, shared by the Functions app and local mode: everything an approver needs to
 * decide (agent, resource, full statement, rule, reason, requested time and expiry, scope), and
 * forms that POST a single-use token: Approve once, Approve a window, Deny. Plain HTML, no script.
 */
export function renderReviewPage(p: ReviewPageInput): string {
  const r = p.request;
  const facts: Array<[string, string]> = [
    ['Approval', r.approvalId],
    ['Agent', agentLabel(r)],
    ['Resource', r.resource],
    ['Rule', r.ruleId],
    ['Reason', r.reason],
    ['Requested scope', scopeLabel(r)],
    ['Requested', r.requestedAt],
    ['Expires', r.expiresAt],
    ['Fingerprint', r.fingerprint],
  ];
  const body = `
<h1>Approval request <span class="state state-${p.status.state}">${h(p.status.state)}</span></h1>
${p.banner ? `<p class="banner">${h(p.banner)}</p>` : ''}
<p class="viewer">Signed in as <strong>${h(p.viewer.name)}</strong></p>
<dl>${facts.map(([k, v]) => `<dt>${h(k)}</dt><dd>${h(v)}</dd>`).join('')}</dl>
<h2>Statement</h2>
<pre class="statement">${h(r.statement)}</pre>
${outcomeBlock(p.status)}
${decisionBlock(p)}`;
  return page(`Approval ${r.approvalId}`, body);
}

export interface ResultPageInput {
  readonly title: string;
  readonly message: string;
  readonly status: ApprovalStatus | undefined;
  readonly backLink: string | undefined;
}

/** The page an approver sees after posting a decision: the outcome and, for an approval, what was granted. */
export function renderResultPage(p: ResultPageInput): string {
  return page(
    p.title,
    `<h1>${h(p.title)}</h1><p>${h(p.message)}</p>${p.status ? outcomeBlock(p.status) : ''}${
      p.backLink ? `<p><a href="${h(p.backLink)}">Back to the request</a></p>` : ''
    }`,
  );
}

function outcomeBlock(s: ApprovalStatus): string {
  const refused = s.rejected.length
    ? `<h2>Refused decision attempts</h2><ul>${s.rejected
        .map((x) => `<li>${h(x.at)}: ${h(x.approverId)}: ${h(x.reason)}</li>`)
        .join('')}</ul>`
    : '';
  switch (s.state) {
    case 'pending':
      return refused;
    case 'approved':
      return `<p class="outcome">Approved by <strong>${h(s.approver.name)}</strong> at ${h(s.decidedAt)}.</p>${grantBlock(s.grant)}${refused}`;
    case 'denied':
      return `<p class="outcome">Denied by <strong>${h(s.approver.name)}</strong> at ${h(s.decidedAt)}.</p>${refused}`;
    case 'expired':
      return `<p class="outcome">Expired at ${h(s.decidedAt)} without a decision.</p>${refused}`;
  }
}

function grantBlock(g: Extract<ApprovalStatus, { state: 'approved' }>['grant']): string {
  if (g.kind === 'once') {
    return `<p class="grant" data-scope="once">Granted: <strong>this statement once</strong>, usable until ${h(g.validUntil)}.</p>`;
  }
  const length = durationLabel(Date.parse(g.validUntil) - Date.parse(g.validFrom));
  return `<p class="grant" data-scope="window">Granted: <strong>a window of ${h(length)}</strong>, from ${h(g.validFrom)} until ${h(g.validUntil)}, for every statement of this agent on this resource matching</p>
<p><code class="pattern">${h(g.statementPattern)}</code></p>`;
}

function decisionBlock(p: ReviewPageInput): string {
  if (p.status.state !== 'pending') return '';
  if (p.viewer.cannotDecide)
    return `<p class="cannot">You cannot decide on this request: ${h(p.viewer.cannotDecide)}.</p>`;
  if (!p.forms) return '';
  return renderDecisionForms(p.request, p.forms, p.intent);
}
