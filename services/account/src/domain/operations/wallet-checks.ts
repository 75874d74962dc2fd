import { FailedPreconditionError } from "@wallet/service-kit";
import { type LedgerAccountDocument } from "../../store/ledger-account.model";
import { limitsFor } from "../limits";
import { type WalletState } from "../ledger/wallet-state";

/** Money may leave: not frozen, enough available, within today's outflow limit. */
export function assertCanSend(head: WalletState, wallet: LedgerAccountDocument, amount: bigint, businessDay: string): void {
  if (head.frozen) throw new FailedPreconditionError("WALLET_FROZEN", "the wallet is frozen");
  const available = head.balance - head.held;
  if (available < amount) throw new FailedPreconditionError("INSUFFICIENT_FUNDS", "the available balance is too low", { available: available.toString() });
  const limits = limitsFor(wallet.currency, head.tier);
  const usedToday = head.outflowDay === businessDay ? head.outflowToday : 0n;
  if (!limits || usedToday + amount > limits.dailyOutflow) {
    throw new FailedPreconditionError("DAILY_OUTFLOW_EXCEEDED", "this would exceed the wallet's daily outflow limit", {
      daily_outflow: String(limits?.dailyOutflow ?? 0n),
      used_today: usedToday.toString(),
    });
  }
}

/** Money may arrive: the right currency, and within the maximum balance. */
export function assertCanReceive(head: WalletState, wallet: LedgerAccountDocument, amount: bigint, currency: string): void {
  assertCurrency(wallet, currency);
  const limits = limitsFor(wallet.currency, head.tier);
  if (!limits || head.balance + amount > limits.maxBalance) {
    throw new FailedPreconditionError("MAX_BALANCE_EXCEEDED", "the wallet would exceed its maximum balance", {
      max_balance: String(limits?.maxBalance ?? 0n),
    });
  }
}

export function assertCurrency(wallet: LedgerAccountDocument, currency: string): void {
  if (wallet.currency !== currency) {
    throw new FailedPreconditionError("CURRENCY_MISMATCH", "the amount's currency is not the wallet's", { wallet_currency: wallet.currency });
  }
}
