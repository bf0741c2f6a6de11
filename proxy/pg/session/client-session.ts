/**
 * One client connection from accept to close: startup (TLS, cancel), token authentication,
 * resource selection, upstream connection with phigate's own credentials, then the relay.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { SecureContext } from 'node:tls';
import type { ResourceConfig } from '../../../core/config/schema.js';
import { isPhigateError } from '../../../core/errors.js';
import type { Principal } from '../../../core/identity/principal.js';
import type { Logger } from '../../../core/logger.js';
import { SQLSTATE } from '../../../core/sqlstate.js';
import type { StatementPipeline } from '../../pipeline/types.js';
import { FE } from '../protocol/codes.js';
import * as w from '../protocol/writer.js';
import { connectUpstream, type UpstreamTarget } from '../upstream/connect.js';
import type { CancelRegistry } from './cancel-registry.js';
import { Relay } from './relay.js';
import { readStartup } from './startup.js';
import { checkStartupParams } from './startup-params.js';
import { WireFatal } from './wire-fatal.js';

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

export interface SessionDeps {
  readonly logger: Logger;
  readonly verifier: TokenVerifier;
  readonly resources: ReadonlyMap<string, { config: ResourceConfig; target: UpstreamTarget }>;
  readonly pipeline: StatementPipeline;
  readonly cancels: CancelRegistry;
  readonly secureContext: SecureContext | undefined;
  /** Token auth without TLS is refused unless this says the peer may (dev, loopback). */
  readonly allowPlaintext: (remoteAddress: string | undefined) => boolean;
  readonly limits: {
    readonly maxMessageBytes: number;
    readonly startupTimeoutMs: number;
    readonly idleTimeoutMs: number;
  };
  readonly admitSession: () => boolean;
  readonly metrics: SessionMetrics;
}

export interface SessionMetrics {
  sessionOpened(): void;
  sessionClosed(): void;
  authFailed(code: string): void;
  error(code: string): void;
  bytes(direction: 'in' | 'out', n: number): void;
}

/** Upper bound of the password message, which carries the access token. */
const MAX_TOKEN_MESSAGE = 64 * 1024;
/** Node timers hold at most 2^31-1 ms. */
const MAX_TIMER = 0x7fffffff;

