import { PhigateError } from '../../core/errors.js';
import { SQLSTATE } from '../../core/sqlstate.js';

/** The stable error of a refused statement or session when the audit record cannot be made durable. */
export function auditUnavailable(reason: string, cause?: unknown): PhigateError {
  return new PhigateError(
    'AUDIT_UNAVAILABLE',
    `audit log unavailable (${reason}): the statement was not run because its audit record could not be written`,
    {
      sqlstate: SQLSTATE.auditUnavailable,
      status: 503,
      hint: 'phigate refuses statements it cannot record; retry when the audit log has recovered',
      cause,
    },
  );
}

/** A short, value-free name for an I/O failure: the errno code, or the error class. */
export function failureCode(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code)) return code;
  return e instanceof Error ? e.name : 'unknown error';
}

export function invalidAuditInput(message: string): PhigateError {
  return new PhigateError('AUDIT_INVALID_INPUT', message, { sqlstate: SQLSTATE.internalError, status: 500 });
}
