/**
 * The statement pipeline: the one function every statement passes through, whatever
 * protocol path it came by. This composes the stages for each session.
 */
import type { ApprovalsConfig } from '../../core/config/approvals.js';
import type { Logger } from '../../core/logger.js';
import type { ApprovalService } from '../approvals/approval-service.js';
import type { Metrics } from '../observability/metrics.js';
import type { PolicyEngine } from '../policy/engine.js';
import type { AuditPort, MaskingPort } from './ports.js';
import { StatementSessionPipeline } from './session-pipeline.js';
import type { SessionContext, SessionIo, SessionPipeline, StatementPipeline } from './types.js';

export interface PipelineDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly policy: PolicyEngine;
  readonly audit: AuditPort;
  readonly masking?: MaskingPort | undefined;
  readonly approvals?: { service: ApprovalService; config: ApprovalsConfig } | undefined;
}

export function createStatementPipeline(deps: PipelineDeps): StatementPipeline {
  return {
    async openSession(ctx: SessionContext, io: SessionIo): Promise<SessionPipeline> {
      const audit = await deps.audit.openSession(ctx);
      const policy = deps.policy.openSession({
        agent: { id: ctx.principal.agentId, groups: ctx.principal.groups },
        resource: { name: ctx.resource.name, labels: ctx.resource.labels },
        upstreamUser: ctx.resource.upstream.auth.user,
        searchPath: io.parameters.get('search_path'),
        standardConformingStrings: io.parameters.get('standard_conforming_strings'),
      });
      const masking = deps.masking?.openSession(ctx);
      for (const [name, value] of io.parameters) masking?.parameterStatus?.(name, value);
      return new StatementSessionPipeline({
        ctx,
        policy,
        audit,
        masking,
        approvals: deps.approvals,
        metrics: deps.metrics,
        logger: deps.logger,
        notice: io.notice,
        readAhead: true,
      });
    },
  };
}
