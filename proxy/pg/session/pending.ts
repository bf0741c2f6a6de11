/**
 * What the relay expects back from upstream for each message it forwarded, in order.
 * The backend answers extended-protocol messages strictly in order and ends a simple
 * Query or a Sync with ReadyForQuery; asynchronous messages (Notice, Notification,
 * ParameterStatus) can arrive at any time and belong to no entry.
 */
import type { StatementRun } from '../../pipeline/types.js';
import type { WireError } from '../protocol/writer.js';

export type Pending =
  /** A simple Query (or fast-path call): responses up to ReadyForQuery, one run per statement. */
  | {
      k: 'simple';
      runs: readonly StatementRun[];
      index: number;
      rows: number;
      bytes: number;
      refusal?: WireError;
    }
  | { k: 'parse'; refusal?: WireError }
  | { k: 'bind' }
  | { k: 'describe'; statement: boolean; run?: Pick<StatementRun, 'rowDescription'> }
  | { k: 'execute'; run: StatementRun | undefined; rows: number; bytes: number; refusal?: WireError }
  | { k: 'close' }
  | { k: 'sync' };

/** A FIFO with an advancing head (no array shifting on the hot path). */
export class PendingQueue {
  private items: Pending[] = [];
  private head = 0;

  push(p: Pending): void {
    this.items.push(p);
  }

  peek(): Pending | undefined {
    return this.items[this.head];
  }

  shift(): Pending | undefined {
    const p = this.items[this.head];
    if (p === undefined) return undefined;
    this.items[this.head++] = undefined as unknown as Pending;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return p;
  }

  get size(): number {
    return this.items.length - this.head;
  }

  /** After an error in extended mode the backend skips to Sync: drop what it will not answer. */
  dropUntilSync(onDrop: (p: Pending) => void): void {
    for (let p = this.peek(); p && p.k !== 'sync'; p = this.peek()) onDrop(this.shift()!);
  }

  clear(onDrop: (p: Pending) => void): void {
    for (let p = this.shift(); p; p = this.shift()) onDrop(p);
  }
}
