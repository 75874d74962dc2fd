import { AS_SERVICE, type Downstream } from "./downstream";

const MAX_ENTRIES = 100_000;

/**
 * Wallet ids by owner and currency, as account reports them, remembered once found. A wallet is
 * never closed or replaced (account has no RPC that could), so a found id stays right; what can
 * change about a wallet (frozen, its balance, its limits) is account's to enforce at every
 * movement and is not read here. Only finds are remembered: "no wallet yet" is asked again.
 * This saves a transfer two of its six calls to other services.
 */
export class WalletDirectory {
  private readonly known = new Map<string, string>();

  constructor(private readonly account: Downstream["account"]) {}

  /** The wallet's id; account's NOT_FOUND comes through as a RemoteError. */
  async walletIdOf(ownerId: string, currency: string): Promise<string> {
    const key = `${ownerId}:${currency}`;
    const known = this.known.get(key);
    if (known) return known;
    const { wallet } = await this.account.findWallet({ ownerId, currency }, AS_SERVICE);
    if (this.known.size >= MAX_ENTRIES) this.known.clear();
    this.known.set(key, wallet!.walletId);
    return wallet!.walletId;
  }
}
