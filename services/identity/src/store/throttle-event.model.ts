import { type Connection, Schema } from "mongoose";
import { type ChainEventEnvelope } from "@wallet/store-kit";

/**
 * The chain of login attempts per throttle key (an account, a source address): each attempt is
 * counted before the password is checked, so concurrent guesses cannot slip past the count.
 */
export interface ThrottleEventDocument extends ChainEventEnvelope {
  key: string;
  kind: "ATTEMPT" | "SUCCESS" | "FORGIVEN" | "LOCK" | "UNLOCK";
  consecutiveFailures: number;
  lastAttemptAt: Date | null;
  locked: boolean;
  at: Date;
}

export function throttleEventModel(connection: Connection) {
  return connection.model<ThrottleEventDocument>("ThrottleEvent", new Schema<ThrottleEventDocument>({
    _id: { type: String, required: true },
    key: { type: String, required: true },
    seq: { type: Number, required: true },
    opKey: { type: String, required: true },
    request: { type: Schema.Types.Mixed, default: {} },
    kind: { type: String, required: true },
    consecutiveFailures: { type: Number, required: true },
    lastAttemptAt: { type: Date, default: null },
    locked: { type: Boolean, required: true },
    at: { type: Date, required: true },
  }, { versionKey: false, collection: "throttle_events" })
    .index({ opKey: 1 }, { unique: true, name: "throttle_events_op_key" })
    .index({ key: 1, seq: -1 }, { name: "throttle_events_chain" }));
}
