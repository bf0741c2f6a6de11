/**
 * Binds the engine to the byte-level codecs (proxy/masking/wire): RowDescription, DataRow,
 * COPY TO STDOUT and the fields of errors and notices.
 */
import type { MaskMethod } from '../../../core/phi/entities.js';
import type { Detector } from '../detectors/create-detector.js';
import type { PseudonymKey } from '../methods/mask-context.js';
import type { MethodFor } from '../methods/safe-harbor.js';
import { mapDataRow } from '../wire/data-row.js';
import { parseRowDescription, rewriteRowDescription } from '../wire/row-description.js';
import type { EngineCoreDeps } from './engine-core.js';
import { MaskingUnsupported } from './masking-errors.js';

export interface WireMaskingOptions {
  readonly detector: Detector;
  readonly methodFor: MethodFor;
  readonly pseudonymKey: PseudonymKey | undefined;
  readonly dateGranularity: 'year' | 'month';
}

export function wireMasking(
  _o: WireMaskingOptions,
): Pick<EngineCoreDeps, 'codecs' | 'copyMasker' | 'maskErrorFields'> {
  return {
    codecs: { parseRowDescription, rewriteRowDescription, mapDataRow },
    copyMasker: (_frame, lineage) => {
      if (!lineage.touchesPhi) return { copyData: (f) => f };
      throw new MaskingUnsupported('COPY TO STDOUT of PHI');
    },
    maskErrorFields: (frame) => frame,
  };
}

export type { MaskMethod };
