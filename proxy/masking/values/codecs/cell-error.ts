import { PhigateError } from '../../../../core/errors.js';
import { SQLSTATE } from '../../../../core/sqlstate.js';

/** A cell that cannot be decoded or re-encoded: the statement fails (fail closed). Never carries the value. */
export function cellError(what: string): PhigateError {
  return new PhigateError('MASKING_FAILED', `masking could not process one ${what} value`, {
    sqlstate: SQLSTATE.maskingUnavailable,
    status: 500,
  });
}
