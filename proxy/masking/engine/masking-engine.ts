/**
 * The masking stage of the gateway: one catalog per resource (loaded at start-up, reloaded
 * after DDL or unknown names), the classifier, detectors, methods and pseudonym key, and a
 * MaskingSession per client session. It also tells the policy which tables hold PHI.
 */
import type { Config, ResourceConfig } from '../../../core/config/schema.js';
import type { Logger } from '../../../core/logger.js';
import type { UpstreamTarget } from '../../pg/upstream/connect.js';
import type { MaskingPort, MaskingSessionPort } from '../../pipeline/ports.js';
import type { SessionContext } from '../../pipeline/types.js';
import { canonicalTableName } from '../../sql/identifiers.js';
import { createColumnClassifier } from '../classify/column-classifier.js';
import { createDetector } from '../detectors/create-detector.js';
import { resolvePseudonymKey } from '../methods/pseudonym-key.js';
import { methodResolver } from '../methods/safe-harbor.js';
import { createEngineCore, type MaskingEngineCore } from './engine-core.js';
import { MaskingSession } from './masking-session.js';
import { ResourceCatalog } from './resource-catalog.js';
import { wireMasking } from './wire-adapter.js';

export interface MaskingEngine extends MaskingPort {
  /** PHI tables of a resource for the policy: configured ∪ classified (same Set until it changes). */
  phiTables(resource: string): ReadonlySet<string>;
  health(): { ok: boolean; reason?: string };
  /** Loads every resource's catalog; resolves when all are loaded (readiness), rejects never. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export interface MaskingEngineOptions {
  readonly config: Config;
  readonly resources: ReadonlyMap<string, { config: ResourceConfig; target: UpstreamTarget }>;
  readonly logger: Logger;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Called when a resource's PHI tables change (the policy drops cached decisions). */
  readonly onPhiTablesChanged?: () => void;
}

export async function createMaskingEngine(o: MaskingEngineOptions): Promise<MaskingEngine> {
  const { config, logger } = o;
  const masking = config.masking;
  const classifier = createColumnClassifier(masking as never);
  const catalogs = new Map<string, ResourceCatalog>();
  for (const [name, r] of o.resources)
    catalogs.set(name, new ResourceCatalog(r.config, r.target, classifier, logger));
  const pseudonymKey = await resolvePseudonymKey(masking.pseudonymKey as never, {
    mode: config.mode,
    env: o.env ?? process.env,
  });
  const detector = createDetector(masking.detectors as never);
  const methodFor = methodResolver(masking.methods as never);
  const core: MaskingEngineCore = createEngineCore({
    config: masking,
    catalogs,
    detector,
    methodFor,
    maskContext: { ...(pseudonymKey ? { pseudonymKey } : {}), dateGranularity: masking.dateGranularity },
    logger,
    ...wireMasking({ detector, methodFor, pseudonymKey, dateGranularity: masking.dateGranularity }),
  });

  // PHI tables for the policy: the config's list plus every table the classification marks.
  const configured = (resource: string): string[] =>
    [...(config.policy.phiTables[resource] ?? []), ...(config.policy.phiTables['*'] ?? [])]
      .map((n) => canonicalTableName(n))
      .filter((n): n is string => n !== undefined);
  const phiSets = new Map<string, { generation: number; set: ReadonlySet<string> }>();
  const phiTables = (resource: string): ReadonlySet<string> => {
    const snapshot = catalogs.get(resource)?.snapshot;
    const generation = snapshot?.generation ?? 0;
    const cached = phiSets.get(resource);
    if (cached && cached.generation === generation) return cached.set;
    const set = new Set([...configured(resource), ...(snapshot?.phiTables ?? [])]);
    phiSets.set(resource, { generation, set });
    return set;
  };

  let retry: NodeJS.Timeout | undefined;
  let closed = false;
  const loadAll = async (): Promise<void> => {
    const results = await Promise.allSettled(
      [...catalogs.values()].map((c) => (c.snapshot ? Promise.resolve() : c.load())),
    );
    if (results.some((r) => r.status === 'fulfilled')) o.onPhiTablesChanged?.();
    if (!closed && results.some((r) => r.status === 'rejected')) {
      retry = setTimeout(() => void loadAll(), 2000);
      retry.unref();
    }
  };

  return {
    openSession(ctx: SessionContext): MaskingSessionPort {
      return new MaskingSession(core, ctx);
    },
    phiTables,
    health() {
      if (!masking.enabled) return { ok: true, reason: 'masking disabled' };
      const bad = [...catalogs.entries()].find(([, c]) => !c.health().ok);
      return bad ? { ok: false, reason: `catalog of resource "${bad[0]}" not loaded` } : { ok: true };
    },
    async start() {
      if (masking.enabled) await loadAll();
    },
    async close() {
      closed = true;
      clearTimeout(retry);
    },
  };
}
