/**
 * A raw PostgreSQL protocol client for tests that must send exactly chosen bytes
 * (malformed frames, hand-built pipelines) and read every backend message back
 * (decoded with pg-protocol's parser, the one node-postgres uses).
 */
import { connect, type Socket } from 'node:net';
import { parse, serialize } from 'pg-protocol';

/** A decoded backend message: `name` plus the fields pg-protocol gives that message. */
export interface RawMessage {
  name: string;
  [key: string]: unknown;
}

export class RawClient {
  readonly messages: RawMessage[] = [];
  private waiters: Array<() => void> = [];
  closed = false;

  private constructor(readonly socket: Socket) {
    void parse(socket, (m) => {
      this.messages.push(m as unknown as RawMessage);
      this.wake();
    }).catch(() => undefined);
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static async connect(host: string, port: number): Promise<RawClient> {
    const socket = connect({ host, port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new RawClient(socket);
  }

  private wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  send(bytes: Buffer | Uint8Array): void {
    this.socket.write(bytes);
  }

  /** Waits until a message matches (searching from `from`), the socket closes, or the timeout passes. */
  async waitFor(
    pred: (m: RawMessage) => boolean,
    timeoutMs = 5000,
    from = 0,
  ): Promise<RawMessage | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find(pred);
      if (found) return found;
      if (this.closed || Date.now() > deadline) return undefined;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async waitClosed(timeoutMs = 5000): Promise<boolean> {
    await this.waitFor(() => false, timeoutMs);
    return this.closed;
  }

  /** Startup + cleartext token; resolves when ReadyForQuery (or an error) arrives. */
  async login(database: string, token: string, user = 'raw'): Promise<RawMessage> {
    this.send(serialize.startup({ user, database }));
    const auth = await this.waitFor(
      (m) => m.name === 'authenticationCleartextPassword' || m.name === 'error',
    );
    if (!auth || auth.name === 'error') return auth ?? ({ name: 'error' } as RawMessage);
    this.send(serialize.password(token));
    const r = await this.waitFor((m) => m.name === 'readyForQuery' || m.name === 'error', 10_000);
    return r ?? ({ name: 'error' } as RawMessage);
  }

  close(): void {
    this.socket.destroy();
  }
}

export { serialize };
