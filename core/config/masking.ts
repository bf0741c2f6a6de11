import { z } from 'zod';

/** The `masking` section of the phigate config. */
export const maskingSchema = z.strictObject({}).prefault({});
