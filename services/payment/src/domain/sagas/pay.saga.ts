import { type SagaDefinition } from "./saga-definition";
import { commitStep, reserveStep } from "./ledger-steps";

/** Wallet to a merchant: hold, then commit to the merchant's account in the ledger. */
export const paySaga: SagaDefinition = [
  reserveStep((payment) => payment.walletId),
  commitStep((payment) => ({ merchantId: payment.merchantId })),
];
