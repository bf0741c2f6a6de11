import type { EventEmitter } from 'node:events';
import { approvalWaitAborted } from './errors.js';

/**
 * Waits until `done()` holds (re-checked on every `key` event of `changes`), or `timeoutMs`
 * passes (resolves either way with `value()`), or `signal` aborts (rejects: the client
 * cancelled). Always removes its listener and timer.
 */
export function waitForChange<T>(
  changes: EventEmitter,
  key: string,
  opts: {
    readonly done: () => boolean;
    readonly value: () => T;
    readonly timeoutMs: number;
    readonly signal?: AbortSignal;
  },
): Promise<T> {
  if (opts.done()) return Promise.resolve(opts.value());
  if (opts.signal?.aborted) return Promise.reject(approvalWaitAborted());
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      clearTimeout(timer);
      changes.off(key, onChange);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    const onChange = () => {
      if (!opts.done()) return;
      cleanup();
      resolve(opts.value());
    };
    const onAbort = () => {
      cleanup();
      reject(approvalWaitAborted());
    };
    const timer = setTimeout(
      () => {
        cleanup();
        resolve(opts.value());
      },
      Math.max(0, opts.timeoutMs),
    );
    changes.on(key, onChange);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
  });
}
