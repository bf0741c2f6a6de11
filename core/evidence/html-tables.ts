import { escapeHtml as h } from './html.js';
import type { ApprovalRow, SessionRow, StatementRow } from './model.js';

const td = (v: string | number | undefined, cls = '') =>
  `<td${cls ? ` class="${cls}"` : ''}>${h(String(v ?? ''))}</td>`;

/** The agents that acted in the period (question 1). */
export function agentsTable(rows: readonly StatementRow[]): string {
  const agents = new Map<
    string,
    {
      name: string;
      subject: string;
      tenant: string;
      issuer: string;
      statements: number;
      sessions: Set<string>;
    }
  >();
  for (const r of rows) {
    const a = agents.get(r.agentId) ?? {
      name: r.agentName,
      subject: r.subject,
      tenant: r.tenant,
      issuer: r.issuer,
      statements: 0,
      sessions: new Set<string>(),
    };
    a.statements++;
    a.sessions.add(r.session);
    agents.set(r.agentId, a);
  }
  const body = [...agents]
    .sort((x, y) => x[0].localeCompare(y[0]))
    .map(
      ([id, a]) =>
        `<tr>${td(id)}${td(a.name)}${td(a.subject)}${td(a.tenant)}${td(a.issuer)}${td(a.sessions.size, 'n')}${td(a.statements, 'n')}</tr>`,
    )
    .join('\n');
  return `<table><thead><tr><th>agent id</th><th>display name</th><th>subject</th><th>tenant</th><th>issuer</th><th>sessions</th><th>statements</th></tr></thead><tbody>${body}</tbody></table>`;
}

/** Sessions with start, end and their transcript (questions 2 and 5). */
export function sessionsTable(
  sessions: readonly SessionRow[],
  transcripts: ReadonlyMap<string, string>,
): string {
  const body = sessions
    .map((s) => {
      const file = transcripts.get(s.id);
      const link = file ? `<a href="${h(file)}">${h(file)}</a>` : 'no transcript';
      return `<tr>${td(s.id, 'mono')}${td(s.agentId)}${td(s.resource)}${td(s.client)}${td(s.tlsVersion)}${td(s.applicationName)}${td(s.startupUser)}${td(s.start)}${td(s.end || 'open')}${td(s.endReason)}${td(s.statements, 'n')}${td(s.recordingSegments, 'n')}<td>${link}</td></tr>`;
    })
    .join('\n');
  return `<table><thead><tr><th>session</th><th>agent</th><th>resource</th><th>client</th><th>TLS</th><th>application_name</th><th>startup user (untrusted)</th><th>started</th><th>ended</th><th>end reason</th><th>statements</th><th>recording segments</th><th>replay</th></tr></thead><tbody>${body}</tbody></table>`;
}

/** PHI masked, by entity and method (question 3). */
export function maskingTable(rows: readonly StatementRow[]): string {
  const by = new Map<string, { statements: number; values: number }>();
  for (const r of rows) {
    if (!r.masked) continue;
    for (const part of r.masked.split('; ')) {
      const m = /^(.*)=([A-Z_]+)\/([a-z]+)x(\d+)$/.exec(part);
      if (!m) continue;
      const key = `${m[2]} ${m[3]}`;
      const e = by.get(key) ?? { statements: 0, values: 0 };
      e.statements++;
      e.values += Number(m[4]);
      by.set(key, e);
    }
  }
  if (by.size === 0) return '<p>No values were masked in this period.</p>';
  const body = [...by]
    .sort()
    .map(([k, v]) => {
      const [entity, method] = k.split(' ');
      return `<tr>${td(entity)}${td(method)}${td(v.statements, 'n')}${td(v.values, 'n')}</tr>`;
    })
    .join('\n');
  return `<table><thead><tr><th>PHI entity</th><th>method</th><th>columns masked (statement × column)</th><th>values masked</th></tr></thead><tbody>${body}</tbody></table>`;
}

/** Approvals (question 4). */
export function approvalsTable(approvals: readonly ApprovalRow[]): string {
  if (approvals.length === 0) return '<p>No statement needed approval in this period.</p>';
  const body = approvals
    .map(
      (a) =>
        `<tr>${td(a.approvalId, 'mono')}${td(a.agentId)}${td(a.resource)}${td(a.ruleId)}${td(a.scope)}${td(a.requestedAt)}${td(a.state, a.state)}${td(a.approverName ? `${a.approverName} (${a.approverId})` : '')}${td(a.decidedAt)}${td(a.rejectedAttempts, 'n')}</tr>`,
    )
    .join('\n');
  return `<table><thead><tr><th>approval</th><th>agent</th><th>resource</th><th>rule</th><th>scope</th><th>requested</th><th>outcome</th><th>decided by</th><th>decided at</th><th>refused attempts</th></tr></thead><tbody>${body}</tbody></table>`;
}

/** One row per statement: every answer in one place. */
export function statementsTable(
  rows: readonly StatementRow[],
  transcripts: ReadonlyMap<string, string>,
): string {
  const body = rows
    .map((r) => {
      const text = r.text.length > 400 ? `${r.text.slice(0, 400)}…` : r.text;
      const file = transcripts.get(r.session);
      return `<tr id="${h(`${r.session}-${r.stmt}`)}">${td(r.agentId)}${td(r.resource)}<td class="mono">${file ? `<a href="${h(file)}">${h(r.session)}</a>` : h(r.session)} #${r.stmt}</td><td class="sql">${h(text)}</td>${td(r.path)}${td(r.decision, r.decision)}${td(`${r.ruleId}: ${r.reason}`)}${td(r.approvalId ? `${r.approvalId} ${r.approvalState}${r.approver ? ` by ${r.approver}` : ''}` : '')}${td(r.startedAt)}${td(r.finishedAt)}${td(r.durationMs === undefined ? '' : r.durationMs.toFixed(3), 'n')}${td(r.status, r.status)}${td(r.rows, 'n')}${td(r.columns)}${td(r.masked)}${td(r.sqlstate)}${td(r.recorded ? 'yes' : 'no')}</tr>`;
    })
    .join('\n');
  return `<table class="statements"><thead><tr><th>agent</th><th>resource</th><th>session #</th><th>statement</th><th>path</th><th>decision</th><th>rule: reason</th><th>approval</th><th>started</th><th>finished</th><th>ms</th><th>status</th><th>rows</th><th>columns returned</th><th>masked (column=entity/method×count)</th><th>SQLSTATE</th><th>recorded</th></tr></thead><tbody>${body}</tbody></table>`;
}
