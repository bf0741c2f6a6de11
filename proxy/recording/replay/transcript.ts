import { Parser } from 'pg-protocol/dist/parser.js';
import { decodeFrames } from '../../../core/audit/frame-payload.js';
import type { AuditRecord, AuditRecordOf } from '../../../core/audit/schema/record.js';
import { FrontendDecoder, type FrontendMessage } from './frontend-decoder.js';
import { ResultPrinter } from './result-printer.js';

type Intent = AuditRecordOf<'statement.intent'>;
type Outcome = AuditRecordOf<'statement.outcome'>;

export interface TranscriptInput {
  /** One session's records, in chain order. */
  readonly records: readonly AuditRecord[];
  /** Approval events of the whole log, by approval id (decisions live on the approvals chain). */
  readonly approvals?: ReadonlyMap<string, readonly AuditRecord[]>;
  /** Rows shown per result (the rest are counted). */
  readonly maxRows?: number;
}

const ms = (us: number) => `${(us / 1000).toFixed(3)} ms`;
const offset = (us: number, originUs: number) => `+${((us - originUs) / 1e6).toFixed(3)}s`;

/**
 * A psql-like transcript of one session from its audit records: each statement as the agent
 * sent it, the decision (rule, reason, approval and approver), the result as the agent received
 * it (decoded from the recorded backend frames with pg-protocol's parser), and timing.
 */
