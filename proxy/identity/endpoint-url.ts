/**
 * Issuer and JWKS endpoints must be HTTPS. Plain HTTP is accepted only on loopback
 * (the dev issuer that `phigate dev` serves on 127.0.0.1).
 */
import { identityError } from './identity-errors.js';

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** Parses `value` and checks its scheme; throws IDENTITY_CONFIG_INVALID naming `what`. */
export function secureEndpoint(value: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw identityError('IDENTITY_CONFIG_INVALID', { message: `${what} is not a valid URL` });
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  throw identityError('IDENTITY_CONFIG_INVALID', {
    message: `${what} must use https (plain http is accepted only on loopback): ${url.origin}`,
  });
}

/** The OIDC discovery document location for `issuer` (OpenID Connect Discovery 1.0, section 4). */
export function discoveryUrl(issuer: string): URL {
  return new URL(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
}
