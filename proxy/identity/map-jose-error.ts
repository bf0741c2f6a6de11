/**
 * Maps what `jose` throws during verification onto phigate's identity error codes. jose's
 * errors carry the claims set (`payload`); they are never attached as the cause, so nothing
 * from the token can reach a log through the error chain.
 */
import { errors } from 'jose';
import { isPhigateError, type PhigateError } from '../../core/errors.js';
import { identityError } from './identity-errors.js';

export function mapJoseError(error: unknown): PhigateError {
  if (isPhigateError(error)) return error;
  if (error instanceof errors.JWTExpired) return identityError('TOKEN_EXPIRED');
  if (error instanceof errors.JWTClaimValidationFailed) {
    const claim = error.claim;
    if (error.reason === 'missing') {
      return identityError('TOKEN_CLAIM_MISSING', {
        message: `access token lacks the required claim "${claim}"`,
      });
    }
    switch (claim) {
      case 'nbf':
        return identityError('TOKEN_NOT_YET_VALID');
      case 'iss':
        return identityError('TOKEN_WRONG_ISSUER');
      case 'aud':
        return identityError('TOKEN_WRONG_AUDIENCE');
      default:
        return identityError('TOKEN_CLAIM_INVALID', {
          message: `access token claim "${/^[a-z_]{1,32}$/i.test(claim) ? claim : 'unspecified'}" is invalid`,
        });
    }
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return identityError('TOKEN_BAD_SIGNATURE');
  if (error instanceof errors.JOSEAlgNotAllowed) return identityError('TOKEN_ALG_NOT_ALLOWED');
  if (error instanceof errors.JWKSNoMatchingKey) return identityError('TOKEN_UNKNOWN_KEY');
  if (error instanceof errors.JWKSMultipleMatchingKeys) {
    return identityError('TOKEN_UNKNOWN_KEY', {
      message: 'access token names no key id (kid) and the issuer publishes several matching keys',
    });
  }
  if (error instanceof errors.JOSENotSupported) {
    // e.g. an allowed alg paired with a key of another type, or an unsupported crit header.
    return identityError('TOKEN_ALG_NOT_ALLOWED', {
      message: 'access token uses an algorithm or header this gateway does not support',
    });
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) {
    return identityError('TOKEN_MALFORMED');
  }
  if (error instanceof errors.JWKInvalid || error instanceof errors.JWKSInvalid) {
    return identityError('IDENTITY_UNAVAILABLE', { detail: 'the issuer published a key phigate cannot use' });
  }
  // Anything else (a key import failure, a TypeError) is a verification we could not finish:
  // refuse, without echoing the library's message.
  return identityError('TOKEN_BAD_SIGNATURE', { message: 'access token could not be verified' });
}
