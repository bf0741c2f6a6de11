import { PhigateError } from '../../../core/errors.js';
import { SQLSTATE } from '../../../core/sqlstate.js';

/** Something masking cannot guarantee for this statement: it is refused or its session ended (PG020). */
export class MaskingUnsupported extends PhigateError {
  constructor(what: string) {
    super('MASKING_UNSUPPORTED', `masking cannot guarantee ${what}; refused`, {
      sqlstate: SQLSTATE.maskingUnavailable,
      status: 503,
    });
  }
}
