import { type SagaDefinition } from "./saga-definition";
import { commitStep, reserveStep } from "./ledger-steps";

/**
 * Wallet to wallet: hold the payer's money, then commit it to the payee's wallet (the ledger
 * moves it through its transit account, and gives it back if the payee cannot take it).
 */
export const transferSaga: SagaDefinition = [
  reserveStep((payment) => payment.walletId),
  commitStep((payment) => ({ walletId: payment.payeeWalletId })),
];
