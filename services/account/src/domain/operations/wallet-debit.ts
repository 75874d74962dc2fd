import { newId } from "@wallet/service-kit";
import { type Counterparty, describeCounterparty, systemAccountOf } from "../ledger/counterparty";
import { type LedgerContext } from "../ledger/ledger-context";
import { type AppendResult } from "../ledger/wallet-chain";
import { assertCanSend, assertCurrency } from "./wallet-checks";

export interface DebitInput {
  walletId: string;
  amount: bigint;
  currency: string;
  destination: Exclude<Counterparty, { kind: "wallet" }>;
  idempotencyKey: string;
  paymentId: string;
}

/**
 * Money out of a wallet into a system account, at once: one balanced entry, one insert (the
 * store write a debit cannot do without). The decision is made against the wallet's exact
 * state, so concurrent debits can never take it below zero.
 */
export async function debitWallet(ledger: LedgerContext, input: DebitInput): Promise<AppendResult> {
  const to = await ledger.systemAccounts.ensure(systemAccountOf(input.destination, input.currency), input.currency);
  return ledger.chain.append({
    walletId: input.walletId,
    opKey: `${input.walletId}:debit:${input.idempotencyKey}`,
    request: { op: "debit", amount: input.amount.toString(), currency: input.currency, destination: describeCounterparty(input.destination) },
    paymentId: input.paymentId,
    idempotencyKey: input.idempotencyKey,
    decide(head, wallet) {
      assertCurrency(wallet, input.currency);
      assertCanSend(head, wallet, input.amount, ledger.businessDay(ledger.clock()));
      return {
        kind: "DEBITED",
        entry: { entryId: newId("ent"), currency: input.currency, postings: [{ accountId: wallet._id, amount: -input.amount }, { accountId: to, amount: input.amount }] },
        hold: null,
        outflow: input.amount,
      };
    },
  });
}
