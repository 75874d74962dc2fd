import { FailedPreconditionError, newId } from "@wallet/service-kit";
import { insertIfAbsent } from "@wallet/store-kit";
import { type LedgerAccountDocument } from "../../store/ledger-account.model";
import { type AccountModels } from "../../store/models";
import { limitsFor } from "../limits";
import { type WalletDirectory, walletUniqueKey } from "../ledger/wallet-directory";

/** Opens the owner's wallet in a currency; opening it again returns the same wallet. */
export async function openWallet(
  models: AccountModels,
  wallets: WalletDirectory,
  input: { ownerId: string; currency: string; tier: number },
): Promise<LedgerAccountDocument> {
  if (!limitsFor(input.currency, input.tier)) {
    throw new FailedPreconditionError("CURRENCY_NOT_SUPPORTED", "wallets in this currency are not offered", { currency: input.currency });
  }
  const wallet: LedgerAccountDocument = {
    _id: newId("wal"),
    kind: "USER_WALLET",
    currency: input.currency,
    ownerId: input.ownerId,
    uniqueKey: walletUniqueKey(input.ownerId, input.currency),
    initialTier: input.tier,
    createdAt: new Date(),
  };
  if (await insertIfAbsent(models.ledgerAccounts, wallet)) {
    wallets.remember(wallet);
    return wallet;
  }
  const existing = await wallets.findByOwner(input.ownerId, input.currency);
  if (!existing) throw new Error("wallet unique key taken but wallet not found");
  return existing;
}
