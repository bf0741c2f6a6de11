/**
 * Parsing is the costly step (tens of microseconds); the same texts recur (drivers, agents in
 * loops). Batches are cached by their exact text in a bounded LRU and shared between sessions:
 * the batch and its statements are frozen; parse trees are only ever read (freezing a whole
 * tree would cost as much as parsing and recurse as deep as the statement nests).
 */
import { LruCache } from './lru-cache.js';
import { type ParsedBatch, parseBatch } from './parsed-batch.js';

export interface ParseCacheOptions {
  readonly entries: number;
  /** Longer texts are parsed every time. */
  readonly maxTextLength: number;
}

export interface ParseCache {
  parse(text: string): ParsedBatch;
  clear(): void;
  readonly size: number;
}

export function createParseCache(options: ParseCacheOptions): ParseCache {
  const lru = new LruCache<string, ParsedBatch>(options.entries);
  return {
    parse(text) {
      const cacheable = text.length <= options.maxTextLength;
      if (cacheable) {
        const hit = lru.get(text);
        if (hit) return hit;
      }
      const batch = freezeBatch(parseBatch(text));
      if (cacheable) lru.set(text, batch);
      return batch;
    },
    clear() {
      lru.clear();
    },
    get size() {
      return lru.size;
    },
  };
}

function freezeBatch(batch: ParsedBatch): ParsedBatch {
  if (batch.ok) {
    for (const s of batch.statements) Object.freeze(s);
    Object.freeze(batch.statements);
  } else {
    Object.freeze(batch.error);
  }
  return Object.freeze(batch);
}
