import type { AuditRecord, AuditRecordOf } from '../audit/schema/record.js';
import { isSystemChain } from '../audit/version.js';

/** One statement, with the answers to the five questions. */
export interface StatementRow {
  readonly session: string;
  readonly stmt: number;
  // 1. which agent
  agentId: string;
  agentName: string;
  subject: string;
  tenant: string;
  issuer: string;
  resource: string;
  client: string;
  // the statement and the decision
  text: string;
  fingerprint: string;
  path: string;
  decision: string;
  ruleId: string;
  reason: string;
  // 4. approval
  approvalId: string;
  approvalState: string;
  approver: string;
  approvedAt: string;
  // 2. when
  startedAt: string;
  finishedAt: string;
  durationMs: number | undefined;
  status: string;
  // 3. fields returned, PHI masked
  rows: number;
  columns: string;
  masked: string;
  maskedValues: number;
  bytesOut: number;
  sqlstate: string;
  errorCode: string;
  // 5. replay
  recorded: boolean;
  intentHash: string;
  outcomeHash: string;
  lseq: number;
}

export interface ApprovalRow {
  approvalId: string;
  agentId: string;
  resource: string;
  ruleId: string;
  fingerprint: string;
  scope: string;
  requestedAt: string;
  expiresAt: string;
  state: 'pending' | 'approved' | 'denied' | 'expired';
  approverId: string;
  approverName: string;
  decidedAt: string;
  rejectedAttempts: number;
  sessionId: string;
}

export interface SessionRow {
  readonly id: string;
  agentId: string;
  agentName: string;
  /** The verified token's id (`jti`): links the session to the identity provider's sign-in records. */
  tokenId: string;
  resource: string;
  client: string;
  tlsVersion: string;
  applicationName: string;
  startupUser: string;
  start: string;
  end: string;
  endReason: string;
  statements: number;
  recordingSegments: number;
}

export interface EvidenceFilter {
  readonly from: number;
  readonly to: number;
  readonly agent?: string | undefined;
}

export interface EvidenceModel {
  readonly statements: StatementRow[];
  readonly approvals: ApprovalRow[];
  readonly sessions: SessionRow[];
}

type Start = AuditRecordOf<'session.start'>;

/**
 * Collects the evidence for a period while the log is read: statements whose intent falls in
 * [from, to] (optionally of one agent), the sessions they belong to, and the approvals they
 * reference or that were requested in the period.
 */
export class EvidenceCollector {
  readonly #f: EvidenceFilter;
  readonly #starts = new Map<string, Start>();
  readonly #sessions = new Map<string, SessionRow>();
  readonly #rows = new Map<string, StatementRow>();
  readonly #approvals = new Map<string, ApprovalRow>();
  readonly #statements: StatementRow[] = [];
  /** Rows of each session not yet followed by a recording segment. */
  readonly #unrecorded = new Map<string, StatementRow[]>();

  constructor(filter: EvidenceFilter) {
    this.#f = filter;
  }

