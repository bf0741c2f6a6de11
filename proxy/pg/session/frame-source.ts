/**
 * Promise-based frame reading for the startup phase, where messages are few and strictly
 * ordered. (The relay phase uses event-driven reading for speed.)
 */
import type { Socket } from 'node:net';
import { type Frame, FrameReader, type ReadResult } from '../protocol/frame-reader.js';

export class FrameSource {
  readonly reader: FrameReader;
  private waiter: ((r: ReadResult | Error) => void) | undefined;
  private closed: Error | undefined;
  private readonly onData = (chunk: Buffer) => {
    this.reader.push(chunk);
    this.wake();
  };
  private readonly onEnd = () => {
    this.closed = new Error('client closed the connection');
    this.wake();
  };

  constructor(
    readonly socket: Socket,
    maxFrameBytes: number,
    typed: boolean,
  ) {
    this.reader = new FrameReader(maxFrameBytes, typed);
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
    socket.on('error', this.onEnd);
  }

  private wake() {
    const w = this.waiter;
    if (!w) return;
    const r = this.reader.next();
    if (r.kind !== 'need-more') {
      this.waiter = undefined;
      w(r);
    } else if (this.closed) {
      this.waiter = undefined;
      w(this.closed);
    }
  }

  /** Resolves with the next frame; rejects when the peer closes or the frame is invalid. */
  next(): Promise<Exclude<ReadResult, { kind: 'need-more' }>> {
    return new Promise((resolve, reject) => {
      this.waiter = (r) => {
        if (r instanceof Error) reject(r);
        else resolve(r as Exclude<ReadResult, { kind: 'need-more' }>);
      };
      this.wake();
    });
  }

  /** Stops listening; returns bytes that were read but not consumed. */
  detach(): Buffer {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('close', this.onEnd);
    this.socket.off('error', this.onEnd);
    return this.reader.drain();
  }
}

export type { Frame };
