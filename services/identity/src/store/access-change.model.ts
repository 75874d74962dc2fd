import { type Connection, Schema } from "mongoose";

/**
 * One change to what a session or a user may do: a session revoked, every session of a user
 * revoked, a user locked or given a new IAL. Written right after the
 * change itself; every identity replica reads the recent ones to drop the session and user
 * records its gate has cached (see GateRecords). Kept for minutes only, then swept.
 */
export interface AccessChangeDocument {
  _id: string;
  /** The one session that changed, or "" when the change is about every session of `userId`. */
  sessionId: string;
  /** The user whose sessions all changed (revoked, locked, proofed), or "" for one session. */
  userId: string;
  at: Date;
}

export function accessChangeModel(connection: Connection) {
  return connection.model<AccessChangeDocument>("AccessChange", new Schema<AccessChangeDocument>({
    _id: { type: String, required: true },
    sessionId: { type: String, default: "" },
    userId: { type: String, default: "" },
    at: { type: Date, required: true },
  }, { versionKey: false, collection: "access_changes" }).index({ at: 1 }, { name: "access_changes_by_time" }));
}
