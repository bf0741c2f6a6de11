import type { PhiEntity } from '../../../core/phi/entities.js';
import type { Detection } from './detection.js';

/** Entities whose span may swallow a higher-scored detection inside it (a date in a URL path). */
const CONTAINERS: ReadonlySet<PhiEntity> = new Set(['URL', 'EMAIL', 'STREET_ADDRESS']);
const CONTAINER_MARGIN = 0.25;

const overlaps = (a: Detection, b: Detection) => a.start < b.end && b.start < a.end;
const contains = (outer: Detection, inner: Detection) => outer.start <= inner.start && inner.end <= outer.end;

/**
 * Keeps non-overlapping detections: higher score first, then longer, then earlier. A container
 * entity (URL, e-mail, street address) replaces the detections it fully contains when its score
 * is within 0.25 of theirs, so masking it covers them too. Result is sorted by start.
 */
export function resolveOverlaps(candidates: readonly Detection[]): Detection[] {
  if (candidates.length < 2) return candidates.slice();
  const sorted = candidates
    .slice()
    .sort((a, b) => b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start);
  let kept: Detection[] = [];
  for (const c of sorted) {
    const hits = kept.filter((k) => overlaps(k, c));
    if (hits.length === 0) {
      kept.push(c);
      continue;
    }
    const swallow =
      CONTAINERS.has(c.entity) &&
      hits.every((h) => contains(c, h) && h.score - c.score <= CONTAINER_MARGIN && !CONTAINERS.has(h.entity));
    if (swallow) kept = kept.filter((k) => !hits.includes(k)).concat(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}
