/**
 * The audit port backed by the audit log (proxy/audit): the embedded file sink here, the same
 * interface for the Azure pipeline. Intents are durable before they resolve (write-ahead);
 * everything else is queued and written with the next group commit.
 */
import type { AuditConfig } from '../../core/config/audit.js';
import type { DeepReadonly } from '../../core/config/schema.js';
import type { Logger } from '../../core/logger.js';
import { PHI_ENTITIES } from '../../core/phi/entities.js';
import { type AuditLog, openAuditLog } from '../audit/audit-log.js';
import type { AuditSession } from '../audit/audit-session.js';
import type { StatementIntentInput, StatementTicket } from '../audit/types.js';
import type { AuditPort, AuditSessionPort, MaskingSummary, StatementIntent } from './ports.js';
import type { StatementOutcome, StatementPath } from './types.js';

const PATH: Record<StatementPath, StatementIntentInput['path']> = {
  simple: 'simple',
  parse: 'extended',
  execute: 'extended',
  fastpath: 'fastpath',
};

const SQLSTATE_RE = /^[0-9A-Z]{5}$/;

/** phigate's stable code for a refusal, from the SQLSTATE the client was sent. */
const REFUSAL_CODE: Readonly<Record<string, string>> = {
  '42501': 'POLICY_DENIED',
  '42601': 'POLICY_UNPARSEABLE',
  PG001: 'APPROVAL_REQUIRED',
  PG002: 'APPROVAL_DENIED',
  PG003: 'APPROVAL_EXPIRED',
  PG010: 'AUDIT_UNAVAILABLE',
  PG020: 'MASKING_UNAVAILABLE',
  '57014': 'QUERY_CANCELED',
};
const ENTITIES = new Set<string>(PHI_ENTITIES);

function intentInput(
  i: Pick<StatementIntent, 'path' | 'text' | 'fingerprint' | 'decision' | 'approvalId'> & {
    params?: StatementIntent['params'];
  },
): StatementIntentInput {
  return {
    text: i.text,
    fingerprint: i.fingerprint,
    path: PATH[i.path],
    params: i.params ?? undefined,
    decision: {
      action: i.decision.action as 'allow' | 'deny' | 'approve',
      ruleId: i.decision.ruleId,
      reason: i.decision.reason,
    },
    approval: i.approvalId ? { approvalId: i.approvalId } : undefined,
  };
}

function sessionPort(s: AuditSession): AuditSessionPort {
  return {
    intents: (items) => Promise.all(items.map((i) => s.intent(intentInput(i)))),
    refused: (r) =>
      s.refused(intentInput({ ...r, fingerprint: r.fingerprint ?? '' }), {
        rows: 0,
        bytesOut: 0,
        sqlstate: SQLSTATE_RE.test(r.errorCode) ? r.errorCode : undefined,
        errorCode: REFUSAL_CODE[r.errorCode] ?? 'REFUSED',
      }),
    outcome: (ticket, o: StatementOutcome, m: MaskingSummary | undefined) => {
      const sqlstate = o.errorCode && SQLSTATE_RE.test(o.errorCode) ? o.errorCode : undefined;
      s.outcome(ticket as StatementTicket, {
        status:
          o.errorCode === 'not-run' || o.errorCode === 'session-ended'
            ? 'unknown'
            : sqlstate
              ? sqlstate === '57014'
                ? 'cancelled'
                : 'error'
              : 'ok',
        tag: o.tag,
        rows: o.rows,
        bytesOut: o.bytesOut,
        suspended: o.suspended || undefined,
        sqlstate,
        columns: m?.columns.map((c) => ({ name: c.name, typeOid: c.typeOid })),
        masked: m?.masked
          .filter((x) => ENTITIES.has(x.entity) && x.method !== 'detect')
          .map((x) => ({
            column: x.column,
            entity: x.entity as never,
            method: x.method as never,
            count: x.count,
          })),
      });
    },
    frame: (direction, bytes) => s.frame(direction, bytes),
    whenWritable: () => s.whenWritable(),
    approval: (event) => void s.approval(event).catch(() => undefined),
    end: (reason) => s.end({ reason }),
  };
}

export async function auditLogPort(o: {
  config: DeepReadonly<AuditConfig>;
  dataDir: string;
  logger: Logger;
}): Promise<AuditPort> {
  const log: AuditLog = await openAuditLog({ config: o.config, dataDir: o.dataDir, logger: o.logger });
  return {
    async openSession(ctx) {
      const s = await log.openSession({
        sessionId: ctx.sessionId,
        principal: ctx.principal,
        resource: ctx.resource.name,
        protocol: 'postgres',
        client: ctx.client,
      });
      return sessionPort(s);
    },
    approval(event) {
      log.approval(event).catch((e: unknown) =>
        o.logger.error(
          {
            event: 'audit.approval_failed',
            type: event.type,
            err: e instanceof Error ? e.name : 'unknown',
          },
          'approval event not recorded',
        ),
      );
    },
    health: () => log.health(),
    stats: () => {
      const st = log.stats();
      return {
        records: st.records,
        batches: st.batches,
        flushes: st.sink.flushes,
        bytes: st.sink.bytes,
        failedBatches: st.failedBatches,
        rejectedIntents: st.rejectedIntents,
        pendingRecords: st.pendingRecords,
        pendingBytes: st.pendingBytes,
      };
    },
    close: () => log.close(),
  };
}