export function renderTranscript(input: TranscriptInput, write: (line: string) => void): void {
  const start = input.records.find((r) => r.type === 'session.start') as
    | AuditRecordOf<'session.start'>
    | undefined;
  const end = input.records.find((r) => r.type === 'session.end') as AuditRecordOf<'session.end'> | undefined;
  const intents: Intent[] = [];
  const outcomes = new Map<number, Outcome>();
  for (const r of input.records) {
    if (r.type === 'statement.intent') intents.push(r);
    else if (r.type === 'statement.outcome') outcomes.set(r.data.stmt, r);
  }
  const chain = input.records[0]?.chain ?? '?';
  const resource = start?.data.resource ?? '?';
  write(`-- phigate session ${chain}`);
  if (start) {
    const a = start.data.agent;
    const c = start.data.client;
    write(
      `-- agent: ${a.agentId}${a.displayName ? ` (${a.displayName})` : ''} subject=${a.subject} tenant=${a.tenantId ?? '-'} issuer=${a.issuer} token_id=${a.tokenId ?? '-'}`,
    );
    write(
      `-- resource: ${resource}  client: ${c.address}${c.port ? `:${c.port}` : ''} ${c.tlsVersion ?? 'no TLS'} application_name=${c.applicationName ?? '-'} startup user (untrusted)=${c.startupUser ?? '-'}`,
    );
    write(`-- started ${start.at}${end ? `, ended ${end.at} (${end.data.reason})` : ', not ended'}`);
  }
  write('');

  const printer = new ResultPrinter(write, input.maxRows ?? 100);
  const parser = new Parser();
  const decoder = new FrontendDecoder();
  const prepared = new Map<string, string>();
  const portals = new Map<string, string>();
  let pending = 0;
  let current: { startedUs: number; intents: Intent[] } | undefined;
  let originUs: number | undefined;
  let recorded = false;

  const decision = (i: Intent) => {
    const d = i.data.decision;
    write(`-- #${i.data.stmt} ${d.action} (rule ${d.ruleId}: ${d.reason})`);
    if (i.data.approval) {
      const events = input.approvals?.get(i.data.approval.approvalId) ?? [];
      const who = events
        .filter((e) => e.type === 'approval.approved' || e.type === 'approval.denied')
        .map((e) => {
          const x = e as AuditRecordOf<'approval.approved'>;
          return `${e.type.slice(9)} by ${x.data.approver.name} (${x.data.approver.id}) at ${e.at}`;
        });
      write(`-- approval ${i.data.approval.approvalId}${who.length ? `: ${who.join('; ')}` : ''}`);
    }
  };
  /**
   * Intents answered by this message: consecutive ones whose texts the message carries, in
   * order and without overlap (a message answers each of its statements once: the same
   * statement sent again in the next message, e.g. re-run after an approval, is the next
   * message's).
   */
  const take = (text: string, one: boolean): Intent[] => {
    const out: Intent[] = [];
    let from = 0;
    while (pending < intents.length) {
      const t = (intents[pending] as Intent).data.text.trim();
      const at = t ? text.indexOf(t, from) : -1;
      if (at < 0) break;
      from = at + t.length;
      out.push(intents[pending++] as Intent);
      if (one) break;
    }
    return out;
  };
  const summary = (endUs: number) => {
    if (!current) return;
    for (const i of current.intents) {
      const o = outcomes.get(i.data.stmt);
      if (!o) {
        write(`-- #${i.data.stmt}: no outcome recorded (the gateway stopped before the statement finished)`);
        continue;
      }
      const masked = o.data.masked.map((m) => `${m.column} ${m.entity} ${m.method} ×${m.count}`);
      write(
        `-- #${i.data.stmt} ${o.data.status}${o.data.sqlstate ? ` ${o.data.sqlstate}` : ''}, ${o.data.rows} rows, ${o.data.bytesOut} bytes, ${ms(o.data.durationUs)}${masked.length ? `; masked: ${masked.join(', ')}` : ''}`,
      );
    }
    write(`-- time: ${ms(endUs - current.startedUs)}`);
    write('');
    current = undefined;
  };
  const frontend = (m: FrontendMessage, atUs: number) => {
    const o = originUs ?? atUs;
    if (m.kind === 'query') {
      current = { startedUs: atUs, intents: take(m.text, false) };
      write(`[${offset(atUs, o)}] ${resource}=> ${m.text}`);
      for (const i of current.intents) decision(i);
    } else if (m.kind === 'parse') {
      prepared.set(m.name, m.text);
    } else if (m.kind === 'bind') {
      portals.set(m.portal, prepared.get(m.statement) ?? '');
    } else if (m.kind === 'execute') {
      const text = portals.get(m.portal) ?? '';
      const found = take(text, true);
      if (!current) current = { startedUs: atUs, intents: [] };
      current.intents.push(...found);
      write(`[${offset(atUs, o)}] ${resource}=> ${text}   -- extended protocol`);
      for (const i of found) decision(i);
    } else if (m.kind === 'copy-fail') {
      write(`-- client aborted COPY: ${m.message}`);
    } else if (m.kind === 'terminate') {
      write(`[${offset(atUs, o)}] -- client terminated the session`);
    }
  };

  for (const r of input.records) {
    if (r.type !== 'recording.segment') continue;
    recorded = true;
    const frames = decodeFrames(Buffer.from(r.data.payload, 'base64'), r.data.originUs);
    for (const f of frames) {
      originUs ??= f.atUs;
      if (f.direction === 'frontend') {
        decoder.push(f.bytes, (m) => frontend(m, f.atUs));
      } else {
        parser.parse(f.bytes, (m) => {
          if (printer.message(m)) summary(f.atUs);
        });
      }
    }
  }
  if (current) summary(current.startedUs);
  if (pending < intents.length) {
    write(
      recorded
        ? '-- statements without matching recorded frames:'
        : '-- recording off: statements from the audit records:',
    );
    for (const i of intents.slice(pending)) {
      write(`[${i.at}] ${resource}=> ${i.data.text}`);
      decision(i);
      current = { startedUs: 0, intents: [i] };
      const o = outcomes.get(i.data.stmt);
      summary(o ? o.data.durationUs : 0);
    }
  }
  if (end) {
    const c = end.data.counts;
    write(
      `-- session ended ${end.at}: ${end.data.reason}${c ? ` (${c.statements} statements, ${c.denied} denied, ${c.errors} errors, ${c.rows} rows, ${c.maskedValues} masked values)` : ''}${end.data.recovered ? ' [closed by crash recovery]' : ''}`,
    );
  }
}
