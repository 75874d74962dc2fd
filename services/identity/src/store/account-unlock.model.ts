import { type Connection, Schema } from "mongoose";

/**
 * One operator's unlock of an account, under the operator's idempotency key: what a retry
 * replays, and a record of who lifted which lock for which support case. Kept like the
 * security events (never swept).
 */
export interface AccountUnlockDocument {
  /** "<operator>:<idempotency key>". */
  _id: string;
  userId: string;
  operator: string;
  ticket: string;
  wasLocked: boolean;
  sessionsRevoked: number;
  at: Date;
}

export function accountUnlockModel(connection: Connection) {
  return connection.model<AccountUnlockDocument>("AccountUnlock", new Schema<AccountUnlockDocument>({
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    operator: { type: String, required: true },
    ticket: { type: String, required: true },
    wasLocked: { type: Boolean, required: true },
    sessionsRevoked: { type: Number, required: true },
    at: { type: Date, required: true },
  }, { versionKey: false, collection: "account_unlocks" }));
}
