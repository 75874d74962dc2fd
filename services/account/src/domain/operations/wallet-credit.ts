import { newId } from "@wallet/service-kit";
import { type Counterparty, describeCounterparty, systemAccountOf } from "../ledger/counterparty";
import { type LedgerContext } from "../ledger/ledger-context";
import { type AppendResult } from "../ledger/wallet-chain";
import { assertCanReceive } from "./wallet-checks";

export interface CreditInput {
  walletId: string;
  amount: bigint;
  currency: string;
  source: Exclude<Counterparty, { kind: "wallet" }>;
  idempotencyKey: string;
  paymentId: string;
}

/** Money into a wallet from a system account: one balanced entry, one insert. */
export async function creditWallet(ledger: LedgerContext, input: CreditInput): Promise<AppendResult> {
  const from = await ledger.systemAccounts.ensure(systemAccountOf(input.source, input.currency), input.currency);
  return ledger.chain.append({
    walletId: input.walletId,
    opKey: `${input.walletId}:credit:${input.idempotencyKey}`,
    request: { op: "credit", amount: input.amount.toString(), currency: input.currency, source: describeCounterparty(input.source) },
    paymentId: input.paymentId,
    idempotencyKey: input.idempotencyKey,
    decide(head, wallet) {
      assertCanReceive(head, wallet, input.amount, input.currency);
      return {
        kind: "CREDITED",
        entry: { entryId: newId("ent"), currency: input.currency, postings: [{ accountId: from, amount: -input.amount }, { accountId: wallet._id, amount: input.amount }] },
        hold: null,
        outflow: 0n,
      };
    },
  });
}
