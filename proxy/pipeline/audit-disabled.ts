/**
 * The audit port when audit is switched off: allowed only in dev mode (benchmarks that
 * measure the cost of the audit stage). It records nothing, and readiness says so.
 */
import type { AuditPort, AuditSessionPort, AuditTicket } from './ports.js';

export function disabledAuditPort(): AuditPort {
  let seq = 0;
  const session: AuditSessionPort = {
    intents: async (items) => items.map((): AuditTicket => ({ seq: ++seq })),
    refused: () => undefined,
    outcome: () => undefined,
    frame: () => true,
    whenWritable: async () => undefined,
    approval: () => undefined,
    end: async () => undefined,
  };
  return {
    openSession: async () => session,
    approval: () => undefined,
    health: () => ({ ok: true, reason: 'audit disabled (dev only)' }),
    close: async () => undefined,
  };
}
