/**
 * The relay of an established session: client frames go through the statement pipeline
 * to upstream, upstream frames come back through the statement's hooks (masking) to the
 * client. Frames nobody changes are forwarded as the very bytes received, coalesced into
 * one write per received chunk.
 */
import type { Socket } from 'node:net';
import { isPhigateError } from '../../../core/errors.js';
import { SQLSTATE } from '../../../core/sqlstate.js';
import type { PortalInfo, SessionPipeline, StatementOutcome, StatementRun } from '../../pipeline/types.js';
import { BE, FE, TX } from '../protocol/codes.js';
import {
  decodeBind,
  decodeExecute,
  decodeFields,
  decodeParse,
  decodeQuery,
  decodeTarget,
  ProtocolError,
  rowsFromTag,
} from '../protocol/decode.js';
import { ADVANCE, type Frame, FrameReader } from '../protocol/frame-reader.js';
import * as w from '../protocol/writer.js';
import { FIELD, type WireError } from '../protocol/writer.js';
import type { ReusableReads } from '../upstream/reusable-reads.js';
import { OutputBatch } from './output-batch.js';
import { type Pending, PendingQueue } from './pending.js';

export interface RelayHooks {
  /** Called once when the relay ends (either side closed, fatal error, or Terminate). */
  onEnd(reason: string): void;
  /** Metrics: a statement refused by the pipeline, a protocol error, bytes relayed. */
  onRefused(code: string): void;
  onBytes(direction: 'in' | 'out', n: number): void;
}

interface StatementEntry {
  text: string;
}
interface PortalEntry {
  statementName: string;
  text: string | undefined;
  params: (Buffer | null)[];
  paramFormats: number[];
  resultFormats: number[];
}

/** Probe sent upstream in place of a refused message: Describe of a statement that cannot exist.
 * It fails without side effects, so upstream enters the same error state (transaction aborted,
 * skip to Sync) as if the refused statement had failed; the relay swaps in phigate's error. */
const PROBE_NAME = '\u0001phigate.refused';
const PROBE = w.describe('S', PROBE_NAME);
const SYNC = w.sync();
/** Upper bound of client bytes read ahead of the pipeline before the client socket is paused. */
const CLIENT_BACKLOG = 1 << 20;
/** Output held for a pending audit intent beyond this pauses upstream. */
const HOLD_LIMIT = 1 << 20;

export class Relay {
  private readonly fe: FrameReader;
  private readonly be = new FrameReader(0x7fffffff);
  private readonly queue = new PendingQueue();
  private readonly statements = new Map<string, StatementEntry>();
  private readonly portals = new Map<string, PortalEntry>();
  private readonly toUpstream: OutputBatch;
  /** The upstream batch holds a message upstream answers on its own (see RUNNABLE). */
  private upstreamRunnable = false;
  private readonly toClient: OutputBatch;
  /** After a refused extended message we drop client messages until Sync, as the backend does. */
  private skipUntilSync = false;
  private recordingCongested = false;
  /** Statements forwarded ahead of their durable audit intent whose output is being held. */
  private gates = 0;
  private readonly heldReturns: Array<() => void> = [];
  private pumping = false;
  private ended = false;
  private txStatus: number;

  constructor(
    private readonly client: Socket,
    private readonly upstream: Socket,
    private readonly reads: ReusableReads,
    private readonly pipeline: SessionPipeline,
    private readonly hooks: RelayHooks,
    maxMessageBytes: number,
    txStatus: number,
  ) {
    this.fe = new FrameReader(maxMessageBytes);
    this.txStatus = txStatus;
    this.toUpstream = new OutputBatch(upstream, () => {
      if (!this.pumping) void this.pumpClient();
    });
    this.toClient = new OutputBatch(
      client,
      () => this.resumeUpstream(),
      (b) => {
        if (!pipeline.frame('backend', b)) this.recordingCongested = true;
      },
    );
  }

