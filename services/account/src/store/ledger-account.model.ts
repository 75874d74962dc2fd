import { type Connection, Schema } from "mongoose";

export type LedgerAccountKind = "USER_WALLET" | "BANK_CLEARING" | "MERCHANT" | "FEES" | "SUSPENSE" | "TRANSIT";

/** A ledger account: a user's wallet, or a system account (bank clearing, merchant, ...). */
export interface LedgerAccountDocument {
  _id: string;
  kind: LedgerAccountKind;
  currency: string;
  /** The user who owns a wallet; "" for system accounts. */
  ownerId: string;
  /** One wallet per user and currency, one system account per purpose: enforced by a unique index. */
  uniqueKey: string;
  /** Limits tier the wallet started with (the owner's identity assurance level at opening). */
  initialTier: number;
  createdAt: Date;
}

const ledgerAccountSchema = new Schema<LedgerAccountDocument>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    currency: { type: String, required: true },
    ownerId: { type: String, default: "" },
    uniqueKey: { type: String, required: true },
    initialTier: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: "ledger_accounts" },
);
ledgerAccountSchema.index({ uniqueKey: 1 }, { unique: true, name: "ledger_accounts_unique_key" });

export function ledgerAccountModel(connection: Connection) {
  return connection.model<LedgerAccountDocument>("LedgerAccount", ledgerAccountSchema);
}
