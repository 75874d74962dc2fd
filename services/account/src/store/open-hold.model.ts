import { type Connection, Schema } from "mongoose";

/**
 * The marker of a hold whose life is not over: written before the hold is reserved, deleted
 * after it is resolved and everything that follows (a transfer's credit) is done. Recovery
 * finds unfinished work here: a marker without its hold (voided after a grace period), an
 * expired hold (released), a resolved hold whose follow-up is missing (finished).
 */
export interface OpenHoldDocument {
  _id: string;
  walletId: string;
  amount: bigint;
  currency: string;
  expiresAt: Date;
  createdAt: Date;
}

export function openHoldModel(connection: Connection) {
  return connection.model<OpenHoldDocument>("OpenHold", new Schema<OpenHoldDocument>({
    _id: { type: String, required: true },
    walletId: { type: String, required: true },
    amount: { type: Schema.Types.BigInt, required: true },
    currency: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
  }, { versionKey: false, collection: "open_holds" }).index({ expiresAt: 1 }, { name: "open_holds_expiry" }));
}