  add(r: AuditRecord): void {
    if (r.type.startsWith('approval.')) this.#approval(r);
    if (isSystemChain(r.chain)) return;
    switch (r.type) {
      case 'session.start':
        this.#starts.set(r.chain, r);
        break;
      case 'statement.intent':
        this.#intent(r);
        break;
      case 'statement.outcome': {
        const row = this.#rows.get(`${r.chain}#${r.data.stmt}`);
        if (!row) break;
        const d = r.data;
        row.finishedAt = d.finishedAt;
        row.startedAt = d.startedAt;
        row.durationMs = d.durationUs / 1000;
        row.status = d.status;
        row.rows = d.rows;
        row.columns = d.columns.map((c) => `${c.name}:${c.typeName ?? c.typeOid}`).join('; ');
        row.masked = d.masked.map((m) => `${m.column}=${m.entity}/${m.method}x${m.count}`).join('; ');
        row.maskedValues = d.masked.reduce((n, m) => n + m.count, 0);
        row.bytesOut = d.bytesOut;
        row.sqlstate = d.sqlstate ?? '';
        row.errorCode = d.errorCode ?? '';
        row.outcomeHash = r.hash;
        break;
      }
      case 'recording.segment': {
        const s = this.#sessions.get(r.chain);
        if (s) s.recordingSegments++;
        for (const row of this.#unrecorded.get(r.chain) ?? []) row.recorded = true;
        this.#unrecorded.delete(r.chain);
        break;
      }
      case 'session.end': {
        const s = this.#sessions.get(r.chain);
        if (s) {
          s.end = r.at;
          s.endReason = r.data.reason;
        }
        break;
      }
      default:
        break;
    }
  }

  finish(): EvidenceModel {
    for (const row of this.#statements) {
      const a = row.approvalId ? this.#approvals.get(row.approvalId) : undefined;
      if (!a) continue;
      row.approvalState = a.state;
      row.approver = a.approverId ? `${a.approverName} (${a.approverId})` : '';
      row.approvedAt = a.decidedAt;
    }
    const wanted = new Set(this.#statements.map((s) => s.approvalId).filter(Boolean));
    const approvals = [...this.#approvals.values()].filter((a) => {
      if (wanted.has(a.approvalId)) return true;
      if (this.#f.agent !== undefined && a.agentId !== this.#f.agent) return false;
      const t = Date.parse(a.requestedAt);
      return t >= this.#f.from && t <= this.#f.to;
    });
    return { statements: this.#statements, approvals, sessions: [...this.#sessions.values()] };
  }

  #intent(r: AuditRecordOf<'statement.intent'>): void {
    const t = Date.parse(r.at);
    if (t < this.#f.from || t > this.#f.to) return;
    const start = this.#starts.get(r.chain);
    const agent = start?.data.agent;
    if (this.#f.agent !== undefined && agent?.agentId !== this.#f.agent) return;
    if (start && !this.#sessions.has(r.chain)) {
      const c = start.data.client;
      this.#sessions.set(r.chain, {
        id: r.chain,
        agentId: agent?.agentId ?? '',
        agentName: agent?.displayName ?? '',
        tokenId: agent?.tokenId ?? '',
        resource: start.data.resource,
        client: c.port ? `${c.address}:${c.port}` : c.address,
        tlsVersion: c.tlsVersion ?? '',
        applicationName: c.applicationName ?? '',
        startupUser: c.startupUser ?? '',
        start: start.at,
        end: '',
        endReason: '',
        statements: 0,
        recordingSegments: 0,
      });
    }
    const session = this.#sessions.get(r.chain);
    if (session) session.statements++;
    const d = r.data;
    const row: StatementRow = {
      session: r.chain,
      stmt: d.stmt,
      agentId: agent?.agentId ?? '(session start removed by retention)',
      agentName: agent?.displayName ?? '',
      subject: agent?.subject ?? '',
      tenant: agent?.tenantId ?? '',
      issuer: agent?.issuer ?? '',
      resource: start?.data.resource ?? '',
      client: session?.client ?? '',
      text: d.text,
      fingerprint: d.fingerprint ?? '',
      path: d.path,
      decision: d.decision.action,
      ruleId: d.decision.ruleId,
      reason: d.decision.reason,
      approvalId: d.approval?.approvalId ?? '',
      approvalState: d.approval ? 'unknown' : '',
      approver: '',
      approvedAt: '',
      startedAt: r.at,
      finishedAt: '',
      durationMs: undefined,
      status: 'unknown',
      rows: 0,
      columns: '',
      masked: '',
      maskedValues: 0,
      bytesOut: 0,
      sqlstate: '',
      errorCode: '',
      recorded: false,
      intentHash: r.hash,
      outcomeHash: '',
      lseq: r.lseq,
    };
    this.#rows.set(`${r.chain}#${d.stmt}`, row);
    this.#statements.push(row);
    const list = this.#unrecorded.get(r.chain);
    if (list) list.push(row);
    else this.#unrecorded.set(r.chain, [row]);
  }

  #approval(r: AuditRecord): void {
    const d = r.data as Record<string, unknown>;
    const id = String(d.approvalId ?? '');
    if (!id) return;
    let a = this.#approvals.get(id);
    if (!a) {
      a = {
        approvalId: id,
        agentId: String(d.agentId ?? ''),
        resource: String(d.resource ?? ''),
        ruleId: '',
        fingerprint: '',
        scope: '',
        requestedAt: typeof d.requestedAt === 'string' ? d.requestedAt : '',
        expiresAt: '',
        state: 'pending',
        approverId: '',
        approverName: '',
        decidedAt: '',
        rejectedAttempts: 0,
        sessionId: '',
      };
      this.#approvals.set(id, a);
    }
    if (r.type === 'approval.requested') {
      const q = r as AuditRecordOf<'approval.requested'>;
      a.ruleId = q.data.ruleId;
      a.fingerprint = q.data.fingerprint;
      a.scope = q.data.scope.kind === 'once' ? 'once' : `window ${q.data.scope.statementPattern}`;
      a.requestedAt = r.at;
      a.expiresAt = q.data.expiresAt;
      a.sessionId = q.data.sessionId ?? '';
    } else if (r.type === 'approval.approved' || r.type === 'approval.denied') {
      const q = r as AuditRecordOf<'approval.approved'>;
      a.state = r.type === 'approval.approved' ? 'approved' : 'denied';
      a.approverId = q.data.approver.id;
      a.approverName = q.data.approver.name;
      a.decidedAt = r.at;
      // What the approver granted (it may differ from what was requested: a window).
      const g = q.data.grant;
      if (g) a.scope = g.kind === 'once' ? 'once' : `window ${g.statementPattern} until ${g.validUntil}`;
    } else if (r.type === 'approval.expired') {
      a.state = 'expired';
      a.decidedAt = r.at;
    } else if (r.type === 'approval.decision_rejected') {
      a.rejectedAttempts++;
    }
  }
}
