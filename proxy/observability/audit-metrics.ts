/**
 * Audit log metrics, read from the log's own counters at scrape time (nothing on the hot path).
 * Batches versus records shows how well group commit amortizes flushes; pending bytes and
 * rejected intents show an overloaded or failing sink before agents report errors.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { AuditPortStats } from '../pipeline/ports.js';

type Source = () => AuditPortStats | undefined;

const TOTALS = [
  ['records', 'phigate_audit_records_total', 'Audit records made durable'],
  ['batches', 'phigate_audit_batches_total', 'Group-commit batches written (one write and one flush each)'],
  [
    'flushes',
    'phigate_audit_flushes_total',
    'Flushes to stable storage (log files, directories, preallocation)',
  ],
  ['bytes', 'phigate_audit_bytes_total', 'Bytes appended to the audit log'],
  ['failedBatches', 'phigate_audit_failed_batches_total', 'Batches the sink failed to write'],
  [
    'rejectedIntents',
    'phigate_audit_rejected_intents_total',
    'Statements refused because their intent could not be made durable',
  ],
] as const;

const LEVELS = [
  ['pendingRecords', 'phigate_audit_pending_records', 'Audit records queued, not yet durable'],
  ['pendingBytes', 'phigate_audit_pending_bytes', 'Bytes of audit records queued, not yet durable'],
] as const;

export function registerAuditMetrics(registry: Registry, source: Source): void {
  for (const [key, name, help] of TOTALS) {
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        const s = source();
        this.reset();
        if (s) this.inc(s[key]);
      },
    });
  }
  for (const [key, name, help] of LEVELS) {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(source()?.[key] ?? 0);
      },
    });
  }
}
