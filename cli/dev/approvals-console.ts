import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml as h } from '../../core/approvals/html.js';
import type { LocalApprovalWorkflow } from '../../proxy/approvals/local-workflow.js';
import { html, json, shell } from './approvals-http-io.js';
import type { DevSignIn } from './dev-sign-in.js';

/** The dev console (`GET /approvals`) and the JSON list the CLI reads (`GET /approvals/api/list`). */
export function createApprovalsConsole(o: {
  readonly workflow: LocalApprovalWorkflow;
  readonly approverGroup: string;
  readonly signIn: DevSignIn;
  readonly cardCount: () => number;
}) {
  function page(req: IncomingMessage, res: ServerResponse): void {
    const who = o.signIn.signedIn(req);
    const all = o.workflow.list();
    const rows = all
      .map(
        ({ request: r, status }) =>
          `<tr class="${status.state}"><td><a href="/approvals/${h(r.approvalId)}">${h(r.approvalId)}</a></td><td>${h(status.state)}${status.state === 'approved' ? ` (${h(status.grant.kind)})` : ''}</td><td>${h(r.agent.agentId)}</td><td>${h(r.resource)}</td><td>${h(r.ruleId)}</td><td>${h(r.requestedAt)}</td><td>${h(r.expiresAt)}</td></tr>`,
      )
      .join('');
    const pending = all.filter((a) => a.status.state === 'pending').length;
    const signInBlock = who
      ? `<form method="post" action="/approvals/dev/sign-out">Signed in as <strong>${h(who.name)}</strong>${who.groups.includes(o.approverGroup) ? ' (approver)' : ' (not an approver)'} <button>Sign out</button></form>`
      : `<p><a href="/approvals/dev/sign-in">Sign in (dev)</a> to review.</p>`;
    html(
      res,
      200,
      shell(
        'Approvals',
        `<h1>Approvals <small>${pending} pending</small></h1><p class="banner">Dev console of <code>phigate dev</code>.</p>${signInBlock}
<table><thead><tr><th>Approval</th><th>State</th><th>Agent</th><th>Resource</th><th>Rule</th><th>Requested</th><th>Expires</th></tr></thead><tbody>${rows || '<tr><td colspan="7">No approvals yet.</td></tr>'}</tbody></table>
<p><a href="/approvals/dev/teams-webhook">Cards posted to the local Teams webhook sink</a> (${o.cardCount()})</p>`,
      ),
    );
  }

  function list(res: ServerResponse): void {
    json(
      res,
      200,
      o.workflow.list().map(({ request: r, status, notified }) => ({
        approvalId: r.approvalId,
        state: status.state,
        agentId: r.agent.agentId,
        resource: r.resource,
        ruleId: r.ruleId,
        reason: r.reason,
        scope: r.scope,
        requestedAt: r.requestedAt,
        expiresAt: r.expiresAt,
        notified,
        ...(status.state === 'approved' || status.state === 'denied'
          ? { approver: status.approver, decidedAt: status.decidedAt }
          : {}),
        ...(status.state === 'approved' ? { grant: status.grant } : {}),
      })),
    );
  }

  return { page, list };
}
