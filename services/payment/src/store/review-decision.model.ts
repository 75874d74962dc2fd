import { type Connection, Schema } from "mongoose";

export type ReviewOutcome = "APPROVED" | "REJECTED" | "EXPIRED";

/**
 * The one decision a payment held for review gets, under the payment's id: the fraud team's
 * approval or rejection, or the expiry of its deadline. The first to insert it wins, so an
 * approval and a rejection (or an expiry) that race can never both take effect.
 */
export interface ReviewDecisionDocument {
  /** The payment's id. */
  _id: string;
  outcome: ReviewOutcome;
  /** The operator tool that decided; empty for an expiry. */
  operator: string;
  note: string;
  at: Date;
}

export function reviewDecisionModel(connection: Connection) {
  return connection.model<ReviewDecisionDocument>("ReviewDecision", new Schema<ReviewDecisionDocument>({
    _id: { type: String, required: true },
    outcome: { type: String, required: true },
    operator: { type: String, default: "" },
    note: { type: String, default: "" },
    at: { type: Date, required: true },
  }, { versionKey: false, collection: "review_decisions" }));
}
