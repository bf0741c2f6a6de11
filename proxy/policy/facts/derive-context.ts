/**
 * What deriving facts needs from the session (name resolution, prepared statements) and what
 * it reports back: state effects to apply after the statement, and whether the result depended
 * on session state (then it must not be cached by text alone).
 */
import type { SearchPathView } from './name-resolver.js';
import type { StatementFacts } from './types.js';

export type StateEffect =
  | { readonly type: 'searchPath'; readonly path: readonly string[] | null | 'initial' }
  | { readonly type: 'prepare'; readonly name: string; readonly facts: StatementFacts }
  | { readonly type: 'deallocate'; readonly name: string | null }
  | { readonly type: 'discardAll' };

export interface DeriveContext {
  readonly searchPath: SearchPathView;
  /** Facts of a statement prepared with SQL PREPARE in this session. */
  prepared(name: string): StatementFacts | undefined;
  readonly effects: StateEffect[];
  /** Set when facts depend on session state beyond the search_path (EXECUTE). */
  usedState: boolean;
  /** Inner statements nested this deep are refused as opaque (fail closed). */
  depth: number;
  /** The text of the top-level statement being derived (for the PL/pgSQL parser). */
  statementText: string;
}

export const MAX_NESTING = 16;
