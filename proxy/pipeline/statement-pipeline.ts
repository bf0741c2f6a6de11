/**
 * The statement pipeline: the one function every statement passes through, whatever
 * protocol path it came by. Stages plug in here (policy, approvals, audit, masking).
 */
import type { Logger } from '../../core/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type {
  Admission,
  PortalInfo,
  SessionContext,
  SessionPipeline,
  StatementOutcome,
  StatementPath,
  StatementPipeline,
  StatementRun,
} from './types.js';

export interface PipelineDeps {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

export function createStatementPipeline(deps: PipelineDeps): StatementPipeline {
  const { logger, metrics } = deps;
  const forwarded = {
    simple: metrics.statements.labels('simple', 'allow'),
    parse: metrics.statements.labels('parse', 'allow'),
    execute: metrics.statements.labels('execute', 'allow'),
    fastpath: metrics.statements.labels('fastpath', 'allow'),
  };
  const debug = logger.isLevelEnabled('debug');

  return {
    async openSession(ctx: SessionContext): Promise<SessionPipeline> {
      const log = logger.child({ session: ctx.sessionId, agent: ctx.principal.agentId });
      let seq = 0;
      const run = (path: StatementPath, length: number): StatementRun => {
        const n = ++seq;
        const started = debug ? process.hrtime.bigint() : 0n;
        return {
          finish(o: StatementOutcome) {
            if (!debug) return;
            const ms = Number(process.hrtime.bigint() - started) / 1e6;
            log.debug(
              { event: 'statement', seq: n, path, length, rows: o.rows, error: o.errorCode, ms },
              'statement finished',
            );
          },
        };
      };
      const forward = (path: StatementPath, length: number): Admission => {
        forwarded[path].inc();
        return { kind: 'forward', runs: [run(path, length)] };
      };
      return {
        simple: (text) => forward('simple', text.length),
        parse: () => {
          forwarded.parse.inc();
          return { kind: 'forward', runs: [] };
        },
        execute: (p: PortalInfo) => forward('execute', p.text?.length ?? 0),
        fastpath: () => forward('fastpath', 0),
        frame: () => undefined,
        end: async () => undefined,
      };
    },
  };
}
