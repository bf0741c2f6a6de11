/**
 * A raw protocol session straight to the shared embedded PostgreSQL (no gateway): sends exact
 * frontend messages and returns the backend messages as the frames the server sent, so the
 * wire codecs are tested against PostgreSQL 18's own bytes.
 */
import { serialize } from 'pg-protocol';
import { FrameReader } from '../../../proxy/pg/protocol/frame-reader.js';
import { connectUpstream, type UpstreamConnection } from '../../../proxy/pg/upstream/connect.js';
import { upstreamServer } from '../../helpers/upstream.js';

export interface Frame {
  /** The type byte as a character ('T', 'D', 'E', ...). */
  readonly type: string;
  /** The whole frame (type, length, body), a private copy. */
  readonly bytes: Buffer;
}

export class UpstreamFrames {
  private readonly frames: Frame[] = [];
  private readonly reader = new FrameReader(1 << 28);
  private wake: (() => void) | undefined;

  private constructor(private readonly conn: UpstreamConnection) {
    conn.reads.handler = (chunk) => {
      this.reader.push(Buffer.from(chunk));
      for (;;) {
        const r = this.reader.next();
        if (r.kind !== 'frame') break;
        this.frames.push({ type: String.fromCharCode(r.frame.type), bytes: Buffer.from(r.frame.bytes) });
      }
      this.wake?.();
    };
    if (conn.leftover.length > 0) conn.reads.handler(conn.leftover);
  }

  static async open(database: string): Promise<UpstreamFrames> {
    const s = upstreamServer();
    const conn = await connectUpstream(
      {
        host: s.host,
        port: s.port,
        database,
        user: s.user,
        password: async () => s.password,
        tls: { mode: 'disable' },
        connectTimeoutMs: 10_000,
      },
      { client_encoding: 'UTF8', DateStyle: 'ISO, MDY' },
    );
    return new UpstreamFrames(conn);
  }

  send(bytes: Buffer | Uint8Array): void {
    this.conn.socket.write(bytes);
  }

  /** Waits for ReadyForQuery (or `until`) and returns every frame received since the last call. */
  async collect(until: (f: Frame) => boolean = (f) => f.type === 'Z', timeoutMs = 10_000): Promise<Frame[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.frames.findIndex(until);
      if (i >= 0) return this.frames.splice(0, i + 1);
      if (Date.now() > deadline) throw new Error('timed out waiting for upstream frames');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }

  /** Simple Query: the frames up to and including ReadyForQuery. */
  async query(sql: string): Promise<Frame[]> {
    this.send(serialize.query(sql));
    return this.collect();
  }

  /** Extended protocol with every result column in `resultFormat`. */
  async extended(sql: string, resultFormat: 0 | 1, values: (string | null)[] = []): Promise<Frame[]> {
    this.send(
      Buffer.concat([
        serialize.parse({ text: sql }),
        serialize.bind({ values, binary: resultFormat === 1 }),
        serialize.describe({ type: 'P' }),
        serialize.execute({}),
        serialize.sync(),
      ]),
    );
    return this.collect();
  }

  /** COPY ... FROM STDIN with `data` as the stream; the frames up to ReadyForQuery. */
  async copyIn(sql: string, data: Buffer): Promise<Frame[]> {
    this.send(serialize.query(sql));
    const start = await this.collect((f) => f.type === 'G' || f.type === 'Z');
    if (start.at(-1)?.type !== 'G') return start;
    this.send(Buffer.concat([serialize.copyData(data), serialize.copyDone()]));
    return [...start, ...(await this.collect())];
  }

  close(): void {
    this.conn.socket.destroy();
  }
}

/** The body bytes of every CopyData frame, concatenated. */
export const copyStream = (frames: readonly Frame[]): Buffer =>
  Buffer.concat(frames.filter((f) => f.type === 'd').map((f) => f.bytes.subarray(5)));

export const ofType = (frames: readonly Frame[], type: string): Buffer[] =>
  frames.filter((f) => f.type === type).map((f) => f.bytes);
