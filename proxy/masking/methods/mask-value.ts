import { PhigateError } from '../../../core/errors.js';
import type { MaskMethod, PhiEntity } from '../../../core/phi/entities.js';
import { SQLSTATE } from '../../../core/sqlstate.js';
import { generalize } from './generalize.js';
import type { MaskContext } from './mask-context.js';
import { partial } from './partial.js';
import { pseudonymize } from './pseudonymize.js';
import { redactToken } from './redact.js';

export function missingKeyError(): PhigateError {
  return new PhigateError('MASKING_KEY_UNAVAILABLE', 'pseudonymization needs masking.pseudonymKey', {
    sqlstate: SQLSTATE.maskingUnavailable,
    status: 503,
  });
}

/**
 * Masks one value of a known entity. `null` means SQL NULL (method `null`). Pseudonymization
 * without a key throws (fail closed); nothing here echoes the value.
 */
export function maskValue(
  text: string,
  entity: PhiEntity,
  method: MaskMethod,
  ctx: MaskContext,
): string | null {
  switch (method) {
    case 'null':
      return null;
    case 'redact':
      return redactToken(entity);
    case 'partial':
      return partial(text, entity);
    case 'generalize':
      return generalize(text, entity, ctx);
    case 'pseudonymize':
      if (ctx.pseudonymKey === undefined) throw missingKeyError();
      return pseudonymize(text, entity, ctx.pseudonymKey.key);
    default: {
      const never: never = method;
      throw new PhigateError('MASKING_METHOD_UNKNOWN', `unknown masking method ${String(never)}`, {
        sqlstate: SQLSTATE.maskingUnavailable,
      });
    }
  }
}
