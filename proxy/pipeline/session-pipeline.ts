/**
 * The statement pipeline of one client session:
 *   policy ─ approval? ─ audit intent (durable) ─ upstream ─ mask ─ record ─ audit outcome.
 * Every protocol path (simple Query, Parse/Execute, fast-path) ends in `admit`.
 */
import type { ApprovalsConfig } from '../../core/config/approvals.js';
import { isPhigateError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { SQLSTATE } from '../../core/sqlstate.js';
import type { ApprovalService } from '../approvals/approval-service.js';
import type { Metrics } from '../observability/metrics.js';
import { noticeResponse, type WireError } from '../pg/protocol/writer.js';
import type { BatchDecision, StatementDecision } from '../policy/decision.js';
import { decisionError } from '../policy/decision-error.js';
import type { PolicySession } from '../policy/policy-session.js';
import { approvalGate } from './approval-gate.js';
import type { AuditSessionPort, AuditTicket, MaskingRun, MaskingSessionPort } from './ports.js';
import { mayRunAheadOfIntent } from './read-ahead.js';
import type {
  Admission,
  DescribeTarget,
  PortalInfo,
  SessionContext,
  SessionPipeline,
  StatementOutcome,
  StatementPath,
  StatementRun,
} from './types.js';

export interface SessionStages {
  readonly ctx: SessionContext;
  readonly policy: PolicySession;
  readonly audit: AuditSessionPort;
  readonly masking: MaskingSessionPort | undefined;
  readonly approvals: { service: ApprovalService; config: ApprovalsConfig } | undefined;
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** Sends a NoticeResponse to the client now (hold notices). */
  readonly notice: (bytes: Buffer) => void;
  /** Plain reads go upstream while their intent flushes (results held until durable). */
  readonly readAhead: boolean;
}

const wire = (code: string, message: string, hint?: string): WireError => ({
  severity: 'ERROR',
  code,
  message,
  hint,
});

export class StatementSessionPipeline implements SessionPipeline {
  private seq = 0;
  private holdAbort: AbortController | undefined;

  constructor(private readonly s: SessionStages) {}

  simple(text: string): Admission | Promise<Admission> {
    return this.admit('simple', text, this.s.policy.decide(text), undefined);
  }

  parse(_name: string, text: string): Admission | Promise<Admission> {
    // Decided now so a denied statement is never even prepared upstream; approval (which
    // needs the bound parameters and a human) happens at Execute, where it runs.
    const batch = this.s.policy.decide(text, { apply: false });
    this.count('parse', batch.action);
    if (batch.action === 'deny')
      return this.refuse('parse', text, batch, decisionError(batch.decision as never), undefined);
    const forward: Admission = { kind: 'forward', runs: [] };
    const ready = this.s.masking?.parse?.(text);
    return ready ? ready.then(() => forward) : forward;
  }

  execute(portal: PortalInfo): Admission | Promise<Admission> {
    if (portal.text === undefined) {
      const error = wire(
        SQLSTATE.insufficientPrivilege,
        'phigate refuses to execute a portal it did not see prepared (fail closed)',
      );
      this.s.audit.refused({
        path: 'execute',
        text: '',
        fingerprint: undefined,
        decision: { action: 'deny', ruleId: 'unknown-portal', reason: error.message },
        approvalId: undefined,
        errorCode: error.code,
      });
      return { kind: 'refuse', error };
    }
    return this.admit('execute', portal.text, this.s.policy.decide(portal.text), portal);
  }

  fastpath(): Admission {
    const error = wire(
      SQLSTATE.insufficientPrivilege,
      'fast-path function calls are not allowed through phigate; call the function in SQL',
    );
    this.s.audit.refused({
      path: 'fastpath',
      text: '',
      fingerprint: undefined,
      decision: { action: 'deny', ruleId: 'fastpath', reason: error.message },
      approvalId: undefined,
      errorCode: error.code,
    });
    return { kind: 'refuse', error };
  }

  describe(target: DescribeTarget): Pick<StatementRun, 'rowDescription'> | undefined {
    return this.s.masking?.describe(target);
  }

  close(kind: 'S' | 'P', name: string): void {
    this.s.masking?.close(kind, name);
  }

  frame(direction: 'frontend' | 'backend', bytes: Buffer): boolean {
    return this.s.audit.frame(direction, bytes);
  }

  whenWritable(): Promise<void> {
    return this.s.audit.whenWritable();
  }

  parameterStatus(name: string, value: string): void {
    this.s.policy.observeParameterStatus(name, value);
    this.s.masking?.parameterStatus?.(name, value);
  }

  /** The client sent a CancelRequest: stop waiting for an approval, if we are. */
  cancel(): void {
    this.holdAbort?.abort();
  }

  end(reason: string): Promise<void> {
    this.holdAbort?.abort();
    return this.s.audit.end(reason);
  }

  private count(path: StatementPath, action: string) {
    this.s.metrics.statement(path, action);
  }

  private refuse(
    path: StatementPath,
    text: string,
    batch: BatchDecision,
    e: { sqlstate: string; message: string; hint?: string | undefined },
    approvalId: string | undefined,
  ): Admission {
    const error = wire(e.sqlstate, e.message, e.hint);
    return this.refuseWith(path, text, batch, error, approvalId);
  }

  private refuseWith(
    path: StatementPath,
    text: string,
    batch: BatchDecision,
    error: WireError,
    approvalId: string | undefined,
  ): Admission {
    const d = batch.decision;
    this.s.audit.refused({
      path,
      text,
      fingerprint: batch.decisive?.fingerprint ?? batch.statements[0]?.fingerprint,
      decision: { action: d.action, ruleId: d.ruleId, reason: d.reason },
      approvalId,
      errorCode: error.code,
    });
    return { kind: 'refuse', error };
  }

  private async admit(
    path: StatementPath,
    text: string,
    policyBatch: BatchDecision,
    portal: PortalInfo | undefined,
  ): Promise<Admission> {
    const seq = ++this.seq;
    let batch = policyBatch;
    if (batch.action === 'deny') {
      this.count(path, batch.action);
      return this.refuse(path, text, batch, decisionError(batch.decision as never), undefined);
    }

    // Masking is planned before anything runs: lineage may send the statement to approval
    // (inference guard), and a statement that cannot be masked does not run (fail closed).
    const statements: readonly StatementDecision[] = batch.statements;
    let masking: (MaskingRun | undefined)[];
    try {
      masking = await Promise.all(statements.map((st) => this.s.masking?.prepare(st, portal)));
    } catch (e) {
      this.count(path, 'deny');
      const error = isPhigateError(e)
        ? wire(e.sqlstate, e.message)
        : wire(SQLSTATE.maskingUnavailable, 'masking is unavailable; statement refused');
      return this.refuseWith(path, text, batch, error, undefined);
    }
    const escalation = batch.action === 'allow' ? masking.find((m) => m?.escalation)?.escalation : undefined;
    if (escalation) {
      batch = {
        ...batch,
        action: 'approve',
        decision: {
          action: 'approve',
          ruleId: escalation.ruleId,
          reason: escalation.reason,
          factsUsed: ['predicateUses'],
        },
      };
    }
    this.count(path, batch.action);

    let approvalId: string | undefined;
    if (batch.action === 'approve') {
      if (!this.s.approvals)
        return this.refuse(path, text, batch, decisionError(batch.decision as never), undefined);
      this.holdAbort = new AbortController();
      const gate = await approvalGate(this.s.approvals.service, this.s.approvals.config, {
        ctx: this.s.ctx,
        batch,
        text,
        seq,
        signal: this.holdAbort.signal,
        notice: (n) => this.s.notice(noticeResponse(n)),
      });
      this.holdAbort = undefined;
      if (gate.kind === 'refused') return this.refuseWith(path, text, batch, gate.error, gate.approvalId);
      approvalId = gate.approvalId;
      this.s.policy.apply(policyBatch);
    }

    const intents = this.s.audit.intents(
      statements.map((st, index) => ({
        path,
        text: st.text,
        fingerprint: st.fingerprint,
        decision:
          batch === policyBatch
            ? { action: st.decision.action, ruleId: st.decision.ruleId, reason: st.decision.reason }
            : { action: batch.decision.action, ruleId: batch.decision.ruleId, reason: batch.decision.reason },
        approvalId,
        params: portal?.params,
        index,
        count: statements.length,
      })),
    );
    // A plain read goes upstream now and its results wait for the intent (see read-ahead.ts);
    // anything else waits for the intent before it is sent.
    // The catalog view (masking's lineage) must confirm it: a view's definition may write.
    const ahead =
      this.s.readAhead && mayRunAheadOfIntent(statements) && masking.every((m) => m?.pureRead === true);
    let tickets: readonly AuditTicket[] | undefined;
    if (!ahead) {
      try {
        tickets = await intents;
      } catch (e) {
        return this.auditRefusal(e);
      }
    } else {
      intents.catch((e: unknown) => this.auditRefusal(e));
    }
    const audit = this.s.audit;
    const runs: StatementRun[] = statements.map((_, i) => {
      const m = masking[i];
      const finish = (o: StatementOutcome) => {
        const record = (t: readonly AuditTicket[]) => {
          try {
            audit.outcome(t[i]!, o, m?.summary());
          } catch (e) {
            this.s.logger.error(
              {
                event: 'audit.outcome_failed',
                session: this.s.ctx.sessionId,
                err: e instanceof Error ? e.name : 'unknown',
              },
              'statement outcome not recorded',
            );
          }
        };
        if (tickets) record(tickets);
        else void intents.then(record, () => undefined);
      };
      if (!m) return { finish };
      return {
        rowDescription: m.rowDescription?.bind(m),
        dataRow: m.dataRow?.bind(m),
        copyOutResponse: m.copyOutResponse?.bind(m),
        copyData: m.copyData?.bind(m),
        copyDone: m.copyDone?.bind(m),
        errorOrNotice: m.errorOrNotice?.bind(m),
        finish,
      };
    });
    return ahead ? { kind: 'forward', runs, durable: intents } : { kind: 'forward', runs };
  }

  private auditRefusal(e: unknown): Admission {
    this.s.logger.error(
      {
        event: 'audit.intent_failed',
        session: this.s.ctx.sessionId,
        code: isPhigateError(e) ? e.code : 'unknown',
      },
      'audit intent not durable; statement refused',
    );
    const error = isPhigateError(e)
      ? wire(e.sqlstate, e.message, e.hint)
      : wire(SQLSTATE.auditUnavailable, 'the audit log cannot record this statement; refused (fail closed)');
    return { kind: 'refuse', error };
  }
}
