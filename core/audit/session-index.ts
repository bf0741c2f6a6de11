import type { AuditRecord } from './schema/record.js';
import { isSystemChain } from './version.js';

/** One line of `phigate sessions`: who, where, when, and what happened, from the records. */
export interface SessionSummary {
  readonly id: string;
  agentId: string;
  agentName: string | undefined;
  resource: string;
  client: string;
  applicationName: string | undefined;
  start: string | undefined;
  end: string | undefined;
  endReason: string | undefined;
  statements: number;
  allowed: number;
  denied: number;
  approvalRequired: number;
  errors: number;
  rows: number;
  /** Values masked across the session's statements. */
  masked: number;
  recordingSegments: number;
  /** Closed by crash recovery rather than by the gateway. */
  recovered: boolean;
}

/** Builds session summaries while the log is read (records in log order). */
export class SessionIndex {
  readonly #sessions = new Map<string, SessionSummary>();

  add(r: AuditRecord): void {
    if (isSystemChain(r.chain)) return;
    let s = this.#sessions.get(r.chain);
    if (!s) {
      s = {
        id: r.chain,
        agentId: '?',
        agentName: undefined,
        resource: '?',
        client: '?',
        applicationName: undefined,
        start: undefined,
        end: undefined,
        endReason: undefined,
        statements: 0,
        allowed: 0,
        denied: 0,
        approvalRequired: 0,
        errors: 0,
        rows: 0,
        masked: 0,
        recordingSegments: 0,
        recovered: false,
      };
      this.#sessions.set(r.chain, s);
    }
    switch (r.type) {
      case 'session.start':
        s.agentId = r.data.agent.agentId;
        s.agentName = r.data.agent.displayName;
        s.resource = r.data.resource;
        s.client = r.data.client.port
          ? `${r.data.client.address}:${r.data.client.port}`
          : r.data.client.address;
        s.applicationName = r.data.client.applicationName;
        s.start = r.at;
        break;
      case 'session.end':
        s.end = r.at;
        s.endReason = r.data.reason;
        s.recovered = r.data.recovered === true;
        break;
      case 'statement.intent':
        s.statements++;
        if (r.data.decision.action === 'allow') s.allowed++;
        else if (r.data.decision.action === 'deny') s.denied++;
        else s.approvalRequired++;
        break;
      case 'statement.outcome':
        if (r.data.status === 'error') s.errors++;
        s.rows += r.data.rows;
        for (const m of r.data.masked) s.masked += m.count;
        break;
      case 'recording.segment':
        s.recordingSegments++;
        break;
      default:
        break;
    }
  }

  get(id: string): SessionSummary | undefined {
    return this.#sessions.get(id);
  }

  /** Sessions in order of start (sessions whose start was removed by retention sort first). */
  list(filter: { agent?: string; from?: number; to?: number } = {}): SessionSummary[] {
    const out: SessionSummary[] = [];
    for (const s of this.#sessions.values()) {
      if (filter.agent !== undefined && s.agentId !== filter.agent) continue;
      const start = s.start ? Date.parse(s.start) : Number.NEGATIVE_INFINITY;
      const end = s.end ? Date.parse(s.end) : Number.POSITIVE_INFINITY;
      if (filter.to !== undefined && start > filter.to) continue;
      if (filter.from !== undefined && end < filter.from) continue;
      out.push(s);
    }
    return out.sort((a, b) => (a.start ?? '').localeCompare(b.start ?? '') || a.id.localeCompare(b.id));
  }
}
