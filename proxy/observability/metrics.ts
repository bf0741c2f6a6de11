/**
 * Prometheus metrics. Labels are bounded vocabularies (path, action, SQLSTATE, direction):
 * never identities, resource secrets, statement text or values.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'phigate_' });
  const sessionsActive = new Gauge({
    name: 'phigate_sessions_active',
    help: 'Open client sessions',
    registers: [registry],
  });
  const sessionsTotal = new Counter({
    name: 'phigate_sessions_total',
    help: 'Client sessions established',
    registers: [registry],
  });
  const authFailures = new Counter({
    name: 'phigate_auth_failures_total',
    help: 'Rejected access tokens, by reason code',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const statements = new Counter({
    name: 'phigate_statements_total',
    help: 'Statements seen by the pipeline, by protocol path and decision',
    labelNames: ['path', 'action'] as const,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'phigate_errors_total',
    help: 'Errors phigate sent to clients, by SQLSTATE',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const bytes = new Counter({
    name: 'phigate_bytes_total',
    help: 'Bytes relayed, by direction (in = from clients, out = to clients)',
    labelNames: ['direction'] as const,
    registers: [registry],
  });
  const pipelineSeconds = new Histogram({
    name: 'phigate_pipeline_seconds',
    help: 'Time a statement spends in the pipeline before it is forwarded or refused',
    labelNames: ['path'] as const,
    buckets: [0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 1, 10],
    registers: [registry],
  });
  // Pre-bound children: label lookups off the hot path.
  const bytesIn = bytes.labels('in');
  const bytesOut = bytes.labels('out');
  const statementChildren = new Map<string, { inc(): void }>();
  return {
    registry,
    statements,
    /** Counts one statement; the labelled child is looked up once per (path, action). */
    statement(path: string, action: string): void {
      const key = `${path}|${action}`;
      let child = statementChildren.get(key);
      if (!child) {
        child = statements.labels(path, action);
        statementChildren.set(key, child);
      }
      child.inc();
    },
    pipelineSeconds,
    session: {
      sessionOpened: () => {
        sessionsActive.inc();
        sessionsTotal.inc();
      },
      sessionClosed: () => sessionsActive.dec(),
      authFailed: (code: string) => authFailures.labels(code).inc(),
      error: (code: string) => errors.labels(code).inc(),
      bytes: (direction: 'in' | 'out', n: number) => (direction === 'in' ? bytesIn : bytesOut).inc(n),
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
