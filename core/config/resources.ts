import { z } from 'zod';

/** How phigate authenticates to the upstream database. The agent never sees these credentials. */
const upstreamAuthSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('password'),
    user: z.string().min(1),
    /** Literal password (dev) or the name of an environment variable holding it. */
    password: z.string().min(1).optional(),
    passwordEnv: z.string().min(1).optional(),
  }),
  z.strictObject({
    /** Azure Database for PostgreSQL with Entra auth: a managed-identity token as the password. */
    type: z.literal('entra'),
    user: z.string().min(1),
    /** User-assigned managed identity client id; omit for the default credential chain. */
    clientId: z.string().min(1).optional(),
  }),
]);

export const postgresResourceSchema = z.strictObject({
  /** Database name the agent puts in its connection string. */
  name: z.string().regex(/^[A-Za-z0-9_.-]{1,63}$/, 'letters, digits, _ . - (max 63)'),
  kind: z.literal('postgres').default('postgres'),
  upstream: z.strictObject({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(5432),
    database: z.string().min(1),
    auth: upstreamAuthSchema,
    tls: z
      .strictObject({
        mode: z.enum(['disable', 'require', 'verify-full']).default('disable'),
        caFile: z.string().min(1).optional(),
      })
      .prefault({}),
    connectTimeoutMs: z.number().int().min(100).default(10_000),
  }),
  /** Free-form labels the policy can match on (e.g. env: prod). */
  labels: z.record(z.string(), z.string()).default({}),
});

export const resourcesSchema = z.array(postgresResourceSchema).min(1);
