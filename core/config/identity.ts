import { z } from 'zod';

export const identitySchema = z.strictObject({
  /** Expected `iss`, e.g. https://login.microsoftonline.com/<tenant>/v2.0 */
  issuer: z.url(),
  /** Expected `aud` (one or several). */
  audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  /** JWKS location; defaults to the issuer's discovery document. */
  jwksUri: z.url().optional(),
  /** Allowed JWS algorithms. `none` and HMAC algorithms are never accepted. */
  algorithms: z
    .array(z.enum(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA']))
    .min(1)
    .default(['RS256']),
  clockToleranceSeconds: z.number().int().min(0).max(300).default(60),
  /** Claims tried in order for the agent id (first present wins). */
  agentIdClaims: z.array(z.string().min(1)).min(1).default(['azp', 'appid', 'sub']),
  /** Minimum seconds between JWKS refetches triggered by an unknown kid. */
  jwksCooldownSeconds: z.number().int().min(1).default(30),
  /** Seconds a fetched JWKS stays fresh. */
  jwksCacheMaxAgeSeconds: z.number().int().min(60).default(600),
});
