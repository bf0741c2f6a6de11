/**
 * What every masking session of the gateway shares: the masking config, the catalog of each
 * resource, the lineage cache, the detectors and methods, and the wire codecs.
 */
import type { MaskingConfig } from '../../../core/config/masking.js';
import type { DeepReadonly } from '../../../core/config/schema.js';
import type { Logger } from '../../../core/logger.js';
import { LruCache } from '../../sql/lru-cache.js';
import type { Detector } from '../detectors/create-detector.js';
import {
  analyzeOutputLineage,
  analyzeStatementLineage,
  type LineageContext,
  type StatementLineage,
} from '../lineage/index.js';
import type { MaskContext } from '../methods/mask-context.js';
import type { MethodFor } from '../methods/safe-harbor.js';
import type { CellMaskContext } from '../values/mask-cell.js';
import type { CellOp } from '../wire/data-row.js';
import type { ResultField } from './column-plan.js';
import { lineageShape, parseForShape } from './lineage-shape.js';
import type { CatalogGeneration, ResourceCatalog } from './resource-catalog.js';

/** The byte-level codecs the engine uses (proxy/masking/wire). */
export interface WireCodecs {
  parseRowDescription(frame: Buffer): ResultField[];
  rewriteRowDescription(
    frame: Buffer,
    changes: ReadonlyMap<number, { typeOid: number; typeSize: number; typmod: number }>,
  ): Buffer;
  /** The DataRow `buf[start, end)` masked by per-column ops; undefined when no cell changed. */
  maskDataRow(
    buf: Buffer,
    start: number,
    end: number,
    ops: readonly (CellOp | undefined)[],
  ): Buffer | undefined;
}

export interface MaskingEngineCore {
  readonly config: DeepReadonly<MaskingConfig>;
  readonly methodFor: MethodFor;
  readonly cellContext: CellMaskContext;
  readonly codecs: WireCodecs;
  catalog(resource: string): CatalogGeneration | undefined;
  /** Reloads the resource's catalog; true when a newer snapshot is now in use. */
  refresh(resource: string): Promise<boolean>;
  /** Output lineage from the current snapshot (cached unless it depends on session state). */
  analyze(
    resource: string,
    text: string,
    searchPath: readonly string[],
    lookups: Pick<LineageContext, 'prepared' | 'cursor'>,
  ): StatementLineage;
  /** A masker for the COPY TO STDOUT rows of `text` (its CopyOutResponse given); `count` per masked value. */
  copyMasker(
    copyOutResponse: Buffer,
    text: string,
    lineage: StatementLineage,
    catalog: CatalogGeneration,
    count: (index: number) => void,
  ): { copyData(frame: Buffer): Buffer; copyDone(): void };
  /** ErrorResponse / NoticeResponse with the values it quotes masked for this statement. */
  maskErrorFields(frame: Buffer, lineage: StatementLineage, catalog: CatalogGeneration): Buffer;
}

export interface EngineCoreDeps {
  readonly config: DeepReadonly<MaskingConfig>;
  readonly catalogs: ReadonlyMap<string, ResourceCatalog>;
  readonly detector: Detector;
  readonly methodFor: MethodFor;
  readonly maskContext: MaskContext;
  readonly codecs: WireCodecs;
  readonly copyMasker: MaskingEngineCore['copyMasker'];
  readonly maskErrorFields: MaskingEngineCore['maskErrorFields'];
  readonly logger: Logger;
}

export function createEngineCore(deps: EngineCoreDeps): MaskingEngineCore {
  const cache = new LruCache<string, StatementLineage>(5000);
  /** Longer texts are analyzed every time: neither stored nor shaped (as the policy's default). */
  const MAX_CACHED_TEXT = 16_384;
  return {
    config: deps.config,
    methodFor: deps.methodFor,
    cellContext: { ...deps.maskContext, detector: deps.detector, methodFor: deps.methodFor },
    codecs: deps.codecs,
    catalog: (resource) => deps.catalogs.get(resource)?.snapshot,
    async refresh(resource) {
      const c = deps.catalogs.get(resource);
      if (!c) return false;
      const before = c.snapshot?.generation;
      const after = (await c.refresh())?.generation;
      return after !== undefined && after !== before;
    },
    analyze(resource, text, searchPath, lookups) {
      const gen = deps.catalogs.get(resource)?.snapshot;
      if (!gen) throw new Error('no catalog');
      const scope = `${resource}\u0000${gen.generation}\u0000${searchPath.join(',')}\u0000`;
      const key = scope + text;
      const hit = cache.get(key);
      if (hit) return hit;
      const ctx: LineageContext = { catalog: gen.lineage, classify: gen.classify, searchPath, ...lookups };
      const shape = text.length <= MAX_CACHED_TEXT ? lineageShape(text) : undefined;
      const shapeKey = shape ? `${scope}\u0001${shape.key}` : undefined;
      if (shapeKey) {
        const byShape = cache.get(shapeKey);
        // Not stored under the exact text too: inlined values make most texts unique.
        if (byShape) return byShape;
        // One parse for both the analysis and the check that the shape may be stored.
        const parsed = parseForShape(text);
        if (parsed.node) {
          const lineage = analyzeStatementLineage(parsed.node, ctx);
          if (!lineage.dependsOnSession) {
            cache.set(key, lineage);
            if (parsed.storable) cache.set(shapeKey, lineage);
          }
          return lineage;
        }
      }
      const lineage = analyzeOutputLineage(text, ctx);
      if (!lineage.dependsOnSession && text.length <= MAX_CACHED_TEXT) cache.set(key, lineage);
      return lineage;
    },
    copyMasker: deps.copyMasker,
    maskErrorFields: deps.maskErrorFields,
  };
}
