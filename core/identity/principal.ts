/**
 * The verified caller of a session, derived from the OIDC access token alone (the startup
 * user name is recorded but never trusted). Contains no secret: the token itself is not kept.
 */
export interface Principal {
  /** Stable agent id: the first present of the configured claims (azp, appid, sub by default). */
  readonly agentId: string;
  readonly subject: string;
  /** Entra object id (`oid`), when present. */
  readonly objectId: string | undefined;
  /** Client application id (`azp` or `appid`), when present. */
  readonly appId: string | undefined;
  /** Tenant (`tid`), when present. */
  readonly tenantId: string | undefined;
  /** `name`, `app_displayname` or `preferred_username`, when present. */
  readonly displayName: string | undefined;
  readonly groups: readonly string[];
  /** `jti` or Entra's `uti`. */
  readonly tokenId: string | undefined;
  readonly issuer: string;
  /** Token expiry (epoch milliseconds). */
  readonly expiresAt: number;
}
