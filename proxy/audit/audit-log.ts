import { hostname } from 'node:os';
import { isoMs } from '../../core/audit/iso-time.js';
import { isValidSessionId, SYSTEM_CHAIN } from '../../core/audit/version.js';
import type { AuditConfig } from '../../core/config/audit.js';
import type { DeepReadonly } from '../../core/config/schema.js';
import type { Logger } from '../../core/logger.js';
import { SessionRecorder } from '../recording/session-recorder.js';
import { AuditSession } from './audit-session.js';
import { auditUnavailable, invalidAuditInput } from './errors.js';
import { FileSink } from './file/file-sink.js';
import { auditDir } from './file/layout.js';
import { acquireWriterLock } from './file/writer-lock.js';
import { GroupWriter } from './group-writer.js';
import { createParameterRecorder, loadParameterKey, type ParameterRecorder } from './parameter-recorder.js';
import type { Durability, Entry, WriterStats } from './queue-entry.js';
import { applyRetention, type RetentionResult } from './retention.js';
import type { AuditSink, SinkStats } from './sink.js';
import type { ApprovalEventInput, AuditHealth, SessionStartInput } from './types.js';

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export interface OpenAuditLogOptions {
  readonly config: DeepReadonly<AuditConfig>;
  /** The data dir (`<dataDir>/audit` unless `audit.dir` says otherwise; keys under `<dataDir>/keys`). */
  readonly dataDir: string;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Another sink than the configured one (the Azure pipeline; tests). */
  readonly sink?: AuditSink;
}

export interface AuditStats extends WriterStats {
  readonly sink: SinkStats;
}

/** The proxy's audit log: one per process, shared by every session. */
export interface AuditLog {
  /** Writes `session.start` and resolves when it is durable; rejects (AUDIT_UNAVAILABLE) to refuse the session. */
  openSession(start: SessionStartInput): Promise<AuditSession>;
  /** An approval event outside any session (decisions, expiries): the `approvals` chain. Durable before it resolves. */
  approval(event: ApprovalEventInput): Promise<void>;
  health(): AuditHealth;
  stats(): AuditStats;
  /** Removes log files older than `olderThanDays`, after a durable `retention.applied` record. */
  applyRetention(opts: { olderThanDays: number; reason?: string }): Promise<RetentionResult>;
  /** The audit directory of the file sink. */
  readonly dir: string;
  /** Writes `log.close` and releases the log. */
  close(): Promise<void>;
}

const iso = isoMs;

/**
 * Opens the audit log: takes the writer lock, recovers the tail (cuts a torn final write,
 * closes sessions a crashed writer left open), writes `log.open`, and is ready when that is
 * durable.
 */
