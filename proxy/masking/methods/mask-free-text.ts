import type { PhiEntity } from '../../../core/phi/entities.js';
import type { Detection } from '../detectors/detection.js';
import type { MaskContext } from './mask-context.js';
import { maskValue } from './mask-value.js';
import { redactToken } from './redact.js';
import type { MethodFor } from './safe-harbor.js';

export interface FreeTextResult {
  readonly text: string;
  /** Detections masked, per entity (for the statement's record; never the values). */
  readonly counts: Partial<Record<PhiEntity, number>>;
}

/**
 * Replaces each detection (non-overlapping, sorted by start, as detectors return them) with its
 * masked form. A span cannot become SQL NULL, so method `null` inside text gives the redaction token.
 */
export function maskFreeText(
  text: string,
  detections: readonly Detection[],
  methodFor: MethodFor,
  ctx: MaskContext,
): FreeTextResult {
  const counts: Partial<Record<PhiEntity, number>> = {};
  if (detections.length === 0) return { text, counts };
  let out = '';
  let pos = 0;
  for (const d of detections) {
    if (d.start < pos || d.end > text.length || d.end <= d.start) continue;
    const masked =
      maskValue(text.slice(d.start, d.end), d.entity, methodFor(d.entity), ctx) ?? redactToken(d.entity);
    out += text.slice(pos, d.start) + masked;
    pos = d.end;
    counts[d.entity] = (counts[d.entity] ?? 0) + 1;
  }
  return { text: out + text.slice(pos), counts };
}
