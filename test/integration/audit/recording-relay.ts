/**
 * A minimal PostgreSQL relay for the audit tests: real clients talk to a real server through
 * it, and it drives the audit API the way the gateway's pipeline does — `session.start` before
 * anything flows, a durable intent before each statement goes upstream, refusals for a deny
 * rule, masking of one column (`ssn`) in DataRows, frames as delivered, outcomes at
 * ReadyForQuery. It stands in for the wire front end until that is wired to the audit log; the
 * audit side (files, chains, recording) is the real one.
 */
import { createServer, type Server, Socket } from 'node:net';
import type { AuditLog } from '../../../proxy/audit/audit-log.js';
import type { AuditSession } from '../../../proxy/audit/audit-session.js';
import type { StatementIntentInput, StatementTicket } from '../../../proxy/audit/types.js';
import { principal } from '../../unit/proxy/audit/fixtures.js';

export interface RelayOptions {
  readonly audit: AuditLog;
  readonly upstream: { host: string; port: number };
  readonly agentId: string;
  /** Statements matching this are refused with 42501 and never forwarded. */
  readonly deny: RegExp;
  /** Statements matching this need approval; the relay records a request and Alice's approval, then runs them. */
  readonly approve: RegExp;
}

export interface Relay {
  readonly port: number;
  /** Session ids in the order clients connected. */
  readonly sessions: string[];
  close(): Promise<void>;
}

const message = (type: string, body: Buffer) => {
  const out = Buffer.alloc(5 + body.length);
  out.write(type, 0);
  out.writeInt32BE(4 + body.length, 1);
  body.copy(out, 5);
  return out;
};

function errorResponse(code: string, text: string): Buffer {
  const fields = Buffer.from(`SERROR\0VERROR\0C${code}\0M${text}\0\0`);
  return Buffer.concat([message('E', fields), message('Z', Buffer.from('I'))]);
}