  /** Starts relaying; `clientLeftover`/`upstreamLeftover` are bytes read during startup. */
  start(clientLeftover: Buffer, upstreamLeftover: Buffer): void {
    this.client.on('data', (chunk: Buffer) => this.onClientData(chunk));
    this.reads.handler = (chunk: Buffer) => this.onUpstreamData(chunk);
    this.client.on('close', () => this.end('client closed'));
    this.client.on('error', () => this.end('client error'));
    this.upstream.on('close', () => this.upstreamClosed());
    this.upstream.on('error', () => this.upstreamClosed());
    if (upstreamLeftover.length) this.onUpstreamData(upstreamLeftover);
    if (clientLeftover.length) this.onClientData(clientLeftover);
  }

  get isIdle(): boolean {
    return this.queue.size === 0 && !this.pumping;
  }

  /** Ends the session with a FATAL error (token expiry, shutdown, idle timeout). */
  terminate(error: WireError): void {
    if (this.ended) return;
    this.upstream.end(w.terminate());
    if (this.be.bufferedBytes === 0) this.client.write(w.errorResponse(error));
    this.client.end();
    this.end(error.message);
  }

  // ---------------------------------------------------------------- client → upstream

  private onClientData(chunk: Buffer): void {
    this.hooks.onBytes('in', chunk.length);
    this.fe.push(chunk);
    if (this.fe.bufferedBytes > CLIENT_BACKLOG) this.client.pause();
    if (!this.pumping) void this.pumpClient();
  }

  private async pumpClient(): Promise<void> {
    this.pumping = true;
    try {
      while (!this.ended && !this.toUpstream.blocked) {
        const r = this.fe.next();
        if (r.kind === 'need-more') break;
        if (r.kind === 'too-large') {
          return this.fatal(SQLSTATE.protocolViolation, 'message exceeds the maximum allowed size');
        }
        if (r.kind === 'bad-length') return this.fatal(SQLSTATE.protocolViolation, 'invalid message length');
        const type = r.frame.type;
        const pending = this.onFrontend(r.frame);
        if (pending) {
          // Frames that only prepare (Bind, Describe, Parse, Close) wait in the batch for the
          // statement being admitted and go out with it in one write: upstream can do nothing
          // with them alone, and a write per part costs a syscall and a wakeup on each side.
          // Anything that makes upstream answer (an earlier Query, Execute, Sync, Flush) goes now.
          if (this.upstreamRunnable) this.flushUpstream();
          await pending;
        }
        if (RUNNABLE.has(type)) this.upstreamRunnable = true;
      }
      this.flushUpstream();
    } catch (e) {
      if (e instanceof ProtocolError) return this.fatal(SQLSTATE.protocolViolation, e.message);
      return this.fatal(SQLSTATE.internalError, 'internal error in the gateway');
    } finally {
      this.pumping = false;
    }
    if (this.client.isPaused() && this.fe.bufferedBytes < CLIENT_BACKLOG && !this.toUpstream.blocked)
      this.client.resume();
  }

  private flushUpstream(): void {
    this.toUpstream.flush();
    this.upstreamRunnable = false;
  }

