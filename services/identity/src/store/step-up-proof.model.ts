import { type Connection, Schema } from "mongoose";

/** A step-up proof: approves one exact operation, once, for a few minutes. */
export interface StepUpProofDocument {
  /** SHA-256 of the proof token. */
  _id: string;
  userId: string;
  /** Hash of the action and the operation's bound values. */
  binding: string;
  challengeId: string;
  expiresAt: Date;
  createdAt: Date;
}

export function stepUpProofModel(connection: Connection) {
  return connection.model<StepUpProofDocument>("StepUpProof", new Schema<StepUpProofDocument>({
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    binding: { type: String, required: true },
    challengeId: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
  }, { versionKey: false, collection: "step_up_proofs" }).index({ expiresAt: 1 }, { name: "step_up_proofs_expiry" }));
}

/** A step-up the gate (or a risk engine) asked for: one exact operation, waiting for its code. */
export interface StepUpChallengeDocument {
  _id: string;
  userId: string;
  action: string;
  /** The bound values as pairs (field names contain dots, which stores refuse as keys). */
  operation: { field: string; value: string }[];
  binding: string;
  reason: string;
  /** The one-time code currently sent for it (a resend replaces it). */
  codeChallengeId: string;
  sends: number;
  expiresAt: Date;
  createdAt: Date;
}

export function stepUpChallengeModel(connection: Connection) {
  return connection.model<StepUpChallengeDocument>("StepUpChallenge", new Schema<StepUpChallengeDocument>({
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    action: { type: String, required: true },
    operation: { type: [{ _id: false, field: String, value: String }], default: [] },
    binding: { type: String, required: true },
    reason: { type: String, default: "" },
    codeChallengeId: { type: String, default: "" },
    sends: { type: Number, default: 0 },
    expiresAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
  }, { versionKey: false, collection: "step_up_challenges" }).index({ expiresAt: 1 }, { name: "step_up_challenges_expiry" }));
}
