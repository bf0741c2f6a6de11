/**
 * Parsing is the costly step (tens of microseconds); the same texts recur (drivers, agents in
 * loops). Batches are cached by their exact text in a bounded LRU, frozen so that sharing them
 * between sessions is safe.
 */
import { deepFreeze } from '../../core/config/load.js';
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
      const batch = deepFreeze(parseBatch(text));
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
