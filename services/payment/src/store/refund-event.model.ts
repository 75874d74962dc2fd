import { type Connection, Schema } from "mongoose";
import { type ChainEventEnvelope } from "@wallet/store-kit";

/**
 * The chain of refunds against one merchant payment, with the refunded total after each: a
 * refund is claimed here first, so refunds of one payment can never exceed it, however many
 * arrive at once.
 */
export interface RefundEventDocument extends ChainEventEnvelope {
  originalPaymentId: string;
  refundPaymentId: string;
  kind: "CLAIMED" | "RELEASED";
  amount: bigint;
  refundedTotal: bigint;
  at: Date;
}

export function refundEventModel(connection: Connection) {
  return connection.model<RefundEventDocument>("RefundEvent", new Schema<RefundEventDocument>({
    _id: { type: String, required: true },
    originalPaymentId: { type: String, required: true },
    refundPaymentId: { type: String, required: true },
    seq: { type: Number, required: true },
    opKey: { type: String, required: true },
    request: { type: Schema.Types.Mixed, default: {} },
    kind: { type: String, required: true },
    amount: { type: Schema.Types.BigInt, required: true },
    refundedTotal: { type: Schema.Types.BigInt, required: true },
    at: { type: Date, required: true },
  }, { versionKey: false, collection: "refund_events" })
    .index({ opKey: 1 }, { unique: true, name: "refund_events_op_key" })
    .index({ originalPaymentId: 1, seq: -1 }, { name: "refund_events_chain" }));
}
