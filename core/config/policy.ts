import { z } from 'zod';

/** The `policy` section of the phigate config. */
export const policySchema = z.strictObject({}).prefault({});
