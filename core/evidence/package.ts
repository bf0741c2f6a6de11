import { createHash } from 'node:crypto';
import { toCsv } from './csv.js';
import { renderReport, type VerificationSummary } from './html-report.js';
import type { ApprovalRow, EvidenceModel, StatementRow } from './model.js';

export const EVIDENCE_SCHEMA = 'phigate.evidence/v1' as const;

export interface EvidenceFile {
  /** Relative path inside the package (forward slashes). */
  readonly path: string;
  readonly content: string;
}

export interface EvidenceInput {
  readonly model: EvidenceModel;
  readonly from: string;
  readonly to: string;
  readonly agent: string | undefined;
  readonly generatedAt: string;
  readonly verification: VerificationSummary;
  /** Transcript text per session id. */
  readonly transcripts: ReadonlyMap<string, string>;
}

const STATEMENT_COLUMNS: { header: string; value: (r: StatementRow) => string | number | undefined }[] = [
  { header: 'session', value: (r) => r.session },
  { header: 'stmt', value: (r) => r.stmt },
  { header: 'agent_id', value: (r) => r.agentId },
  { header: 'agent_name', value: (r) => r.agentName },
  { header: 'subject', value: (r) => r.subject },
  { header: 'tenant', value: (r) => r.tenant },
  { header: 'issuer', value: (r) => r.issuer },
  { header: 'resource', value: (r) => r.resource },
  { header: 'client', value: (r) => r.client },
  { header: 'statement', value: (r) => r.text },
  { header: 'fingerprint', value: (r) => r.fingerprint },
  { header: 'path', value: (r) => r.path },
  { header: 'decision', value: (r) => r.decision },
  { header: 'rule_id', value: (r) => r.ruleId },
  { header: 'reason', value: (r) => r.reason },
  { header: 'approval_id', value: (r) => r.approvalId },
  { header: 'approval_state', value: (r) => r.approvalState },
  { header: 'approver', value: (r) => r.approver },
  { header: 'approved_at', value: (r) => r.approvedAt },
  { header: 'started_at', value: (r) => r.startedAt },
  { header: 'finished_at', value: (r) => r.finishedAt },
  { header: 'duration_ms', value: (r) => r.durationMs },
  { header: 'status', value: (r) => r.status },
  { header: 'rows', value: (r) => r.rows },
  { header: 'columns_returned', value: (r) => r.columns },
  { header: 'masked', value: (r) => r.masked },
  { header: 'masked_values', value: (r) => r.maskedValues },
  { header: 'bytes_out', value: (r) => r.bytesOut },
  { header: 'sqlstate', value: (r) => r.sqlstate },
  { header: 'error_code', value: (r) => r.errorCode },
  { header: 'recorded', value: (r) => (r.recorded ? 'yes' : 'no') },
  { header: 'intent_hash', value: (r) => r.intentHash },
  { header: 'outcome_hash', value: (r) => r.outcomeHash },
  { header: 'lseq', value: (r) => r.lseq },
];

const APPROVAL_COLUMNS: { header: string; value: (r: ApprovalRow) => string | number }[] = [
  { header: 'approval_id', value: (r) => r.approvalId },
  { header: 'agent_id', value: (r) => r.agentId },
  { header: 'resource', value: (r) => r.resource },
  { header: 'rule_id', value: (r) => r.ruleId },
  { header: 'fingerprint', value: (r) => r.fingerprint },
  { header: 'scope', value: (r) => r.scope },
  { header: 'requested_at', value: (r) => r.requestedAt },
  { header: 'expires_at', value: (r) => r.expiresAt },
  { header: 'state', value: (r) => r.state },
  { header: 'approver_id', value: (r) => r.approverId },
  { header: 'approver_name', value: (r) => r.approverName },
  { header: 'decided_at', value: (r) => r.decidedAt },
  { header: 'refused_attempts', value: (r) => r.rejectedAttempts },
  { header: 'session', value: (r) => r.sessionId },
];

/** A session id is a safe file name (letters, digits, `-`, `_`); anything else is hashed. */
export const transcriptPath = (session: string): string =>
  `sessions/${/^[A-Za-z0-9_-]{1,64}$/.test(session) ? session : createHash('sha256').update(session).digest('hex').slice(0, 32)}.txt`;

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * Every file of an evidence package, the manifest last: report.html, statements.csv,
 * statements.json, approvals.csv, one transcript per session, and manifest.json with the
 * SHA-256 and size of every other file and the chain-verification result.
 */
export function buildEvidencePackage(input: EvidenceInput): EvidenceFile[] {
  const paths = new Map<string, string>();
  for (const s of input.model.sessions)
    if (input.transcripts.has(s.id)) paths.set(s.id, transcriptPath(s.id));
  const files: EvidenceFile[] = [
    {
      path: 'report.html',
      content: renderReport({ ...input, transcripts: paths }),
    },
    { path: 'statements.csv', content: toCsv(STATEMENT_COLUMNS, input.model.statements) },
    {
      path: 'statements.json',
      content: `${JSON.stringify({ schema: EVIDENCE_SCHEMA, from: input.from, to: input.to, agent: input.agent ?? null, statements: input.model.statements, sessions: input.model.sessions }, null, 2)}\n`,
    },
    { path: 'approvals.csv', content: toCsv(APPROVAL_COLUMNS, input.model.approvals) },
  ];
  for (const [id, path] of paths) files.push({ path, content: input.transcripts.get(id) ?? '' });
  const manifest = {
    schema: EVIDENCE_SCHEMA,
    generatedAt: input.generatedAt,
    period: { from: input.from, to: input.to },
    agent: input.agent ?? null,
    counts: {
      sessions: input.model.sessions.length,
      statements: input.model.statements.length,
      approvals: input.model.approvals.length,
    },
    verification: input.verification,
    files: files.map((f) => ({
      path: f.path,
      bytes: Buffer.byteLength(f.content, 'utf8'),
      sha256: sha(f.content),
    })),
  };
  files.push({ path: 'manifest.json', content: `${JSON.stringify(manifest, null, 2)}\n` });
  return files;
}
