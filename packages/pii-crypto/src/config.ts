import { z } from "zod";

const key256 = z.string().refine((value) => Buffer.from(value, "base64").length === 32, "must be 32 bytes, base64-encoded");

/**
 * PII_ENCRYPTION_KEYS ({"<key id>": "<base64 32 bytes>"}), PII_ACTIVE_KEY_ID (the key new values
 * use) and PII_INDEX_KEY (the blind index key).
 */
export const piiEnvironment = {
  PII_ENCRYPTION_KEYS: z.string().transform((text, context) => {
    try {
      return z.record(z.string().regex(/^[A-Za-z0-9_-]+$/), key256).parse(JSON.parse(text));
    } catch {
      context.addIssue({ code: "custom", message: 'must be JSON {"<key id>": "<32 bytes, base64>"}' });
      return z.NEVER;
    }
  }),
  PII_ACTIVE_KEY_ID: z.string().min(1),
  PII_INDEX_KEY: key256,
};
