/**
 * What the engine remembers per client session: SQL-level prepared statements (name ⇒ facts of
 * the inner statement) and the search_path. A batch is decided against a copy; the copy replaces
 * the state only when the batch is admitted, so a refused message changes nothing.
 *
 * The search_path is tracked conservatively: besides the current value (simulated from SET,
 * RESET, DISCARD and corrected by what the upstream reports), the engine keeps every value the
 * session may have now, because a SET can be rolled back, SET LOCAL ends with the transaction
 * and a statement can fail. A report from the upstream (PostgreSQL 18 sends search_path in
 * ParameterStatus) is exact and collapses that set again.
 */
import type { StateEffect } from './facts/derive-context.js';
import type { SearchPathView } from './facts/name-resolver.js';
import { DEFAULT_SEARCH_PATH, parseSearchPath, searchPathKey } from './facts/search-path.js';
import type { StatementFacts } from './facts/types.js';

type Path = readonly string[] | null;

/** At most this many prepared statements are remembered; beyond, EXECUTE of a forgotten one is opaque. */
export const MAX_PREPARED = 1_000;
/** Past this many possible paths the set collapses to "unknown" (every schema). */
const MAX_PATHS = 16;

export class SessionState implements SearchPathView {
  readonly upstreamUser: string | undefined;
  #initial: Path;
  #current: Path;
  #possible: Map<string, Path>;
  #prepared: Map<string, StatementFacts>;
  #key: string | undefined;

  constructor(options: { upstreamUser?: string | undefined; searchPath?: string | undefined }) {
    this.upstreamUser = options.upstreamUser;
    this.#initial =
      options.searchPath === undefined ? DEFAULT_SEARCH_PATH : (parseSearchPath(options.searchPath) ?? null);
    this.#current = this.#initial;
    this.#possible = new Map([[searchPathKey(this.#initial), this.#initial]]);
    this.#prepared = new Map();
  }

  get current(): Path {
    return this.#current;
  }

  get possible(): readonly Path[] {
    return [...this.#possible.values()];
  }

  prepared(name: string): StatementFacts | undefined {
    return this.#prepared.get(name);
  }

  get preparedCount(): number {
    return this.#prepared.size;
  }

  /** Identifies everything name resolution depends on (for the decision cache). */
  get key(): string {
    this.#key ??= `${JSON.stringify(this.upstreamUser ?? null)}|${searchPathKey(this.#current)}|${[...this.#possible.keys()].join(';')}`;
    return this.#key;
  }

  clone(): SessionState {
    const copy = new SessionState({ upstreamUser: this.upstreamUser });
    copy.#assignFrom(this);
    return copy;
  }

  /** Takes over the state of an admitted batch's working copy. */
  adopt(other: SessionState): void {
    this.#assignFrom(other);
  }

  #assignFrom(other: SessionState): void {
    this.#initial = other.#initial;
    this.#current = other.#current;
    this.#possible = new Map(other.#possible);
    this.#prepared = new Map(other.#prepared);
    this.#key = other.#key;
  }

  apply(effect: StateEffect): void {
    switch (effect.type) {
      case 'searchPath':
        this.#setPath(effect.path === 'initial' ? this.#initial : effect.path);
        return;
      case 'prepare':
        if (this.#prepared.size >= MAX_PREPARED && !this.#prepared.has(effect.name)) return;
        this.#prepared.set(effect.name, effect.facts);
        return;
      case 'deallocate':
        if (effect.name === null) this.#prepared.clear();
        else this.#prepared.delete(effect.name);
        return;
      case 'discardAll':
        this.#prepared.clear();
        this.#setPath(this.#initial);
        return;
    }
  }

  /**
   * The upstream reported search_path (ParameterStatus): exact for what runs next. The first
   * report of a session is also the value RESET returns to.
   */
  observeSearchPath(text: string, options: { initial?: boolean } = {}): void {
    const path = parseSearchPath(text) ?? null;
    if (options.initial) this.#initial = path;
    this.#current = path;
    this.#possible = new Map([[searchPathKey(path), path]]);
    this.#key = undefined;
  }

  #setPath(path: Path): void {
    this.#current = path;
    this.#possible.set(searchPathKey(path), path);
    if (this.#possible.size > MAX_PATHS) this.#possible = new Map([['?', null]]);
    this.#key = undefined;
  }
}
