import { type Connection, Schema } from "mongoose";
import { type ChainEventEnvelope } from "@wallet/store-kit";

/**
 * Per account, the chain of PIN checks: each check is counted as a failure *before* the PIN is
 * compared and a success resets the count, so concurrent guesses across many authentications
 * are counted exactly and the PIN locks after too many in a row.
 */
export interface PinCheckDocument extends ChainEventEnvelope {
  accountId: string;
  kind: "CHECK" | "SUCCESS";
  consecutiveFailures: number;
  at: Date;
}

export function pinCheckModel(connection: Connection) {
  return connection.model<PinCheckDocument>("PinCheck", new Schema<PinCheckDocument>({
    _id: { type: String, required: true },
    accountId: { type: String, required: true },
    seq: { type: Number, required: true },
    opKey: { type: String, required: true },
    request: { type: Schema.Types.Mixed, default: {} },
    kind: { type: String, required: true },
    consecutiveFailures: { type: Number, required: true },
    at: { type: Date, required: true },
  }, { versionKey: false, minimize: false, collection: "pin_checks" })
    .index({ opKey: 1 }, { unique: true, name: "pin_checks_op_key" })
    .index({ accountId: 1, seq: -1 }, { name: "pin_checks_chain" }));
}
