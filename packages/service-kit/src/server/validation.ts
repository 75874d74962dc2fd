import { z } from "zod";
import { InvalidArgumentError } from "../errors/domain-errors";

/**
 * Validates a decoded request. Every problem becomes a field violation named by its proto field
 * path (snake_case), so a caller sees INVALID_ARGUMENT naming exactly what to fix. Values are
 * never echoed back.
 */
export function parseRequest<Schema extends z.ZodType>(schema: Schema, request: unknown): z.infer<Schema> {
  const result = schema.safeParse(request);
  if (result.success) return result.data;
  throw new InvalidArgumentError(result.error.issues.map((issue) => ({
    field: issue.path.map((segment) => (typeof segment === "string" ? toProtoName(segment) : String(segment))).join(".") || "request",
    description: issue.message,
  })));
}

function toProtoName(camel: string): string {
  return camel.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

const MAX_INT64 = 2n ** 63n - 1n;
const isoCurrencies = new Set(Intl.supportedValuesOf("currency"));

/** An ISO 4217 alphabetic currency code. */
export const currencyCode = z.string().refine((code) => isoCurrencies.has(code), "must be an ISO 4217 currency code such as JPY");

/** A strictly positive amount of money in minor units that fits a signed 64-bit integer. */
export const positiveMoney = z.object(
  {
    currency: currencyCode,
    minorUnits: z.bigint().refine((value) => value > 0n && value <= MAX_INT64, "must be a positive 64-bit integer of minor units"),
  },
  { error: "is required" },
);

/** A client-chosen idempotency key (Stripe's semantics: one key, one outcome). */
export const idempotencyKey = z.string().regex(/^[A-Za-z0-9_.:-]{8,128}$/, "must be 8-128 characters of letters, digits, _ . : or -");

/** An opaque identifier minted by the platform. */
export const resourceId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a platform identifier");
