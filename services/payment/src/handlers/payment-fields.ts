import { currencyCode, idempotencyKey, positiveMoney, resourceId } from "@wallet/service-kit";
import { z } from "zod";

export { currencyCode, idempotencyKey, positiveMoney, resourceId };

export const merchantId = z.string().regex(/^[a-z0-9_-]{2,40}$/, "must be a merchant id (2-40 lower-case letters, digits, _ or -)");

/** The fields that define a money request, as recorded for idempotent replays. */
export function moneyFingerprint(amount: { currency: string; minorUnits: bigint }): Record<string, string> {
  return { amount: amount.minorUnits.toString(), currency: amount.currency };
}
