/**
 * The registered resources with how phigate reaches each upstream (host, database, TLS, and
 * the credentials it holds). Built once at start-up; the wire front end and the masking
 * catalog both connect with these.
 */
import { readFileSync } from 'node:fs';
import type { Config, ResourceConfig } from '../../../core/config/schema.js';
import type { UpstreamTarget } from './connect.js';

export interface UpstreamCredentialsLike {
  readonly user: string;
  password(): Promise<string>;
}

export type Resources = ReadonlyMap<string, { config: ResourceConfig; target: UpstreamTarget }>;

export function buildResources(
  config: Config,
  credentials: (r: ResourceConfig) => UpstreamCredentialsLike,
): Resources {
  const resources = new Map<string, { config: ResourceConfig; target: UpstreamTarget }>();
  for (const r of config.resources) {
    const creds = credentials(r);
    resources.set(r.name, {
      config: r,
      target: {
        host: r.upstream.host,
        port: r.upstream.port,
        database: r.upstream.database,
        user: creds.user,
        password: () => creds.password(),
        tls: {
          mode: r.upstream.tls.mode,
          ca: r.upstream.tls.caFile ? readFileSync(r.upstream.tls.caFile, 'utf8') : undefined,
        },
        connectTimeoutMs: r.upstream.connectTimeoutMs,
      },
    });
  }
  return resources;
}
