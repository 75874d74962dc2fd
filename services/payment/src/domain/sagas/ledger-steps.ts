import { status } from "@grpc/grpc-js";
import { type Counterparty } from "@wallet/contracts/wallet/account/v1/account_service";
import { RemoteError } from "@wallet/service-kit";
import { AS_SERVICE } from "../../clients/downstream";
import { type PaymentDocument } from "../../store/payment.model";
import { type PaymentContext } from "../payment-context";
import { type SagaStep } from "./saga-definition";

export function moneyOf(payment: PaymentDocument) {
  return { currency: payment.currency, minorUnits: BigInt(payment.amount) };
}

/** RESERVED: the payer's money is held; undo voids the hold (safe if it never happened). */
export function reserveStep(walletOf: (payment: PaymentDocument) => string): SagaStep {
  const reserve = (context: PaymentContext, payment: PaymentDocument) => context.downstream.account.reserve({
    walletId: walletOf(payment),
    amount: moneyOf(payment),
    idempotencyKey: `${payment._id}:hold`,
    paymentId: payment._id,
    expiresInSeconds: context.settings.holdLifetimeSeconds,
  }, AS_SERVICE);
  return {
    name: "RESERVED",
    movesMoney: false,
    // Account replays a reservation that went through, and refuses one only on the wallet's
    // exact state: a refusal means no hold.
    refusalProvesNotDone: true,
    async run(context, payment) {
      const { hold } = await reserve(context, payment);
      return { patch: { holdId: hold!.holdId }, facts: { hold_id: hold!.holdId } };
    },
    async undo(context, payment) {
      let holdId = payment.holdId;
      if (!holdId) {
        // The reservation's answer was lost: ask again with the same key to learn the hold (a
        // refusal means there is nothing to release).
        try {
          holdId = (await reserve(context, payment)).hold!.holdId;
        } catch (error) {
          if (error instanceof RemoteError && error.code === status.FAILED_PRECONDITION) return "undone";
          throw error;
        }
      }
      await context.downstream.account.voidHold({ holdId, reason: `payment ${payment.kind} compensated` }, AS_SERVICE);
      return "undone";
    },
  };
}

/** COMMITTED: the held money moves to its destination. */
export function commitStep(destinationOf: (payment: PaymentDocument) => Counterparty, options: { settledExternally?: boolean } = {}): SagaStep {
  return {
    name: "COMMITTED",
    movesMoney: true,
    async run(context, payment) {
      const { entryId } = await context.downstream.account.commitHold({
        holdId: payment.holdId,
        destination: destinationOf(payment),
        settledExternally: options.settledExternally ?? false,
      }, AS_SERVICE);
      return { facts: { entry_id: entryId } };
    },
  };
}

/**
 * WALLET_CREDITED: money from outside the wallets (a bank, a merchant) arrives in the payment's
 * wallet. Each flow keeps its own key suffix: a payment stopped mid-saga before the flows shared
 * this step is resumed with the key its first attempt used, so account replays, never credits twice.
 */
export function walletCreditStep(sourceOf: (payment: PaymentDocument) => Counterparty, keySuffix: string): SagaStep {
  return {
    name: "WALLET_CREDITED",
    movesMoney: true,
    async run(context, payment) {
      const { movement } = await context.downstream.account.credit({
        walletId: payment.walletId,
        amount: moneyOf(payment),
        source: sourceOf(payment),
        idempotencyKey: `${payment._id}:${keySuffix}`,
        paymentId: payment._id,
      }, AS_SERVICE);
      return { facts: { entry_id: movement!.entryId } };
    },
  };
}