  /** Handles one client frame; returns a promise only when the pipeline must wait (audit, approval). */
  private onFrontend(f: Frame): Promise<void> | undefined {
    switch (f.type) {
      case FE.query: {
        this.record(f);
        if (this.skipUntilSync) return undefined;
        const admission = this.pipeline.simple(decodeQuery(f));
        return settle(admission, (a) => {
          if (a.kind === 'forward') {
            if (a.durable) this.holdOutput(a.durable);
            this.queue.push({ k: 'simple', runs: a.runs, index: 0, rows: 0, bytes: 0 });
            this.toUpstream.add(f.bytes);
          } else {
            this.refuseSimple(a.error, a.notices);
          }
        });
      }
      case FE.parse: {
        this.record(f);
        if (this.skipUntilSync) return undefined;
        const msg = decodeParse(f);
        return settle(this.pipeline.parse(msg.name, msg.text), (a) => {
          if (a.kind === 'forward') {
            this.statements.set(msg.name, { text: msg.text });
            this.queue.push({ k: 'parse' });
            this.toUpstream.add(f.bytes);
          } else {
            this.statements.delete(msg.name);
            this.refuseExtended({ k: 'parse', refusal: a.error }, a.notices);
          }
        });
      }
      case FE.bind: {
        this.record(f);
        if (this.skipUntilSync) return undefined;
        const b = decodeBind(f);
        this.portals.set(b.portal, {
          statementName: b.statement,
          text: this.statements.get(b.statement)?.text,
          params: b.params,
          paramFormats: b.paramFormats,
          resultFormats: b.resultFormats,
        });
        this.queue.push({ k: 'bind' });
        this.toUpstream.add(f.bytes);
        return undefined;
      }
      case FE.describe: {
        this.record(f);
        if (this.skipUntilSync) return undefined;
        const d = decodeTarget(f, 'Describe');
        const portal = d.kind === 'P' ? this.portals.get(d.name) : undefined;
        const run = this.pipeline.describe?.(
          d.kind === 'S'
            ? { kind: 'S', name: d.name, text: this.statements.get(d.name)?.text }
            : {
                kind: 'P',
                name: d.name,
                statementName: portal?.statementName ?? '',
                text: portal?.text,
                resultFormats: portal?.resultFormats ?? [],
              },
        );
        this.queue.push({ k: 'describe', statement: d.kind === 'S', ...(run ? { run } : {}) });
        this.toUpstream.add(f.bytes);
        return undefined;
      }
      case FE.execute: {
        this.record(f);
        if (this.skipUntilSync) return undefined;
        const e = decodeExecute(f);
        const p = this.portals.get(e.portal);
        const info: PortalInfo = {
          portal: e.portal,
          statementName: p?.statementName ?? '',
          text: p?.text,
          params: p?.params ?? [],
          paramFormats: p?.paramFormats ?? [],
          resultFormats: p?.resultFormats ?? [],
          maxRows: e.maxRows,
        };
        return settle(this.pipeline.execute(info), (a) => {
          if (a.kind === 'forward') {
            if (a.durable) this.holdOutput(a.durable);
            this.queue.push({ k: 'execute', run: a.runs[0], rows: 0, bytes: 0 });
            this.toUpstream.add(f.bytes);
          } else {
            this.refuseExtended(
              { k: 'execute', run: undefined, rows: 0, bytes: 0, refusal: a.error },
              a.notices,
            );
          }
        });
      }
      case FE.close: {
        this.record(f);
        if (this.skipUntilSync) return undefined;
        const c = decodeTarget(f, 'Close');
        (c.kind === 'S' ? this.statements : this.portals).delete(c.name);
        this.pipeline.close?.(c.kind, c.name);
        this.queue.push({ k: 'close' });
        this.toUpstream.add(f.bytes);
        return undefined;
      }
      case FE.sync:
        this.record(f);
        this.skipUntilSync = false;
        this.queue.push({ k: 'sync' });
        this.toUpstream.add(f.bytes);
        return undefined;
      case FE.flush:
      case FE.copyData:
      case FE.copyDone:
      case FE.copyFail:
        this.record(f);
        this.toUpstream.add(f.bytes);
        return undefined;
      case FE.functionCall: {
        this.record(f);
        if (this.skipUntilSync) return undefined;
        const a = this.pipeline.fastpath();
        if (a.kind === 'refuse') this.refuseSimple(a.error, a.notices);
        else {
          this.queue.push({ k: 'simple', runs: a.runs, index: 0, rows: 0, bytes: 0 });
          this.toUpstream.add(f.bytes);
        }
        return undefined;
      }
      case FE.terminate:
        this.record(f);
        this.toUpstream.add(f.bytes);
        this.toUpstream.flush();
        this.upstream.end();
        this.client.end();
        this.end('client terminated');
        return undefined;
      default:
        throw new ProtocolError(`invalid frontend message type ${f.type}`);
    }
  }

  private record(f: Frame): void {
    if (!this.pipeline.frame('frontend', f.bytes)) this.recordingCongested = true;
  }

  /** A refused simple Query: the probe plus Sync makes upstream fail and answer ReadyForQuery. */
  private refuseSimple(error: WireError, notices: readonly Buffer[] | undefined): void {
    this.hooks.onRefused(error.code);
    this.queue.push({ k: 'simple', runs: [], index: 0, rows: 0, bytes: 0, refusal: error });
    this.sendNotices(notices);
    this.toUpstream.add(PROBE);
    this.toUpstream.add(SYNC);
  }

