import { type Connection, Schema } from "mongoose";

/** Append-only record of what the fraud team needs to see. Never personal data or secrets. */
export interface SecurityEventDocument {
  _id: string;
  userId: string;
  type: string;
  reason: string;
  facts: Record<string, string>;
  traceId: string;
  at: Date;
}

export function securityEventModel(connection: Connection) {
  return connection.model<SecurityEventDocument>("SecurityEvent", new Schema<SecurityEventDocument>({
    _id: { type: String, required: true },
    userId: { type: String, default: "" },
    type: { type: String, required: true },
    reason: { type: String, default: "" },
    facts: { type: Schema.Types.Mixed, default: {} },
    traceId: { type: String, default: "" },
    at: { type: Date, required: true },
  }, { versionKey: false, minimize: false, collection: "security_events" })
    .index({ userId: 1, at: -1 }, { name: "security_events_by_user" })
    .index({ at: -1 }, { name: "security_events_by_time" }));
}
