import { type Connection, Schema } from "mongoose";

/**
 * One replica's claim to resume one due payment: `<payment id>:<the due time read>:<lease
 * window>`. Every replica's recovery worker sees the same due payments; the first to insert the
 * claim runs the payment and the others pass (a unique insert is the only compare-and-set every
 * store we run on enforces). Kept a day, then swept.
 */
export interface ResumeClaimDocument {
  _id: string;
  paymentId: string;
  at: Date;
}

export function resumeClaimModel(connection: Connection) {
  return connection.model<ResumeClaimDocument>("ResumeClaim", new Schema<ResumeClaimDocument>({
    _id: { type: String, required: true },
    paymentId: { type: String, required: true },
    at: { type: Date, required: true },
  }, { versionKey: false, collection: "resume_claims" }).index({ at: 1 }, { name: "sweep" }));
}
