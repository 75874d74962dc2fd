import { insertIfAbsent } from "@wallet/store-kit";
import { type PaymentDocument, type PaymentStateName } from "../../store/payment.model";
import { type PaymentModels } from "../../store/models";

export function knownPayeeId(payerId: string, payeeUserId: string): string {
  return `${payerId}:${payeeUserId}`;
}

/** Records a payment in the risk history before the payment itself is written (see RiskHistoryDocument). */
export async function recordInRiskHistory(models: PaymentModels, payment: PaymentDocument): Promise<void> {
  await insertIfAbsent(models.riskHistory, {
    _id: payment.idempotencyScope,
    ownerId: payment.ownerId,
    kind: payment.kind,
    amount: payment.amount,
    accountFingerprint: payment.accountFingerprint,
    createdAt: payment.createdAt,
    failed: payment.state === "FAILED",
  });
}

/**
 * What a payment's end teaches the risk history: a FAILED payment stops counting toward the
 * payer's velocity, and a first-time payee becomes known once a transfer to them completes.
 * Called after the write that made the payment terminal; if it is lost (a crash in between, the
 * store failing), the history errs on the strict side: the payment still counts, the payee
 * still needs a step-up.
 */
export async function recordOutcomeInRiskHistory(models: PaymentModels, payment: PaymentDocument, state: PaymentStateName): Promise<void> {
  try {
    if (state === "FAILED") await models.riskHistory.updateOne({ _id: payment.idempotencyScope }, { $set: { failed: true } });
    if (state === "COMPLETED" && payment.kind === "TRANSFER" && payment.payeeUserId && payment.risk.reasons.includes("FIRST_TIME_PAYEE")) {
      await insertIfAbsent(models.knownPayees, { _id: knownPayeeId(payment.ownerId, payment.payeeUserId), at: new Date() });
    }
  } catch {
    // The payment has ended: its caller gets that answer, not this bookkeeping's failure, which
    // only leaves the history on the strict side.
  }
}

const BACKFILL = "risk_history_v1";
/** The longest window a history rule looks back (the 30-day bank-account rules). */
const HISTORY_WINDOW_MS = 30 * 86_400_000;

/**
 * Once per store, before the service answers: payments written before the risk history
 * existed get their entries (the last 30 days, the longest window a rule reads) and their
 * known payees (every completed transfer), so an upgrade does not reset anyone's velocity or
 * multi-account history. Idempotent and safe to run on several replicas at once; the marker
 * is written only when it has run to its end. Returns how many payments it looked at.
 */
export async function backfillRiskHistory(models: PaymentModels, now: Date): Promise<number> {
  if (await models.migrations.exists({ _id: BACKFILL })) return 0;
  let seen = 0;
  const recent = models.payments.find({ createdAt: { $gte: new Date(now.getTime() - HISTORY_WINDOW_MS) } }).lean<PaymentDocument[]>().cursor();
  for await (const payment of recent as AsyncIterable<PaymentDocument>) {
    seen += 1;
    await recordInRiskHistory(models, payment);
  }
  const transfers = models.payments.find({ kind: "TRANSFER", state: "COMPLETED" }, { ownerId: 1, payeeUserId: 1 }).lean<Pick<PaymentDocument, "ownerId" | "payeeUserId">[]>().cursor();
  for await (const transfer of transfers as AsyncIterable<Pick<PaymentDocument, "ownerId" | "payeeUserId">>) {
    seen += 1;
    if (transfer.payeeUserId) await insertIfAbsent(models.knownPayees, { _id: knownPayeeId(transfer.ownerId, transfer.payeeUserId), at: now });
  }
  await insertIfAbsent(models.migrations, { _id: BACKFILL, at: now });
  return seen;
}
