import { z } from 'zod';
import { approvalsSchema } from './approvals.js';
import { auditSchema } from './audit.js';
import { identitySchema } from './identity.js';
import { limitsSchema } from './limits.js';
import { listenSchema, tlsSchema } from './listen.js';
import { logSchema } from './log.js';
import { maskingSchema } from './masking.js';
import { policySchema } from './policy.js';
import { resourcesSchema } from './resources.js';

/** The one phigate configuration: validated at start-up, unknown keys rejected, then frozen. */
export const configSchema = z
  .strictObject({
    mode: z.enum(['production', 'dev']).default('production'),
    listen: listenSchema,
    tls: tlsSchema,
    identity: identitySchema,
    resources: resourcesSchema,
    limits: limitsSchema,
    log: logSchema,
    policy: policySchema,
    masking: maskingSchema,
    audit: auditSchema,
    approvals: approvalsSchema,
  })
  .superRefine((c, ctx) => {
    // Fail closed: only a dev stack may run without an audit trail.
    if (!c.audit.enabled && c.mode !== 'dev') {
      ctx.addIssue({ code: 'custom', path: ['audit', 'enabled'], message: 'may be false in dev mode only' });
    }
    if (c.masking.pseudonymKey?.source === 'literal' && c.mode !== 'dev') {
      ctx.addIssue({
        code: 'custom',
        path: ['masking', 'pseudonymKey'],
        message: 'a literal key is accepted in dev mode only',
      });
    }
  });

export type ConfigInput = z.input<typeof configSchema>;
export type Config = DeepReadonly<z.output<typeof configSchema>>;
export type ResourceConfig = Config['resources'][number];

export type DeepReadonly<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly (infer U)[]
    ? readonly DeepReadonly<U>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;
