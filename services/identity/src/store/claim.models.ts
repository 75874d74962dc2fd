import { type Connection, Schema } from "mongoose";

/**
 * Claims: documents whose only job is their unique _id. Inserting one is how identity says
 * "this is now taken" atomically on any store (a confirmed phone, a handle, an identity
 * document, a spent refresh token, a used recovery code, a spent step-up proof, a sent notice,
 * the one approved proofing of a user).
 */
export interface ClaimDocument {
  _id: string;
  /** Who holds the claim (a user id), or what it belongs to. */
  holder: string;
  at: Date;
}

/** `byTime`: the claim only matters for a while after `at`, and is swept by it (see expired-records). */
function claimModel(connection: Connection, name: string, collection: string, options: { byTime?: boolean } = {}) {
  const schema = new Schema<ClaimDocument>({
    _id: { type: String, required: true },
    holder: { type: String, required: true },
    at: { type: Date, required: true },
  }, { versionKey: false, collection });
  if (options.byTime) schema.index({ at: 1 }, { name: `${collection}_by_time` });
  return connection.model<ClaimDocument>(name, schema);
}

export function claimModels(connection: Connection) {
  return {
    phoneClaims: claimModel(connection, "PhoneClaim", "phone_claims"),
    handleClaims: claimModel(connection, "HandleClaim", "handle_claims"),
    documentClaims: claimModel(connection, "DocumentClaim", "document_claims"),
    refreshSpends: claimModel(connection, "RefreshSpend", "refresh_token_spends", { byTime: true }),
    recoveryCodeSpends: claimModel(connection, "RecoveryCodeSpend", "recovery_code_spends"),
    totpSpends: claimModel(connection, "TotpSpend", "totp_code_spends", { byTime: true }),
    stepUpProofSpends: claimModel(connection, "StepUpProofSpend", "step_up_proof_spends", { byTime: true }),
    noticeClaims: claimModel(connection, "NoticeClaim", "notice_claims"),
    /** Under the user's id, held by the proofing approved for them: one proofed identity per user. */
    proofingApprovals: claimModel(connection, "ProofingApproval", "proofing_approvals"),
  };
}
