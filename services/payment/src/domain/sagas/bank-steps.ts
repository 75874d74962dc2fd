import { CancelOutcome } from "@wallet/contracts/wallet/banklink/v1/bank_link_service";
import { type PaymentDocument } from "../../store/payment.model";
import { type PaymentContext } from "../payment-context";
import { type SagaStep } from "./saga-definition";
import { AS_SERVICE } from "../../clients/downstream";
import { moneyOf } from "./ledger-steps";

const order = (payment: PaymentDocument, key: string) => ({
  linkId: payment.linkId,
  userId: payment.ownerId,
  amount: moneyOf(payment),
  idempotencyKey: `${payment._id}:${key}`,
  paymentId: payment._id,
});

async function cancel(context: PaymentContext, payment: PaymentDocument, key: string, reverseIfMade: boolean) {
  const { outcome } = await context.downstream.bankLink.cancelTransfer({
    linkId: payment.linkId, userId: payment.ownerId, idempotencyKey: `${payment._id}:${key}`, reverseIfMade, paymentId: payment._id,
  }, AS_SERVICE);
  return outcome === CancelOutcome.CANCEL_OUTCOME_ALREADY_MADE ? "happened" as const : "undone" as const;
}

/** BANK_DEBITED: money pulled from the linked account; undone by cancelling or paying it back. */
export const bankDebitStep: SagaStep = {
  name: "BANK_DEBITED",
  movesMoney: true,
  async run(context, payment) {
    const { transferId, bankReference } = await context.downstream.bankLink.debit(order(payment, "bank-debit"), AS_SERVICE);
    return { facts: { transfer_id: transferId, bank_reference: bankReference } };
  },
  undo: (context, payment) => cancel(context, payment, "bank-debit", true),
};

/**
 * BANK_CREDITED: money paid out to the linked account. Never taken back from the customer: if
 * the bank made the payout, the payment completes forward.
 */
export const bankCreditStep: SagaStep = {
  name: "BANK_CREDITED",
  movesMoney: true,
  async run(context, payment) {
    const { transferId, bankReference } = await context.downstream.bankLink.credit(order(payment, "bank-credit"), AS_SERVICE);
    return { facts: { transfer_id: transferId, bank_reference: bankReference } };
  },
  undo: (context, payment) => cancel(context, payment, "bank-credit", false),
};
