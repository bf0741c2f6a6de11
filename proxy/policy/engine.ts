/**
 * The policy engine: compiled rules, the shared parse cache and the shared decision cache.
 * Sessions (one per client connection) decide statements against it.
 */
import type { PolicyConfig } from '../../core/config/policy.js';
import { canonicalTableName } from '../sql/identifiers.js';
import { LruCache } from '../sql/lru-cache.js';
import { createParseCache, type ParseCache } from '../sql/parse-cache.js';
import type { BatchDecision } from './decision.js';
import { type OpenSessionOptions, openPolicySession, type PolicySession } from './policy-session.js';
import { type CompiledPolicy, compilePolicy } from './rules/compile-policy.js';
import type { ShapeTemplate } from './shape-cache.js';

export interface PolicyEngineOptions {
  /**
   * Canonical `schema.table` names holding PHI for a resource. Called per decision; return the
   * same Set object while nothing changed (a new object invalidates cached decisions).
   * Defaults to `policy.phiTables[resource]` plus `policy.phiTables['*']`.
   */
  readonly phiTables?: (resource: string) => ReadonlySet<string>;
}

export interface RuleSummary {
  readonly id: string;
  readonly action: string;
  readonly reason: string;
  readonly source: string;
}

/** How decisions were reached since the engine started (for metrics and tests). */
export interface PolicyCacheStats {
  /** Decisions served from the cache by exact text. */
  readonly textHits: number;
  /** Decisions served from the shape cache (same statement, other literals). */
  readonly shapeHits: number;
  /** Messages parsed and decided in full. */
  readonly fullDecisions: number;
  /** Shapes stored after a full decision. */
  readonly shapesStored: number;
}

export interface PolicyEngine {
  openSession(options: OpenSessionOptions): PolicySession;
  /** A snapshot of the cache counters. */
  cacheStats(): PolicyCacheStats;
  /** The effective rules in evaluation order. */
  readonly rules: readonly RuleSummary[];
  /** Drops cached decisions, by text and by shape (for example after the PHI classification changed). */
  invalidate(): void;
}

/** What sessions share. */
export interface EngineCore {
  readonly policy: CompiledPolicy;
  readonly parses: ParseCache;
  readonly decisions: LruCache<string, BatchDecision>;
  /** Decisions by statement shape (literals replaced); as many entries as the decision cache. */
  readonly shapes: LruCache<string, ShapeTemplate>;
  /** False when the decision cache is off (then the shape cache is off too). */
  readonly shapesEnabled: boolean;
  /** Longer messages are neither parse- nor decision-cached (the key holds the text). */
  readonly maxCachedTextLength: number;
  readonly phiTables: (resource: string) => ReadonlySet<string>;
  readonly stats: { -readonly [K in keyof PolicyCacheStats]: number };
}

/** Throws PhigateError CONFIG_INVALID when the policy is inconsistent (unknown ids, statement names). */
export function createPolicyEngine(config: PolicyConfig, options: PolicyEngineOptions = {}): PolicyEngine {
  const core: EngineCore = {
    policy: compilePolicy(config),
    parses: createParseCache({
      entries: config.cache.parseEntries,
      maxTextLength: config.cache.maxCachedTextLength,
    }),
    decisions: new LruCache(config.cache.decisionEntries),
    shapes: new LruCache(config.cache.decisionEntries),
    shapesEnabled: config.cache.decisionEntries > 0,
    maxCachedTextLength: config.cache.maxCachedTextLength,
    phiTables: options.phiTables ?? configPhiTables(config.phiTables),
    stats: { textHits: 0, shapeHits: 0, fullDecisions: 0, shapesStored: 0 },
  };
  return {
    openSession: (o) => openPolicySession(core, o),
    cacheStats: () => ({ ...core.stats }),
    rules: core.policy.rules.map(({ id, action, reason, source }) => ({ id, action, reason, source })),
    invalidate: () => {
      core.decisions.clear();
      core.shapes.clear();
    },
  };
}

/** The config's `phiTables` as canonical sets per resource (one Set object per resource, reused). */
export function configPhiTables(
  phiTables: Readonly<Record<string, readonly string[]>>,
): (resource: string) => ReadonlySet<string> {
  const canonical = (names: readonly string[] | undefined) =>
    (names ?? []).map((n) => canonicalTableName(n)).filter((n): n is string => n !== undefined);
  const everywhere = canonical(phiTables['*']);
  const sets = new Map<string, ReadonlySet<string>>();
  const fallback: ReadonlySet<string> = new Set(everywhere);
  for (const [resource, names] of Object.entries(phiTables)) {
    if (resource !== '*') sets.set(resource, new Set([...everywhere, ...canonical(names)]));
  }
  return (resource) => sets.get(resource) ?? fallback;
}