  private refuseExtended(entry: Pending, notices: readonly Buffer[] | undefined): void {
    this.hooks.onRefused((entry as { refusal: WireError }).refusal.code);
    this.queue.push(entry);
    this.sendNotices(notices);
    this.toUpstream.add(PROBE);
    this.skipUntilSync = true;
  }

  /** NoticeResponse may arrive between any two backend messages, so it can go out at once. */
  notice(notice: Buffer): void {
    if (this.ended) return;
    this.toClient.add(notice);
    this.toClient.flush();
  }

  private sendNotices(notices: readonly Buffer[] | undefined): void {
    for (const n of notices ?? []) this.notice(n);
  }

  // ---------------------------------------------------------------- upstream → client

  private onUpstreamData(chunk: Buffer): void {
    const be = this.be;
    be.push(chunk);
    try {
      for (;;) {
        const r = be.advance();
        if (r === ADVANCE.needMore) break;
        if (r !== ADVANCE.frame) {
          this.fatal(SQLSTATE.protocolViolation, 'upstream sent an invalid message');
          return;
        }
        this.onBackend(be.type, be.buf, be.start, be.end);
      }
    } catch (e) {
      // A stage could not transform a message (masking): nothing more of this result may
      // reach the client unprocessed, so the session ends here (fail closed).
      this.toClient.discard();
      const code = isPhigateError(e) ? e.sqlstate : SQLSTATE.maskingUnavailable;
      this.fatal(
        code,
        isPhigateError(e) ? e.message : 'a result could not be masked; the session is closed (fail closed)',
      );
      return;
    }
    // The chunk lives in a reusable read buffer: copy what must outlive this call, and lend
    // the buffer to the client socket until the write of its bytes is done.
    be.release(chunk);
    const giveBack = this.reads.lend();
    if (this.gates > 0) {
      // A statement ran before its audit intent was durable (a read): nothing leaves until it is.
      this.heldReturns.push(giveBack);
      if (this.toClient.pendingBytes > HOLD_LIMIT) this.upstream.pause();
      return;
    }
    this.flushToClient(giveBack);
  }

  private flushToClient(giveBack: () => void): void {
    const n = this.toClient.flush(giveBack);
    if (this.client.writableLength === 0) giveBack();
    this.hooks.onBytes('out', n);
    if (this.toClient.blocked) this.upstream.pause();
    if (this.recordingCongested) {
      // The session recording cannot keep up: read no more until it can (bounded memory).
      this.upstream.pause();
      void (this.pipeline.whenWritable?.() ?? Promise.resolve()).then(() => {
        this.recordingCongested = false;
        this.resumeUpstream();
      });
    }
  }

  private resumeUpstream(): void {
    if (!this.toClient.blocked && !this.recordingCongested && this.gates === 0 && !this.ended)
      this.upstream.resume();
  }

  /**
   * Holds every byte for the client until `durable` resolves (the statement's audit intent),
   * then lets it go; if the intent cannot be made durable, the session ends (fail closed).
   */
  private holdOutput(durable: Promise<unknown>): void {
    this.gates++;
    durable.then(
      () => {
        if (--this.gates > 0 || this.ended) return;
        const returns = this.heldReturns.splice(0);
        this.flushToClient(() => {
          for (const r of returns) r();
        });
        this.resumeUpstream();
      },
      (e: unknown) => {
        this.gates--;
        this.toClient.discard();
        for (const r of this.heldReturns.splice(0)) r();
        this.fatal(
          SQLSTATE.auditUnavailable,
          isPhigateError(e) ? e.message : 'the audit log cannot record this statement',
        );
      },
    );
  }

