import { PhigateError } from '../../core/errors.js';
import { SQLSTATE } from '../../core/sqlstate.js';

/** Approval errors: stable codes, no statement text, no secrets. */
export const approvalUnavailable = (detail: string, cause?: unknown) =>
  new PhigateError('APPROVAL_UNAVAILABLE', `approval service unavailable: ${detail}`, {
    sqlstate: SQLSTATE.approvalRequired,
    status: 503,
    hint: 'the statement needs an approval and the approval service could not be reached; nothing was run',
    cause,
  });

export const approvalNotFound = () =>
  new PhigateError('APPROVAL_NOT_FOUND', 'no approval with this id', {
    sqlstate: SQLSTATE.approvalRequired,
    status: 404,
  });

export const approvalRequestInvalid = (detail: string) =>
  new PhigateError('APPROVAL_REQUEST_INVALID', `invalid approval request: ${detail}`, {
    sqlstate: SQLSTATE.internalError,
    status: 400,
  });

export const approvalWaitAborted = () =>
  new PhigateError('APPROVAL_WAIT_ABORTED', 'waiting for the approval was cancelled', {
    sqlstate: SQLSTATE.queryCanceled,
    status: 499,
  });
