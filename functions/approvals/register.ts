import {
  app,
  type HttpHandler,
  type HttpRequest,
  type HttpResponseInit,
  type InvocationContext,
} from '@azure/functions';
import * as df from 'durable-functions';
import type { ApprovalAuditEvent } from '../../core/approvals/audit-event.js';
import { makeNotifyActivity, makeRecordActivity } from './activities.js';
import { APPROVAL_FUNCTIONS, type NotifyInput, type RecordInput } from './activity-names.js';
import { auditEventForLog } from './audit-log.js';
import { fromDurableClient } from './durable-port.js';
import type { HttpDeps } from './http-common.js';
import { postDecision } from './http-decision.js';
import { reviewPage } from './http-review.js';
import { startApproval } from './http-start.js';
import { approvalStatus } from './http-status.js';
import { approvalOrchestrator } from './orchestrator.js';
import { problem } from './problem.js';
import { type ApprovalSettings, loadApprovalSettings } from './settings.js';

/**
 * Registers the approval functions with the Functions v4 programming model. Settings are read
 * lazily so a missing setting fails the request (problem+json 503) rather than the host start.
 */
export function registerApprovalFunctions(
  opts: { audit?: (e: ApprovalAuditEvent, ctx: InvocationContext) => Promise<void> } = {},
) {
  let settings: ApprovalSettings | undefined;
  const getSettings = () => (settings ??= loadApprovalSettings());
  const audit = opts.audit ?? logAudit;

  df.app.orchestration(APPROVAL_FUNCTIONS.orchestrator, approvalOrchestrator);
  df.app.activity(APPROVAL_FUNCTIONS.notify, {
    handler: (input: NotifyInput, ctx: InvocationContext) =>
      makeNotifyActivity({ settings: getSettings(), audit: (e) => audit(e, ctx) })(input),
  });
  df.app.activity(APPROVAL_FUNCTIONS.record, {
    handler: (input: RecordInput, ctx: InvocationContext) =>
      makeRecordActivity({ settings: getSettings(), audit: (e) => audit(e, ctx) })(input),
  });

  const http =
    (handler: (req: HttpRequest, deps: HttpDeps) => Promise<HttpResponseInit>): HttpHandler =>
    async (req, ctx) => {
      let s: ApprovalSettings;
      try {
        s = getSettings();
      } catch (error) {
        ctx.error(error instanceof Error ? error.message : 'approval settings invalid');
        return problem('unavailable', 'settings-invalid', 'the approval service is not configured');
      }
      const deps: HttpDeps = {
        settings: s,
        durable: fromDurableClient(df.getClient(ctx)),
        now: () => new Date(),
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      };
      try {
        return await handler(req, deps);
      } catch (error) {
        ctx.error(`approval http handler failed: ${error instanceof Error ? error.name : 'error'}`);
        return problem(
          'unavailable',
          'control-plane-error',
          'the approval service could not complete the request',
        );
      }
    };

  const extraInputs = [df.input.durableClient()];
  app.http('approvalStart', {
    route: 'approvals',
    methods: ['POST'],
    authLevel: 'function',
    extraInputs,
    handler: http(startApproval),
  });
  app.http('approvalStatus', {
    route: 'approvals/{id}',
    methods: ['GET'],
    authLevel: 'function',
    extraInputs,
    handler: http(approvalStatus),
  });
  app.http('approvalReview', {
    route: 'approvals/{id}/review',
    methods: ['GET'],
    authLevel: 'anonymous',
    extraInputs,
    handler: http(reviewPage),
  });
  app.http('approvalDecision', {
    route: 'approvals/{id}/decision',
    methods: ['POST'],
    authLevel: 'anonymous',
    extraInputs,
    handler: http(postDecision),
  });
}

/** Default audit sink: one structured log line per event (no statement text or pattern, no PHI). */
async function logAudit(e: ApprovalAuditEvent, ctx: InvocationContext): Promise<void> {
  ctx.log(JSON.stringify({ audit: auditEventForLog(e) }));
}
