import { insertIfAbsent } from "@wallet/store-kit";
import { type PaymentModels } from "../../store/models";

/** Claims older than this are swept; a claim only matters during its lease window. */
const CLAIM_RETENTION_MS = 86_400_000;

/**
 * Claims the resumption of a due payment for this replica: true when this call won it. The key
 * is the due time that was read (a running saga renews it with every step, so each stop is a new
 * occurrence) and the lease window: a replica that dies after claiming and before the payment
 * moves on only holds the payment until the window ends, when another replica's claim succeeds.
 */
export function claimResumption(models: PaymentModels, payment: { _id: string; nextAttemptAt: Date }, now: Date, leaseMs: number): Promise<boolean> {
  const window = Math.floor(now.getTime() / leaseMs);
  return insertIfAbsent(models.resumeClaims, { _id: `${payment._id}:${payment.nextAttemptAt.getTime()}:${window}`, paymentId: payment._id, at: now });
}

/** Forgets claims from more than a day ago. */
export async function sweepResumeClaims(models: PaymentModels, now: Date): Promise<void> {
  await models.resumeClaims.deleteMany({ at: { $lt: new Date(now.getTime() - CLAIM_RETENTION_MS) } });
}
