import { type Connection, Schema } from "mongoose";

/** Append-only record of link attempts and outcomes for the fraud team. Never personal data. */
export interface LinkEventDocument {
  _id: string;
  userId: string;
  linkId: string;
  type: string;
  reason: string;
  bankCode: string;
  accountLast4: string;
  /** Non-personal facts: scores, counts, limits, ids. */
  facts: Record<string, string>;
  traceId: string;
  at: Date;
}

export function linkEventModel(connection: Connection) {
  return connection.model<LinkEventDocument>("LinkEvent", new Schema<LinkEventDocument>({
    _id: { type: String, required: true },
    userId: { type: String, default: "" },
    linkId: { type: String, default: "" },
    type: { type: String, required: true },
    reason: { type: String, default: "" },
    bankCode: { type: String, default: "" },
    accountLast4: { type: String, default: "" },
    facts: { type: Schema.Types.Mixed, default: {} },
    traceId: { type: String, default: "" },
    at: { type: Date, required: true },
  }, { versionKey: false, minimize: false, collection: "link_events" })
    .index({ userId: 1, at: -1 }, { name: "link_events_by_user" })
    .index({ linkId: 1, at: -1 }, { name: "link_events_by_link" })
    .index({ at: -1 }, { name: "link_events_by_time" }));
}
