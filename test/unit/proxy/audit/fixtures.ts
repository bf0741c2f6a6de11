import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AuditConfig, auditSchema } from '../../../../core/config/audit.js';
import type { Principal } from '../../../../core/identity/principal.js';
import type { SessionStartInput } from '../../../../proxy/audit/types.js';

const created: string[] = [];

/** A fresh temporary data dir; `removeTempDirs()` (in the test file's afterAll) deletes them. */
export function tempDataDir(prefix = 'phigate-audit-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const d of created.splice(0)) rmSync(d, { recursive: true, force: true });
}

export function auditConfig(overrides: Record<string, unknown> = {}): AuditConfig {
  return auditSchema.parse(overrides);
}

export function principal(agentId = 'agent-1', extra: Partial<Principal> = {}): Principal {
  return {
    agentId,
    subject: `sub-${agentId}`,
    objectId: `oid-${agentId}`,
    appId: `app-${agentId}`,
    tenantId: 'tenant-1',
    displayName: `Agent ${agentId}`,
    groups: ['agents'],
    tokenId: `jti-${agentId}`,
    issuer: 'https://issuer.example/dev',
    expiresAt: Date.parse('2030-01-01T00:00:00Z'),
    ...extra,
  };
}

let n = 0;
export function sessionStart(agentId = 'agent-1', extra: Partial<SessionStartInput> = {}): SessionStartInput {
  n++;
  return {
    sessionId: `s${process.pid}-${n}-${Math.random().toString(36).slice(2, 8)}`,
    principal: principal(agentId),
    resource: 'ehr',
    client: {
      address: '127.0.0.1',
      port: 50_000 + n,
      tlsVersion: 'TLSv1.3',
      applicationName: 'psql',
      startupUser: 'whoever',
    },
    ...extra,
  };
}

export const allow = {
  action: 'allow',
  ruleId: 'default-allow',
  reason: 'read with a WHERE clause',
} as const;
export const deny = { action: 'deny', ruleId: 'deny-ddl', reason: 'DDL is not allowed' } as const;