  /** One backend frame, `buf[start, end)`; views are made only where a hook or decoder needs one. */
  private onBackend(type: number, buf: Buffer, start: number, end: number): void {
    const head = this.queue.peek();
    switch (type) {
      case BE.dataRow:
        if (head && (head.k === 'execute' || head.k === 'simple')) break;
        return this.toClient.addRange(buf, start, end);
      case BE.noticeResponse: {
        const hook = this.hook(head)?.errorOrNotice;
        return hook
          ? this.toClient.add(hook(buf.subarray(start, end)))
          : this.toClient.addRange(buf, start, end);
      }
      case BE.notificationResponse:
        return this.toClient.addRange(buf, start, end);
      case BE.parameterStatus: {
        const nameEnd = buf.indexOf(0, start + 5);
        const valueEnd = buf.indexOf(0, nameEnd + 1);
        if (nameEnd > 0 && valueEnd > nameEnd && valueEnd < end) {
          this.pipeline.parameterStatus?.(
            buf.toString('utf8', start + 5, nameEnd),
            buf.toString('utf8', nameEnd + 1, valueEnd),
          );
        }
        return this.toClient.addRange(buf, start, end);
      }
      case BE.readyForQuery: {
        this.txStatus = buf[start + 5]!;
        if (head && (head.k === 'simple' || head.k === 'sync')) {
          if (head.k === 'simple') this.finishSimpleRemainder(head);
          this.queue.shift();
        }
        if (this.txStatus === TX.idle) this.portals.clear();
        return this.toClient.addRange(buf, start, end);
      }
      case BE.errorResponse:
        return this.onBackendError(head, buf.subarray(start, end));
    }
    if (!head) return this.toClient.addRange(buf, start, end);
    switch (head.k) {
      case 'parse':
      case 'bind':
      case 'close':
        this.queue.shift();
        return this.toClient.addRange(buf, start, end);
      case 'describe': {
        if (type === BE.parameterDescription) return this.toClient.addRange(buf, start, end);
        this.queue.shift();
        const hook = type === BE.rowDescription ? head.run?.rowDescription : undefined;
        return hook
          ? this.toClient.add(hook(buf.subarray(start, end)))
          : this.toClient.addRange(buf, start, end);
      }
      case 'execute':
        return this.onResult(head, head.run, type, buf, start, end);
      case 'simple':
        return this.onResult(head, head.runs[head.index], type, buf, start, end);
      case 'sync':
        return this.toClient.addRange(buf, start, end);
    }
  }

  /** Result messages of an Execute or of the current statement of a simple Query. */
  private onResult(
    head: Extract<Pending, { k: 'execute' | 'simple' }>,
    run: StatementRun | undefined,
    type: number,
    buf: Buffer,
    start: number,
    end: number,
  ): void {
    let hook: ((frame: Buffer) => Buffer) | undefined;
    switch (type) {
      case BE.dataRow: {
        head.rows++;
        const masked = run?.dataRow?.(buf, start, end);
        if (masked) {
          head.bytes += masked.length;
          this.toClient.add(masked);
        } else {
          head.bytes += end - start;
          this.toClient.addRange(buf, start, end);
        }
        return;
      }
      case BE.rowDescription:
        hook = run?.rowDescription;
        break;
      case BE.copyData:
        hook = run?.copyData;
        break;
      case BE.copyOutResponse:
        hook = run?.copyOutResponse;
        break;
      case BE.copyDone:
        run?.copyDone?.();
        break;
      case BE.commandComplete:
      case BE.emptyQueryResponse:
      case BE.portalSuspended: {
        head.bytes += end - start;
        const tag = type === BE.commandComplete ? buf.toString('utf8', start + 5, end - 1) : undefined;
        this.toClient.addRange(buf, start, end);
        this.finishRun(head, run, {
          tag,
          rows: (tag !== undefined ? rowsFromTag(tag) : undefined) ?? head.rows,
          bytesOut: head.bytes,
          errorCode: undefined,
          suspended: type === BE.portalSuspended,
        });
        return;
      }
    }
    if (hook) {
      const out = hook(buf.subarray(start, end));
      head.bytes += out.length;
      this.toClient.add(out);
    } else {
      head.bytes += end - start;
      this.toClient.addRange(buf, start, end);
    }
  }

