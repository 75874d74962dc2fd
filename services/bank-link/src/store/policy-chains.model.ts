import { type Connection, Schema } from "mongoose";
import { type ChainEventEnvelope } from "@wallet/store-kit";

/**
 * Link attempts per throttle key ("user:<id>", "account:<fingerprint>"), each with the attempt
 * times still inside the window: every attempt is an insert at the key's next position, so
 * concurrent attempts are counted exactly.
 */
export interface AttemptDocument extends ChainEventEnvelope {
  key: string;
  attempts: Date[];
  at: Date;
}

/** An open link and the fingerprint of its bank account. */
export interface OpenLink {
  linkId: string;
  account: string;
}

/**
 * The links a user holds open (pending, active or suspended), against the per-user limit and
 * one open link per bank account.
 */
export interface LinkBookDocument extends ChainEventEnvelope {
  userId: string;
  kind: "OPENED" | "CLOSED";
  linkId: string;
  openLinks: OpenLink[];
  at: Date;
}

const envelope = {
  _id: { type: String, required: true },
  seq: { type: Number, required: true },
  opKey: { type: String, required: true },
  request: { type: Schema.Types.Mixed, default: {} },
} as const;

export function policyChainModels(connection: Connection) {
  return {
    attempts: connection.model<AttemptDocument>("LinkAttempt", new Schema<AttemptDocument>({
      ...envelope,
      key: { type: String, required: true },
      attempts: { type: [Date], default: [] },
      at: { type: Date, required: true },
    }, { versionKey: false, minimize: false, collection: "link_attempts" })
      .index({ opKey: 1 }, { unique: true, name: "link_attempts_op_key" })
      .index({ key: 1, seq: -1 }, { name: "link_attempts_chain" })),
    linkBooks: connection.model<LinkBookDocument>("LinkBook", new Schema<LinkBookDocument>({
      ...envelope,
      userId: { type: String, required: true },
      kind: { type: String, required: true },
      linkId: { type: String, required: true },
      openLinks: { type: [{ _id: false, linkId: { type: String, required: true }, account: { type: String, required: true } }], default: [] },
      at: { type: Date, required: true },
    }, { versionKey: false, minimize: false, collection: "link_books" })
      .index({ opKey: 1 }, { unique: true, name: "link_books_op_key" })
      .index({ userId: 1, seq: -1 }, { name: "link_books_chain" })),
  };
}
