import { z } from 'zod';

const endpoint = (defaultPort: number) =>
  z.strictObject({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(defaultPort),
  });

export const listenSchema = z
  .strictObject({
    pg: endpoint(6432).prefault({}),
    http: endpoint(7071).prefault({}),
  })
  .prefault({});

export const tlsSchema = z.strictObject({
  /** PEM files. Required unless `allowInsecureLoopback` is on (dev only). */
  certFile: z.string().min(1).optional(),
  keyFile: z.string().min(1).optional(),
  /** Dev: a PEM pair given inline (generated under the data dir). */
  certPem: z.string().min(1).optional(),
  keyPem: z.string().min(1).optional(),
  minVersion: z.enum(['TLSv1.2', 'TLSv1.3']).default('TLSv1.2'),
  /** Cleartext password (token) auth without TLS is refused, except from loopback when this is on. */
  allowInsecureLoopback: z.boolean().default(false),
});