  private finishRun(
    head: Extract<Pending, { k: 'execute' | 'simple' }>,
    run: StatementRun | undefined,
    o: StatementOutcome,
  ) {
    run?.finish(o);
    head.rows = 0;
    head.bytes = 0;
    if (head.k === 'simple') head.index++;
    else this.queue.shift();
  }

  /** Statements of a simple Query that never ran (an earlier one failed) still get an outcome. */
  private finishSimpleRemainder(head: Extract<Pending, { k: 'simple' }>): void {
    while (head.index < head.runs.length) {
      head.runs[head.index++]!.finish({
        tag: undefined,
        rows: 0,
        bytesOut: 0,
        errorCode: 'not-run',
        suspended: false,
      });
    }
  }

  private onBackendError(head: Pending | undefined, bytes: Buffer): void {
    const refusal = head && 'refusal' in head ? head.refusal : undefined;
    let out = bytes;
    let code: string | undefined;
    if (refusal) {
      out = w.errorResponse(refusal);
      code = refusal.code;
    } else {
      code = decodeFields({ type: BE.errorResponse, bytes, bodyOffset: 5 }).get(FIELD.code);
      const run = this.hook(head);
      if (run?.errorOrNotice) out = run.errorOrNotice(bytes);
    }
    if (head?.k === 'simple') {
      const run = head.runs[head.index];
      if (run)
        this.finishRun(head, run, {
          tag: undefined,
          rows: head.rows,
          bytesOut: head.bytes,
          errorCode: code,
          suspended: false,
        });
      // The rest of the batch does not run; ReadyForQuery follows.
      this.finishSimpleRemainder(head);
    } else if (head && head.k !== 'sync') {
      this.queue.shift();
      if (head.k === 'execute')
        head.run?.finish({
          tag: undefined,
          rows: head.rows,
          bytesOut: head.bytes,
          errorCode: code,
          suspended: false,
        });
      this.queue.dropUntilSync((p) => {
        if (p.k === 'execute')
          p.run?.finish({ tag: undefined, rows: 0, bytesOut: 0, errorCode: 'not-run', suspended: false });
      });
    }
    this.toClient.add(out);
  }

  private hook(head: Pending | undefined): StatementRun | undefined {
    if (!head) return undefined;
    if (head.k === 'simple') return head.runs[head.index];
    if (head.k === 'execute') return head.run;
    return undefined;
  }

  // ---------------------------------------------------------------- endings

  private fatal(code: string, message: string): void {
    if (this.ended) return;
    this.hooks.onRefused(code);
    this.toClient.add(w.errorResponse({ severity: 'FATAL', code, message }));
    this.toClient.flush();
    this.client.end();
    this.upstream.destroy();
    this.end(message);
  }

  private upstreamClosed(): void {
    if (this.ended) return;
    // Whatever upstream said last (often a FATAL ErrorResponse) was already relayed.
    if (!this.client.destroyed && this.queue.size > 0) {
      this.client.write(
        w.errorResponse({
          severity: 'FATAL',
          code: SQLSTATE.connectionFailure,
          message: 'upstream connection closed',
        }),
      );
    }
    this.client.end();
    this.end('upstream closed');
  }

  private end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.queue.clear((p) => {
      if (p.k === 'simple') this.finishSimpleRemainder(p);
      else if (p.k === 'execute')
        p.run?.finish({ tag: undefined, rows: 0, bytesOut: 0, errorCode: 'session-ended', suspended: false });
    });
    this.upstream.destroy();
    if (!this.client.destroyed) this.client.end();
    this.hooks.onEnd(reason);
  }
}

/** Runs `then` now for a value, or after the promise for a promise (keeps the sync path sync). */
/** Frontend messages after which upstream sends something without waiting for more. */
const RUNNABLE: ReadonlySet<number> = new Set([
  FE.query,
  FE.execute,
  FE.sync,
  FE.flush,
  FE.copyData,
  FE.copyDone,
  FE.copyFail,
  FE.functionCall,
]);

function settle<T>(value: T | Promise<T>, then: (v: T) => void): Promise<void> | undefined {
  if (value instanceof Promise) return value.then(then);
  then(value);
  return undefined;
}
