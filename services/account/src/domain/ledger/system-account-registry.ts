import { insertIfAbsent } from "@wallet/store-kit";
import { type AccountModels } from "../../store/models";
import { systemAccountKind } from "./system-accounts";

/** Creates system accounts on first use (a bank's clearing account at its first top-up). */
export class SystemAccountRegistry {
  private readonly known = new Set<string>();

  constructor(private readonly models: AccountModels) {}

  async ensure(accountId: string, currency: string): Promise<string> {
    if (this.known.has(accountId)) return accountId;
    const kind = systemAccountKind(accountId);
    if (!kind) throw new Error(`not a system account id: ${accountId}`);
    await insertIfAbsent(this.models.ledgerAccounts, {
      _id: accountId,
      kind,
      currency,
      ownerId: "",
      uniqueKey: accountId,
      initialTier: 0,
      createdAt: new Date(),
    });
    this.known.add(accountId);
    return accountId;
  }
}
