import { escapeHtml as h } from './html.js';
import type { ApprovalRequest } from './request.js';
import type { ApprovalStatus } from './status.js';

export interface ReviewViewer {
  readonly name: string;
  /** Why the viewer cannot decide (not an approver, the requester); undefined when they can. */
  readonly cannotDecide: string | undefined;
}

export interface DecisionForms {
  /** Where the forms POST (same origin). */
  readonly action: string;
  readonly approveToken: string;
  readonly denyToken: string;
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
 * Approve / Deny forms that POST a single-use token. Plain HTML, no script.
 */
export function renderReviewPage(p: ReviewPageInput): string {
  const r = p.request;
  const facts: Array<[string, string]> = [
    ['Approval', r.approvalId],
    ['Agent', agentLabel(r)],
    ['Resource', r.resource],
    ['Rule', r.ruleId],
    ['Reason', r.reason],
    ['Scope', scopeLabel(r)],
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

/** The page an approver sees after posting a decision. */
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
      return `<p class="outcome">Approved by <strong>${h(s.approver.name)}</strong> at ${h(s.decidedAt)}; grant valid until ${h(s.grant.validUntil)}.</p>${refused}`;
    case 'denied':
      return `<p class="outcome">Denied by <strong>${h(s.approver.name)}</strong> at ${h(s.decidedAt)}.</p>${refused}`;
    case 'expired':
      return `<p class="outcome">Expired at ${h(s.decidedAt)} without a decision.</p>${refused}`;
  }
}

function decisionBlock(p: ReviewPageInput): string {
  if (p.status.state !== 'pending') return '';
  if (p.viewer.cannotDecide)
    return `<p class="cannot">You cannot decide on this request: ${h(p.viewer.cannotDecide)}.</p>`;
  if (!p.forms) return '';
  const f = p.forms;
  const form = (action: 'approve' | 'deny', token: string, label: string) =>
    `<form method="post" action="${h(f.action)}" class="decide ${action}${p.intent === action ? ' intent' : ''}">
<input type="hidden" name="token" value="${h(token)}">
<label>Comment (optional) <input type="text" name="comment" maxlength="500"></label>
<button type="submit" name="action" value="${action}">${label}</button>
</form>`;
  return `<h2>Decision</h2>
<p>${p.request.scope.kind === 'window' ? 'Approving opens a time window: every statement of this agent on this resource that matches the pattern runs until the window ends.' : 'Approving lets this exact statement run once.'}</p>
<div class="forms">${form('approve', f.approveToken, 'Approve')}${form('deny', f.denyToken, 'Deny')}</div>`;
}

export function agentLabel(r: ApprovalRequest): string {
  return r.agent.displayName ? `${r.agent.displayName} (${r.agent.agentId})` : r.agent.agentId;
}

export function scopeLabel(r: ApprovalRequest): string {
  if (r.scope.kind === 'once') {
    return `this statement once, within ${Math.round(r.scope.validForMs / 1000)} s of approval`;
  }
  return `window of ${Math.round(r.scope.windowMs / 1000)} s for statements matching "${r.scope.statementPattern}"`;
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${h(title)} · phigate</title>
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:56rem;padding:0 1rem;color:#1b1b1b}
dl{display:grid;grid-template-columns:9rem 1fr;gap:.3rem 1rem}dt{font-weight:600;color:#555}dd{margin:0;word-break:break-word}
pre.statement{background:#f4f4f6;border:1px solid #ddd;padding:1rem;white-space:pre-wrap;word-break:break-word;max-height:30rem;overflow:auto}
.state{font-size:.8em;padding:.1em .5em;border-radius:.3em;background:#eee;vertical-align:middle}
.state-approved{background:#d8f5dd}.state-denied{background:#fbdada}.state-expired{background:#eee}.state-pending{background:#fff3c4}
.forms{display:flex;gap:1rem;flex-wrap:wrap}form.decide{border:1px solid #ccc;padding:1rem;border-radius:.4rem}
form.intent{border-color:#333;box-shadow:0 0 0 2px #333}button{font-size:1rem;padding:.4rem 1.2rem;margin-top:.5rem;display:block}
form.approve button{background:#1e7b34;color:#fff;border:0}form.deny button{background:#b3261e;color:#fff;border:0}
.banner{background:#fff3c4;padding:.5rem}.cannot{color:#b3261e}
</style></head><body>${body}</body></html>`;
}