export async function openAuditLog(opts: OpenAuditLogOptions): Promise<AuditLog> {
  const { config } = opts;
  const now = opts.clock ? () => opts.clock!.now() : Date.now;
  const dir = auditDir(opts.dataDir, config.dir);
  const sink =
    opts.sink ??
    new FileSink({
      dir,
      flush: config.flush,
      preallocBytes: Math.min(config.preallocateBytes, config.segmentMaxBytes),
    });
  const release = opts.sink ? async () => undefined : await lockAfterMkdir(dir);
  let params: ParameterRecorder;
  const writer = new GroupWriter({
    sink,
    segmentMaxBytes: config.segmentMaxBytes,
    maxBatchBytes: config.maxBatchBytes,
    maxPendingBytes: config.maxPendingBytes,
    retryMs: config.retryMs,
    now,
    logger: opts.logger,
  });
  const enqueue = (
    chain: string,
    type: Entry['type'],
    ms: number,
    data: Record<string, unknown>,
    d: Durability,
  ) =>
    new Promise<void>((resolve, reject) =>
      writer.enqueue({
        chain,
        type,
        at: iso(ms),
        data,
        durability: d,
        size: 600,
        resolve: () => resolve(),
        reject,
      }),
    );
  try {
    const key =
      config.parameters === 'hash' ? await loadParameterKey(opts.dataDir, config.parameterKeyEnv) : undefined;
    params = createParameterRecorder(config.parameters, key);
    const recovery = await sink.recover();
    const { clean, openSessions } = writer.restore(recovery);
    const t = now();
    const startup: Promise<void>[] = [
      enqueue(
        SYSTEM_CHAIN.log,
        'log.open',
        t,
        { pid: process.pid, writer: `phigate@${hostname()}`, flush: config.flush },
        'ack',
      ),
    ];
    if (!clean || recovery.torn) {
      const data = {
        segment: Math.max(1, recovery.segment),
        tornBytes: recovery.torn?.bytes ?? 0,
        tornSha256: recovery.torn?.sha256,
        openSessions: openSessions.length,
      };
      startup.push(enqueue(SYSTEM_CHAIN.log, 'log.recovered', t, data, 'ack'));
      for (const id of openSessions) {
        const end = { reason: 'gateway stopped without ending the session', recovered: true };
        startup.push(enqueue(id, 'session.end', t, end, 'ack'));
      }
    }
    await Promise.all(startup);
  } catch (e) {
    writer.stop();
    await sink.close().catch(() => undefined);
    await release();
    throw e;
  }
  opts.logger?.info({ event: 'audit.open', dir, segment: writer.segment }, 'audit log open');
  let closed = false;

  return {
    dir,
    async openSession(start: SessionStartInput): Promise<AuditSession> {
      if (closed) throw auditUnavailable('audit log closed');
      if (!isValidSessionId(start.sessionId))
        throw invalidAuditInput('session id is not a valid audit chain id');
      const p = start.principal;
      const startedMs = now();
      const startedNs = start.startedNs ?? process.hrtime.bigint();
      const data = {
        agent: {
          agentId: p.agentId,
          subject: p.subject,
          objectId: p.objectId,
          appId: p.appId,
          tenantId: p.tenantId,
          displayName: p.displayName,
          groups: [...p.groups],
          tokenId: p.tokenId,
          issuer: p.issuer,
          tokenExpiresAt: iso(p.expiresAt),
        },
        client: {
          address: start.client.address,
          port: start.client.port,
          tlsVersion: start.client.tlsVersion,
          applicationName: start.client.applicationName,
          startupUser: start.client.startupUser,
        },
        resource: start.resource,
        protocol: start.protocol ?? 'postgres',
        parameters: { mode: params.mode, keyId: params.keyId },
        recording: config.recording.enabled,
      };
      await enqueue(start.sessionId, 'session.start', startedMs, data, 'ack');
      const recorder = config.recording.enabled
        ? new SessionRecorder({
            segmentBytes: config.recording.segmentBytes,
            originMs: startedMs,
            originNs: startedNs,
          })
        : undefined;
      return new AuditSession({
        id: start.sessionId,
        writer,
        params,
        recorder,
        now,
        startedNs,
        flushMs: config.recording.flushMs,
      });
    },
    approval(event: ApprovalEventInput): Promise<void> {
      const { type, at, ...data } = event;
      const ms = Date.parse(at);
      return enqueue(SYSTEM_CHAIN.approvals, type, Number.isFinite(ms) ? ms : now(), data, 'ack-retain');
    },
    health(): AuditHealth {
      if (closed) return { ok: false, reason: 'audit log closed' };
      const failing = writer.failing;
      if (failing) return { ok: false, reason: failing };
      if (writer.overloaded) return { ok: false, reason: 'audit queue over its bound' };
      return { ok: true };
    },
    stats: () => ({ ...writer.stats, sink: sink.stats() }),
    applyRetention: (o) =>
      applyRetention({
        dir,
        writer,
        sink,
        now,
        olderThanDays: o.olderThanDays,
        reason: o.reason ?? 'retention',
      }),
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await writer.drain();
      await enqueue(SYSTEM_CHAIN.log, 'log.close', now(), { records: writer.stats.records + 1 }, 'ack').catch(
        (e: unknown) =>
          opts.logger?.error({ event: 'audit.close_failed', error: String(e) }, 'log.close not written'),
      );
      await writer.publishHead();
      writer.stop();
      await sink.close();
      await release();
    },
  };
}

async function lockAfterMkdir(dir: string): Promise<() => Promise<void>> {
  const { mkdir } = await import('node:fs/promises');
  await mkdir(dir, { recursive: true, mode: 0o750 });
  return acquireWriterLock(dir);
}