/** Splits a byte stream into whole messages; `untyped` first for the startup packet. */
class Splitter {
  #buf = Buffer.alloc(0);
  constructor(private untyped: boolean) {}
  push(chunk: Buffer): Buffer[] {
    this.#buf = Buffer.concat([this.#buf, chunk]);
    const out: Buffer[] = [];
    for (;;) {
      const head = this.untyped ? 0 : 1;
      if (this.#buf.length < head + 4) break;
      const len = this.#buf.readInt32BE(head) + head;
      if (this.#buf.length < len) break;
      out.push(this.#buf.subarray(0, len));
      this.#buf = this.#buf.subarray(len);
      this.untyped = false;
    }
    return out;
  }
}

const cstr = (b: Buffer, o: number) => {
  const z = b.indexOf(0, o);
  return { value: b.toString('utf8', o, z), next: z + 1 };
};

let counter = 0;

export async function startRelay(o: RelayOptions): Promise<Relay> {
  const sessions: string[] = [];
  const server: Server = createServer((client) => void handle(client));

  async function handle(client: Socket): Promise<void> {
    const upstream = new Socket();
    upstream.setNoDelay(true);
    client.setNoDelay(true);
    upstream.connect(o.upstream.port, o.upstream.host);
    const sessionId = `relay-${process.pid}-${++counter}`;
    sessions.push(sessionId);
    const s: AuditSession = await o.audit.openSession({
      sessionId,
      principal: principal(o.agentId),
      resource: 'ehr',
      client: {
        address: client.remoteAddress ?? '?',
        port: client.remotePort,
        applicationName: 'relay-test',
        startupUser: 'postgres',
      },
    });
    const front = new Splitter(true);
    const back = new Splitter(false);
    let started = false;
    const prepared = new Map<string, string>();
    const portals = new Map<string, { text: string; params: (Buffer | null)[] }>();
    const pending: { ticket: StatementTicket; path: 'simple' | 'extended' }[] = [];
    let rows = 0;
    let bytesOut = 0;
    let tag: string | undefined;
    let sqlstate: string | undefined;
    let columns: { name: string; typeOid: number }[] = [];
    let ssnIndex = -1;
    let masked = 0;
    let chain = Promise.resolve();

    const decide = (text: string): StatementIntentInput['decision'] =>
      o.deny.test(text)
        ? { action: 'deny', ruleId: 'deny-ddl', reason: 'DDL is not allowed' }
        : o.approve.test(text)
          ? { action: 'approve', ruleId: 'approve-phi-write', reason: 'writes to a PHI table need approval' }
          : { action: 'allow', ruleId: 'default-allow', reason: 'read allowed' };

    /** The approval flow as the approval service reports it: requested (session), approved (approvals chain). */
    const approve = async (text: string): Promise<{ approvalId: string; kind: 'once' }> => {
      const approvalId = `ap-${sessionId}-${pending.length + 1}`;
      const requestedAt = new Date().toISOString();
      await s.approval({
        type: 'approval.requested',
        approvalId,
        at: requestedAt,
        agentId: o.agentId,
        resource: 'ehr',
        fingerprint: `fp-${text.length}`,
        ruleId: 'approve-phi-write',
        scope: { kind: 'once', validForMs: 600_000 },
        expiresAt: new Date(Date.now() + 900_000).toISOString(),
        sessionId,
      });
      await o.audit.approval({
        type: 'approval.approved',
        approvalId,
        at: new Date().toISOString(),
        agentId: o.agentId,
        resource: 'ehr',
        approver: { id: 'alice@example.org', name: 'Alice' },
        requestedAt,
      });
      return { approvalId, kind: 'once' };
    };

    const onFrontend = async (m: Buffer) => {
      if (!started) {
        started = true; // the startup packet is not part of the recording (the session opens after it)
        upstream.write(m);
        return;
      }
      s.frame('frontend', m);
      const type = String.fromCharCode(m[0] as number);
      if (type === 'Q') {
        const text = cstr(m, 5).value;
        const decision = decide(text);
        if (decision.action === 'deny') {
          const err = errorResponse('42501', `denied by rule deny-ddl: DDL is not allowed`);
          s.refused(
            { text, path: 'simple', decision },
            { rows: 0, bytesOut: err.length, sqlstate: '42501', errorCode: 'POLICY_DENIED' },
          );
          s.frame('backend', err);
          client.write(err);
          return;
        }
        const approval = decision.action === 'approve' ? await approve(text) : undefined;
        pending.push({
          ticket: await s.intent({ text, path: 'simple', decision, approval }),
          path: 'simple',
        });
      } else if (type === 'P') {
        const name = cstr(m, 5);
        prepared.set(name.value, cstr(m, name.next).value);
      } else if (type === 'B') {
        const portal = cstr(m, 5);
        const stmt = cstr(m, portal.next);
        let off = stmt.next;
        const nf = m.readInt16BE(off);
        off += 2 + 2 * nf;
        const np = m.readInt16BE(off);
        off += 2;
        const params: (Buffer | null)[] = [];
        for (let i = 0; i < np; i++) {
          const len = m.readInt32BE(off);
          off += 4;
          params.push(len < 0 ? null : m.subarray(off, off + len));
          off += Math.max(0, len);
        }
        portals.set(portal.value, { text: prepared.get(stmt.value) ?? '', params });
      } else if (type === 'E') {
        const p = portals.get(cstr(m, 5).value);
        const text = p?.text ?? '';
        pending.push({
          ticket: await s.intent({ text, path: 'extended', params: p?.params, decision: decide(text) }),
          path: 'extended',
        });
      }
      upstream.write(m);
    };

    const onBackend = (m: Buffer) => {
      const type = String.fromCharCode(m[0] as number);
      let out = m;
      if (type === 'T') {
        const n = m.readInt16BE(5);
        columns = [];
        ssnIndex = -1;
        let off = 7;
        for (let i = 0; i < n; i++) {
          const name = cstr(m, off);
          off = name.next;
          const typeOid = m.readInt32BE(off + 6);
          off += 18;
          if (name.value === 'ssn') ssnIndex = i;
          columns.push({ name: name.value, typeOid });
        }
      } else if (type === 'D') {
        rows++;
        if (ssnIndex >= 0) out = maskColumn(m, ssnIndex, () => masked++);
      } else if (type === 'C') {
        tag = cstr(m, 5).value;
      } else if (type === 'E') {
        const fields = m.toString('utf8', 5);
        sqlstate = /(?:^|\0)C([0-9A-Z]{5})\0/.exec(fields)?.[1];
      }
      bytesOut += out.length;
      s.frame('backend', out);
      client.write(out);
      // Extended statements end at their CommandComplete / error / suspension; simple queries at ReadyForQuery.
      const front = pending[0];
      if (
        front &&
        ((front.path === 'extended' && 'CEsI'.includes(type)) || (front.path === 'simple' && type === 'Z'))
      ) {
        pending.shift();
        s.outcome(front.ticket, {
          rows,
          bytesOut,
          tag,
          sqlstate,
          columns,
          masked: masked > 0 ? [{ column: 'ssn', entity: 'SSN', method: 'partial', count: masked }] : [],
        });
        rows = 0;
        bytesOut = 0;
        tag = undefined;
        sqlstate = undefined;
        columns = [];
        masked = 0;
      }
    };

    client.on('data', (d) => {
      const msgs = front.push(d);
      chain = chain.then(async () => {
        for (const m of msgs) await onFrontend(m);
      });
    });
    upstream.on('data', (d) => {
      for (const m of back.push(d)) onBackend(m);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      void chain.then(() => s.end({ reason: 'client terminated' }));
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : 0,
    sessions,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Replaces one text column's value by `***-**-` + its last four characters (partial masking). */
function maskColumn(m: Buffer, index: number, count: () => void): Buffer {
  const n = m.readInt16BE(5);
  const parts: Buffer[] = [];
  let off = 7;
  for (let i = 0; i < n; i++) {
    const len = m.readInt32BE(off);
    const value = len < 0 ? null : m.subarray(off + 4, off + 4 + len);
    off += 4 + Math.max(0, len);
    let v = value;
    if (i === index && value) {
      v = Buffer.from(`***-**-${value.toString('utf8').slice(-4)}`);
      count();
    }
    const lenBuf = Buffer.alloc(4);
    lenBuf.writeInt32BE(v ? v.length : -1);
    parts.push(lenBuf);
    if (v) parts.push(v);
  }
  const head = Buffer.alloc(2);
  head.writeInt16BE(n);
  return message('D', Buffer.concat([head, ...parts]));
}
