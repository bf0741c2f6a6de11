/**
 * The credentials phigate uses towards an upstream database; the agent never sees them.
 *
 * - `password`: a literal (dev) or the named environment variable, read once at start-up;
 *   a missing variable is a start-up error naming the variable (never a value).
 * - `entra`: an Entra access token for Azure Database for PostgreSQL, from a managed identity
 *   (`clientId`) or the default credential chain, cached and refreshed ahead of expiry
 *   (see credentials-entra.ts).
 */
import type { TokenCredential } from '@azure/identity';
import type { ResourceConfig } from '../../core/config/schema.js';
import { PhigateError } from '../../core/errors.js';
import { createEntraTokenSource } from './credentials-entra.js';

export interface UpstreamCredentials {
  readonly user: string;
  /** The password for the next upstream login (an Entra token for `entra`). */
  password(): Promise<string>;
}

export interface UpstreamCredentialsOptions {
  /** Resource name, for messages. */
  readonly resource?: string;
  /** Environment for `passwordEnv`; defaults to process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Entra: the credential to use instead of ManagedIdentityCredential / DefaultAzureCredential. */
  readonly credential?: TokenCredential;
  /** Clock (epoch ms); defaults to Date.now. */
  readonly now?: () => number;
}

export type UpstreamAuthConfig = ResourceConfig['upstream']['auth'];

const invalid = (message: string) =>
  new PhigateError('UPSTREAM_CREDENTIALS_INVALID', message, { sqlstate: '08001', status: 500 });

export function createUpstreamCredentials(
  auth: UpstreamAuthConfig,
  options: UpstreamCredentialsOptions = {},
): UpstreamCredentials {
  const where = options.resource ? `resource "${options.resource}": ` : '';
  if (auth.type === 'entra') {
    const source = createEntraTokenSource({
      clientId: auth.clientId,
      credential: options.credential,
      now: options.now ?? Date.now,
      where,
    });
    return Object.freeze({ user: auth.user, password: () => source.token() });
  }
  if (auth.password !== undefined && auth.passwordEnv !== undefined) {
    throw invalid(`${where}upstream.auth sets both password and passwordEnv: keep one`);
  }
  let secret: string;
  if (auth.passwordEnv !== undefined) {
    const value = (options.env ?? process.env)[auth.passwordEnv];
    if (value === undefined || value === '') {
      throw invalid(`${where}environment variable ${auth.passwordEnv} (upstream password) is not set`);
    }
    secret = value;
  } else if (auth.password !== undefined) {
    secret = auth.password;
  } else {
    throw invalid(`${where}upstream.auth of type password needs password or passwordEnv`);
  }
  return Object.freeze({ user: auth.user, password: async () => secret });
}
