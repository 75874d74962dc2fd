import { type Connection, Schema } from "mongoose";

/**
 * A link between a user's wallet and a bank account: the facts fixed when it started. Its state
 * lives in the link's chain (link-change.model.ts), never in a field of this document, so no
 * decision rests on a conditional update.
 */
export interface LinkDocument {
  _id: string;
  userId: string;
  /** "<user>:<idempotency key>", unique: one link per StartLink key. */
  startKey: string;
  bankCode: string;
  branchCode: string;
  /** The only part of the account number shown or logged. */
  accountLast4: string;
  /** AES-256-GCM, context "links:<id>:account_number". */
  accountNumberEncrypted: string;
  /** Blind index of bank, branch and account number: finds the account without its number. */
  accountFingerprint: string;
  createdAt: Date;
  /** Set once the link first became ACTIVE (for "links the user has had"); never decides anything. */
  activatedAt: Date | null;
}

export function linkModel(connection: Connection) {
  return connection.model<LinkDocument>("Link", new Schema<LinkDocument>({
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    startKey: { type: String, required: true },
    bankCode: { type: String, required: true },
    branchCode: { type: String, required: true },
    accountLast4: { type: String, required: true },
    accountNumberEncrypted: { type: String, required: true },
    accountFingerprint: { type: String, required: true },
    createdAt: { type: Date, required: true },
    activatedAt: { type: Date, default: null },
  }, { versionKey: false, collection: "links" })
    .index({ startKey: 1 }, { unique: true, name: "links_start_key" })
    .index({ userId: 1, createdAt: -1 }, { name: "links_by_user" })
    .index({ accountFingerprint: 1 }, { name: "links_by_account" }));
}
