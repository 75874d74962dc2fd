import { type SagaDefinition } from "./saga-definition";
import { bankCreditStep } from "./bank-steps";
import { commitStep, reserveStep } from "./ledger-steps";

/**
 * Wallet to a linked bank account: hold the money, pay it out at the bank, then commit the hold
 * to that bank's clearing account (recorded even if the wallet was frozen meanwhile: the money
 * already left).
 */
export const withdrawSaga: SagaDefinition = [
  reserveStep((payment) => payment.walletId),
  bankCreditStep,
  commitStep((payment) => ({ bankCode: payment.bankCode }), { settledExternally: true }),
];
