import { type PaymentDocument, type PaymentStateName } from "../store/payment.model";
import { type PaymentModels } from "../store/models";
import { countFinished } from "./payment-metrics";
import { recordOutcomeInRiskHistory } from "./risk/risk-history";

/**
 * What follows the write that made a payment terminal (only that write: see countFinished): the
 * payment is counted, and the risk history learns how it ended.
 */
export async function paymentFinished(models: PaymentModels, payment: PaymentDocument, state: PaymentStateName): Promise<void> {
  countFinished(payment.kind, state);
  await recordOutcomeInRiskHistory(models, payment, state);
}