export async function handleConnection(raw: Socket, deps: SessionDeps): Promise<void> {
  raw.setNoDelay(true);
  const log = deps.logger;
  let socket: Socket = raw;
  const startupTimer = setTimeout(() => {
    sendFatal(socket, SQLSTATE.connectionFailure, 'canceling authentication due to timeout');
  }, deps.limits.startupTimeoutMs);
  raw.on('error', () => undefined);
  try {
    const st = await readStartup(raw, deps.secureContext);
    if (st.kind === 'cancel') {
      clearTimeout(startupTimer);
      raw.end();
      await deps.cancels.cancel(st.pid, st.secret);
      return;
    }
    socket = st.socket;
    socket.on('error', () => undefined);
    if (!st.tlsVersion && !deps.allowPlaintext(raw.remoteAddress)) {
      throw new WireFatal(
        SQLSTATE.invalidAuthorizationSpecification,
        'phigate requires TLS: connect with sslmode=require (the password is an access token)',
      );
    }
    if (!deps.admitSession())
      throw new WireFatal(SQLSTATE.tooManyConnections, 'sorry, too many clients already');
    const params = checkStartupParams(st.params);
    if (st.minor > 0 || params.unrecognizedProtocolOptions.length > 0) {
      socket.write(w.negotiateProtocolVersion(0, params.unrecognizedProtocolOptions));
    }

    // Authentication: the password is the OIDC access token; identity comes from it alone.
    socket.write(w.authenticationCleartextPassword());
    st.source.reader.setTyped(true);
    const pw = await st.source.next();
    if (pw.kind !== 'frame' || pw.frame.type !== FE.password || pw.frame.bytes.length > MAX_TOKEN_MESSAGE) {
      throw new WireFatal(SQLSTATE.protocolViolation, 'expected a password message carrying an access token');
    }
    const tokenEnd = pw.frame.bytes.indexOf(0, 5);
    const token = pw.frame.bytes.toString('utf8', 5, tokenEnd < 0 ? pw.frame.bytes.length : tokenEnd);
    let principal: Principal;
    try {
      principal = await deps.verifier.verify(token);
    } catch (e) {
      const code = isPhigateError(e) ? e.code : 'TOKEN_INVALID';
      deps.metrics.authFailed(code);
      log.warn({ event: 'auth.failed', code, client: raw.remoteAddress }, 'token rejected');
      if (isPhigateError(e)) throw new WireFatal(e.sqlstate, e.message, e.detail, e.hint);
      throw new WireFatal(SQLSTATE.invalidPassword, 'access token could not be verified');
    }

    const resource = deps.resources.get(params.database);
    if (!resource) {
      throw new WireFatal(
        SQLSTATE.invalidCatalogName,
        `resource "${params.database}" is not registered with phigate`,
      );
    }
    const upstream = await connectUpstream(resource.target, params.forward).catch((e) => {
      log.error(
        {
          event: 'upstream.connect_failed',
          resource: resource.config.name,
          code: e?.code,
          cause: e?.cause?.message,
        },
        'upstream connection failed',
      );
      if (isPhigateError(e))
        throw new WireFatal(e.sqlstate, `${e.message} (resource "${resource.config.name}")`, e.detail);
      throw e;
    });
    const sessionId = randomUUID();
    const ctx = {
      sessionId,
      principal,
      resource: resource.config,
      client: {
        address: raw.remoteAddress ?? 'unknown',
        port: raw.remotePort ?? 0,
        tlsVersion: st.tlsVersion,
        applicationName: st.params.get('application_name'),
        startupUser: st.params.get('user'),
      },
      startedAt: new Date(),
    };
    let relay: Relay | undefined;
    const parameters = new Map<string, string>();
    for (const ps of upstream.parameterStatus) {
      const nameEnd = ps.indexOf(0, 5);
      parameters.set(ps.toString('utf8', 5, nameEnd), ps.toString('utf8', nameEnd + 1, ps.length - 1));
    }
    let pipeline: Awaited<ReturnType<StatementPipeline['openSession']>>;
    try {
      pipeline = await deps.pipeline.openSession(ctx, { notice: (b) => relay?.notice(b), parameters });
    } catch (e) {
      upstream.socket.destroy();
      if (isPhigateError(e)) throw new WireFatal(e.sqlstate, e.message, e.detail);
      throw e;
    }

    // Our own cancel key; the upstream's real key stays here.
    const pid = randomInt(1, 0x7fffffff);
    const secret = randomInt(0, 0x7fffffff);
    clearTimeout(startupTimer);
    const greeting = [
      w.authenticationOk(),
      ...upstream.parameterStatus,
      w.backendKeyData(pid, secret),
      w.readyForQuery(upstream.txStatus),
    ];
    socket.write(Buffer.concat(greeting));
    const leftover = st.source.detach();

    deps.metrics.sessionOpened();
    log.info(
      {
        event: 'session.start',
        session: sessionId,
        agent: principal.agentId,
        resource: resource.config.name,
        tls: st.tlsVersion ?? 'none',
      },
      'session started',
    );
    let expiryTimer: NodeJS.Timeout | undefined;
    let idleTimer: NodeJS.Timeout | undefined;
    relay = new Relay(
      socket,
      upstream.socket,
      upstream.reads,
      pipeline,
      {
        onEnd: (reason) => {
          clearTimeout(expiryTimer);
          clearTimeout(idleTimer);
          deps.cancels.unregister(pid, secret);
          deps.metrics.sessionClosed();
          log.info({ event: 'session.end', session: sessionId, reason }, 'session ended');
          void pipeline
            .end(reason)
            .catch((e) =>
              log.error(
                { event: 'session.end_failed', session: sessionId, err: e?.code },
                'session end not recorded',
              ),
            );
        },
        onRefused: (code) => deps.metrics.error(code),
        onBytes: (d, n) => deps.metrics.bytes(d, n),
      },
      deps.limits.maxMessageBytes,
      upstream.txStatus,
    );
    deps.cancels.register(pid, secret, resource.target, upstream.backendPid, upstream.backendSecret, () =>
      pipeline.cancel?.(),
    );
    relay.start(leftover, upstream.leftover);
    const live = relay;

    // A session ends when its token expires.
    const ttl = principal.expiresAt - Date.now();
    expiryTimer = setTimeout(
      () =>
        live.terminate({
          severity: 'FATAL',
          code: SQLSTATE.invalidAuthorizationSpecification,
          message: 'terminating connection because the access token expired; reconnect with a new token',
        }),
      Math.max(0, Math.min(ttl, MAX_TIMER)),
    );
    if (deps.limits.idleTimeoutMs > 0) {
      const idle = deps.limits.idleTimeoutMs;
      let last = Date.now();
      socket.on('data', () => {
        last = Date.now();
      });
      const check = () => {
        const quiet = Date.now() - last;
        if (quiet >= idle && live.isIdle) {
          live.terminate({
            severity: 'FATAL',
            code: SQLSTATE.idleSessionTimeout,
            message: 'terminating connection due to idle-session timeout',
          });
        } else idleTimer = setTimeout(check, Math.max(1000, idle - quiet));
      };
      idleTimer = setTimeout(check, idle);
    }
  } catch (e) {
    clearTimeout(startupTimer);
    if (e instanceof WireFatal) {
      deps.metrics.error(e.sqlstate);
      sendFatal(socket, e.sqlstate, e.message, e.detail, e.hint);
      return;
    }
    // The client went away during startup, or something unexpected: never take the process down.
    if (!(e instanceof Error && e.message === 'client closed the connection')) {
      log.error(
        { event: 'session.startup_failed', err: e instanceof Error ? e.name : 'unknown' },
        'session startup failed',
      );
      sendFatal(socket, SQLSTATE.internalError, 'internal error in the gateway');
    }
    socket.destroy();
  }
}

function sendFatal(socket: Socket, code: string, message: string, detail?: string, hint?: string): void {
  if (socket.destroyed) return;
  socket.end(w.errorResponse({ severity: 'FATAL', code, message, detail, hint }));
  setTimeout(() => socket.destroy(), 1000).unref();
}
