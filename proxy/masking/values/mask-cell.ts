import { COLUMN_CLASS_EXTRA } from '../../../core/config/masking.js';
import type { PhiEntity } from '../../../core/phi/entities.js';
import type { Detector } from '../detectors/create-detector.js';
import type { MaskContext } from '../methods/mask-context.js';
import { maskFreeText } from '../methods/mask-free-text.js';
import { maskValue, missingKeyError } from '../methods/mask-value.js';
import { redactToken } from '../methods/redact.js';
import type { MethodFor } from '../methods/safe-harbor.js';
import {
  decodeBinaryArray,
  encodeBinaryArray,
  mapTextArray,
  parseTextArray,
  serializeTextArray,
} from './codecs/array.js';
import { rewriteJson } from './codecs/json-strings.js';
import { decodeCell } from './decode-cell.js';
import { encodeCell } from './encode-cell.js';
import type { MaskedColumnPlan } from './plan-masked-column.js';
import { generalizeAgeNumber, generalizeDateValue, pseudonymNumber, pseudonymUuid } from './typed-masks.js';

export interface CellMaskContext extends MaskContext {
  /** Detectors for FREE_TEXT columns. */
  readonly detector: Detector;
  /** Per-entity method for detections in free text. */
  readonly methodFor: MethodFor;
  /** Receives per-entity counts of what the detectors masked in a cell (counts only, never values). */
  readonly onDetections?: (counts: Partial<Record<PhiEntity, number>>) => void;
}

function maskText(text: string, plan: MaskedColumnPlan, ctx: CellMaskContext, contextKey?: string): string {
  if (plan.entity === COLUMN_CLASS_EXTRA.freeText) {
    const method = plan.method;
    const methodFor = method === undefined ? ctx.methodFor : () => method;
    const input = contextKey === undefined ? text : `${contextKey}: ${text}`;
    const offset = input.length - text.length;
    const found = ctx.detector.detect(input).filter((d) => d.start >= offset);
    const shifted =
      offset === 0 ? found : found.map((d) => ({ ...d, start: d.start - offset, end: d.end - offset }));
    const { text: out, counts } = maskFreeText(text, shifted, methodFor, ctx);
    if (shifted.length > 0) ctx.onDetections?.(counts);
    return out;
  }
  return maskValue(text, plan.entity, plan.method ?? 'redact', ctx) ?? redactToken(plan.entity);
}

function pseudonymKey(ctx: CellMaskContext) {
  if (ctx.pseudonymKey === undefined) throw missingKeyError();
  return ctx.pseudonymKey.key;
}

function maskJson(json: string, plan: MaskedColumnPlan, ctx: CellMaskContext): string {
  if (plan.entity !== COLUMN_CLASS_EXTRA.freeText) return JSON.stringify(maskText(json, plan, ctx));
  return rewriteJson(json, (value, _kind, key) => {
    const masked = maskText(value, plan, ctx, key);
    return masked === value ? undefined : masked;
  });
}

/**
 * Masks one non-NULL cell (raw bytes as received, in the column's format) according to its plan.
 * Returns the bytes to send in the same format, or null for SQL NULL. Cells of types it cannot
 * read in binary become the entity's redaction token (the plan reports them as text). Undecodable
 * or unencodable values throw PhigateError MASKING_FAILED (SQLSTATE PG020): fail closed.
 */
export function maskCell(
  cell: Buffer,
  format: 0 | 1,
  plan: MaskedColumnPlan,
  ctx: CellMaskContext,
): Buffer | null {
  if (plan.strategy === 'null') return null;
  const { inputTypeOid: oid, outputTypeOid: outOid, outputTypmod: outTypmod } = plan;
  if (plan.strategy === 'text-array') {
    if (format === 1) {
      const a = decodeBinaryArray(cell);
      const elements = a.elements.map((e) =>
        e === null ? null : Buffer.from(maskText(e.toString('utf8'), plan, ctx), 'utf8'),
      );
      return encodeBinaryArray({ ...a, elements });
    }
    const masked = mapTextArray(parseTextArray(cell.toString('utf8')), (s) => maskText(s, plan, ctx));
    return Buffer.from(serializeTextArray(masked), 'utf8');
  }
  const text = decodeCell(cell, format, oid);
  if (text === undefined) return encodeCell(redactToken(plan.entity), format, outOid, outTypmod);
  let masked: string;
  switch (plan.strategy) {
    case 'json':
      masked = maskJson(text, plan, ctx);
      break;
    case 'date-generalize':
      masked = generalizeDateValue(text, oid, ctx.dateGranularity ?? 'year');
      break;
    case 'number-pseudonym':
      masked = pseudonymNumber(text, oid, plan.entity as PhiEntity, pseudonymKey(ctx));
      break;
    case 'number-age':
      masked = generalizeAgeNumber(text);
      break;
    case 'uuid-pseudonym':
      masked = pseudonymUuid(text, plan.entity as PhiEntity, pseudonymKey(ctx));
      break;
    default:
      masked = maskText(text, plan, ctx);
  }
  return encodeCell(masked, format, outOid, outTypmod);
}
