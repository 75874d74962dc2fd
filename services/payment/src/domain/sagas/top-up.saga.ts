import { type SagaDefinition } from "./saga-definition";
import { bankDebitStep } from "./bank-steps";
import { AS_SERVICE } from "../../clients/downstream";
import { moneyOf, walletCreditStep } from "./ledger-steps";

/**
 * Bank to wallet: make sure the wallet can take the money (before any bank movement), pull it
 * from the linked account, credit the wallet from that bank's clearing account. If the credit is
 * refused after the bank debit, the debit is paid back (COMPENSATED).
 */
export const topUpSaga: SagaDefinition = [
  {
    name: "CREDIT_CHECKED",
    movesMoney: false,
    async run(context, payment) {
      const { headroom } = await context.downstream.account.checkCredit({ walletId: payment.walletId, amount: moneyOf(payment) }, AS_SERVICE);
      return { facts: { headroom: String(headroom?.minorUnits ?? 0n) } };
    },
  },
  bankDebitStep,
  walletCreditStep((payment) => ({ bankCode: payment.bankCode }), "wallet-credit"),
];
