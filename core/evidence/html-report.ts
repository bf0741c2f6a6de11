import { escapeHtml as h } from './html.js';
import { agentsTable, approvalsTable, maskingTable, sessionsTable, statementsTable } from './html-tables.js';
import type { EvidenceModel, StatementRow } from './model.js';
import { stackedBarChart } from './svg-chart.js';

export interface VerificationSummary {
  readonly ok: boolean;
  readonly records: number;
  readonly segments: number;
  readonly sessions: number;
  readonly problemCount: number;
  /** The first broken link, formatted with its place. */
  readonly firstProblem: string | undefined;
  readonly lastLseq: number | undefined;
  readonly lastHash: string | undefined;
  readonly retentionBoundary: number | undefined;
  readonly warnings: readonly string[];
}

export interface ReportInput {
  readonly model: EvidenceModel;
  readonly from: string;
  readonly to: string;
  readonly agent: string | undefined;
  readonly generatedAt: string;
  readonly verification: VerificationSummary;
  /** Transcript file (relative path) per session id. */
  readonly transcripts: ReadonlyMap<string, string>;
}

const DECISIONS = [
  { name: 'allow', color: '#2e7d32' },
  { name: 'deny', color: '#c62828' },
  { name: 'approve', color: '#ef6c00' },
] as const;

function decisionCounts(rows: readonly StatementRow[], key: (r: StatementRow) => string) {
  const m = new Map<string, number[]>();
  for (const r of rows) {
    const k = key(r);
    const v = m.get(k) ?? [0, 0, 0];
    const i = DECISIONS.findIndex((d) => d.name === r.decision);
    if (i >= 0) v[i] = (v[i] ?? 0) + 1;
    m.set(k, v);
  }
  return [...m].sort((a, b) => a[0].localeCompare(b[0])).map(([label, values]) => ({ label, values }));
}

const STYLE = `body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:24px;color:#1b1b1b}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:8px 0;font-size:12px}th,td{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f2f2f2}td.n{text-align:right}.mono,.sql{font-family:ui-monospace,Menlo,Consolas,monospace}.sql{white-space:pre-wrap;max-width:420px}
.deny,.error,.denied,.expired{color:#b71c1c}.approve,.refused{color:#e65100}.allow,.ok,.approved{color:#1b5e20}
.verify-ok{background:#e8f5e9;padding:8px;border:1px solid #2e7d32}.verify-bad{background:#ffebee;padding:8px;border:1px solid #c62828}
.q{background:#fafafa;border-left:4px solid #607d8b;padding:4px 10px;margin:6px 0}`;

/** The self-contained HTML report: no script, no external asset, charts as inline SVG. */
export function renderReport(input: ReportInput): string {
  const { model, verification: v } = input;
  const rows = model.statements;
  const count = (pred: (r: StatementRow) => boolean) => rows.filter(pred).length;
  const masked = rows.reduce((n, r) => n + r.maskedValues, 0);
  const approvalsNeeded = count((r) => r.decision === 'approve' || r.approvalId !== '');
  const verifyBox = v.ok
    ? `<div class="verify-ok"><b>Chain verification passed.</b> ${v.records} records in ${v.segments} log files, ${v.sessions} sessions; every record's hash, the log chain, every session chain, the file checkpoints${v.retentionBoundary ? `, the retention boundary at lseq ${v.retentionBoundary}` : ''} and the head were checked. Last record lseq ${v.lastLseq ?? '-'}, hash <span class="mono">${h(v.lastHash ?? '-')}</span>.</div>`
    : `<div class="verify-bad"><b>Chain verification FAILED</b> with ${v.problemCount} problem(s). First: ${h(v.firstProblem ?? '')}. The records below are shown as found; do not rely on them without investigation.</div>`;
  const warnings = v.warnings.length ? `<ul>${v.warnings.map((w) => `<li>${h(w)}</li>`).join('')}</ul>` : '';
  const perAgent = stackedBarChart(
    'Statements per agent, by decision',
    DECISIONS,
    decisionCounts(rows, (r) => r.agentId),
  );
  const perDecision = stackedBarChart(
    'Statements per decision',
    DECISIONS,
    DECISIONS.map((d, i) => ({
      label: d.name,
      values: DECISIONS.map((_, j) => (i === j ? count((r) => r.decision === d.name) : 0)),
    })),
  );
  const perDay = stackedBarChart(
    'Statements per day (UTC), by decision',
    DECISIONS,
    decisionCounts(rows, (r) => r.startedAt.slice(0, 10)),
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>phigate evidence ${h(input.from)} – ${h(input.to)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<style>${STYLE}</style></head><body>
<h1>phigate audit evidence</h1>
<p>Period: <b>${h(input.from)}</b> to <b>${h(input.to)}</b>${input.agent ? ` · agent <b>${h(input.agent)}</b>` : ' · all agents'} · generated ${h(input.generatedAt)}</p>
${verifyBox}${warnings}
<h2>Summary</h2>
<table><tbody>
<tr><th>sessions</th><td class="n">${model.sessions.length}</td></tr>
<tr><th>statements</th><td class="n">${rows.length}</td></tr>
<tr><th>allowed</th><td class="n">${count((r) => r.decision === 'allow')}</td></tr>
<tr><th>denied by policy</th><td class="n">${count((r) => r.decision === 'deny')}</td></tr>
<tr><th>needed approval</th><td class="n">${approvalsNeeded}</td></tr>
<tr><th>failed upstream</th><td class="n">${count((r) => r.status === 'error')}</td></tr>
<tr><th>no outcome (gateway stopped mid-statement)</th><td class="n">${count((r) => r.status === 'unknown')}</td></tr>
<tr><th>values masked</th><td class="n">${masked}</td></tr>
</tbody></table>
<p>${perAgent}</p><p>${perDecision}</p><p>${perDay}</p>
<h2>The five questions</h2>
<div class="q"><b>1. Which agent performed the operation?</b> Each statement names the agent verified from its OIDC token (agent id, subject, tenant, issuer); the startup user name is shown separately and is not trusted. See <a href="#agents">Agents</a> and the agent column of <a href="#statements">Statements</a>.</div>
<div class="q"><b>2. When did it start and finish?</b> Started, finished and duration (ms) per statement; session start and end in <a href="#sessions">Sessions</a>. The intent was durable before the statement reached the database.</div>
<div class="q"><b>3. Which fields were returned, and which PHI was masked before leaving?</b> Columns returned (name:type) and masked columns (entity, method, count) per statement; totals in <a href="#masking">Masking</a>. Values are never in the audit record.</div>
<div class="q"><b>4. Did it need approval, and who granted it?</b> The decision and rule per statement; approvals with requester, approver and times in <a href="#approvals">Approvals</a> (approvals.csv).</div>
<div class="q"><b>5. Can the session be replayed?</b> Each session has a transcript rebuilt from its recorded frames (as the agent received them, after masking) in <a href="#sessions">Sessions</a>; <span class="mono">phigate replay SESSION</span> prints the same from the log.</div>
<h2 id="agents">Agents</h2>${agentsTable(rows)}
<h2 id="sessions">Sessions</h2>${sessionsTable(model.sessions, input.transcripts)}
<h2 id="masking">Masking</h2>${maskingTable(rows)}
<h2 id="approvals">Approvals</h2>${approvalsTable(model.approvals)}
<h2 id="statements">Statements</h2>${statementsTable(rows, input.transcripts)}
<p>Files: statements.csv, statements.json, approvals.csv, sessions/*.txt; manifest.json lists the SHA-256 of each.</p>
</body></html>
`;
}
