import { NotFoundError } from "@wallet/service-kit";
import { type LedgerAccountDocument } from "../../store/ledger-account.model";
import { type AccountModels } from "../../store/models";

/**
 * Wallet metadata (owner, currency) by id. It never changes once written, so it is cached for
 * the life of the process; this keeps the gate's owner check and every ledger operation from
 * re-reading it.
 */
export class WalletDirectory {
  private readonly cache = new Map<string, LedgerAccountDocument>();
  /** Wallet ids by owner and currency: a wallet, once opened, is the owner's for good. */
  private readonly byOwner = new Map<string, string>();

  constructor(private readonly models: AccountModels) {}

  async find(walletId: string): Promise<LedgerAccountDocument | undefined> {
    const cached = this.cache.get(walletId);
    if (cached) return cached;
    const wallet = await this.models.ledgerAccounts.findById(walletId).lean();
    if (!wallet || wallet.kind !== "USER_WALLET") return undefined;
    this.remember(wallet);
    return wallet;
  }

  async get(walletId: string): Promise<LedgerAccountDocument> {
    const wallet = await this.find(walletId);
    if (!wallet) throw new NotFoundError("wallet");
    return wallet;
  }

  async findByOwner(ownerId: string, currency: string): Promise<LedgerAccountDocument | undefined> {
    const key = walletUniqueKey(ownerId, currency);
    const known = this.byOwner.get(key);
    if (known) return this.find(known);
    // Only found wallets are remembered: one opened a moment later is found next time.
    const wallet = await this.models.ledgerAccounts.findOne({ uniqueKey: key }).lean();
    if (wallet) this.remember(wallet);
    return wallet ?? undefined;
  }

  remember(wallet: LedgerAccountDocument): void {
    if (this.cache.size > 100_000) {
      this.cache.clear();
      this.byOwner.clear();
    }
    this.cache.set(wallet._id, wallet);
    if (wallet.kind === "USER_WALLET") this.byOwner.set(walletUniqueKey(wallet.ownerId, wallet.currency), wallet._id);
  }
}

export function walletUniqueKey(ownerId: string, currency: string): string {
  return `USER_WALLET:${ownerId}:${currency}`;
}
