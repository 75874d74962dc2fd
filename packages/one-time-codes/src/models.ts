import { type Connection, Schema } from "mongoose";

export interface ChallengeDocument {
  _id: string;
  /** What the code is for ("signup_email", "login_sms", "step_up", "bank_link"...). */
  purpose: string;
  /** Whose code it is (a user id, a sign-up id, a bank account). */
  subject: string;
  /** What the code approves, for codes bound to an operation (empty otherwise). */
  binding: string;
  /** HMAC of the code under a server key: a leaked database does not give the codes away. */
  codeHash: string;
  expiresAt: Date;
  createdAt: Date;
}

/**
 * Claims on a challenge: "<challenge>:try:<n>" for the n-th verification attempt and
 * "<challenge>:used" for its single use. Claims are inserts under a unique _id, so concurrent
 * guesses cannot share an attempt and a code cannot be used twice, on any store.
 */
export interface ChallengeClaimDocument {
  _id: string;
  challengeId: string;
  at: Date;
}

export function challengeModels(connection: Connection) {
  const challenges = connection.model<ChallengeDocument>("OtpChallenge", new Schema<ChallengeDocument>({
    _id: { type: String, required: true },
    purpose: { type: String, required: true },
    subject: { type: String, required: true },
    binding: { type: String, default: "" },
    codeHash: { type: String, required: true },
    expiresAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
  }, { versionKey: false, collection: "otp_challenges" }).index({ expiresAt: 1 }, { name: "otp_challenges_expiry" }));
  const claims = connection.model<ChallengeClaimDocument>("OtpChallengeClaim", new Schema<ChallengeClaimDocument>({
    _id: { type: String, required: true },
    challengeId: { type: String, required: true },
    at: { type: Date, required: true },
  }, { versionKey: false, collection: "otp_challenge_claims" })
    .index({ challengeId: 1 }, { name: "otp_claims_by_challenge" })
    // The owning service sweeps claims by age (identity's expired-records).
    .index({ at: 1 }, { name: "otp_claims_by_time" }));
  return { challenges, claims };
}

export type ChallengeModels = ReturnType<typeof challengeModels>;
