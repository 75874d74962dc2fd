import { AccountServiceService } from "@wallet/contracts/wallet/account/v1/account_service";
import { type PromiseClient } from "@wallet/service-kit";
import { newPerson, type SignedIn, type TestPlatform, Users } from "@wallet/testing";

export interface WalletOwner {
  session: SignedIn;
  walletId: string;
}

/** Proofed users with JPY wallets, funded from a bank's clearing account as payment would. */
export async function fundedWallets(platform: TestPlatform, amounts: bigint[]): Promise<{ owners: WalletOwner[]; ledger: PromiseClient<typeof AccountServiceService> }> {
  const users = await Users.on(platform);
  const account = platform.client(AccountServiceService, "account");
  const ledger = await platform.serviceClient(AccountServiceService, "account", "payment");
  const owners: WalletOwner[] = [];
  for (const [index, amount] of amounts.entries()) {
    const session = await users.honest(newPerson(`owner${index}`));
    const { wallet } = await account.openWallet({ currency: "JPY" }, { accessToken: session.accessToken });
    if (amount > 0n) {
      await ledger.credit({ walletId: wallet!.walletId, amount: { currency: "JPY", minorUnits: amount }, source: { bankCode: "0001" }, idempotencyKey: `fund-${wallet!.walletId}`, paymentId: "pay_funding" });
    }
    owners.push({ session, walletId: wallet!.walletId });
  }
  return { owners, ledger };
}
