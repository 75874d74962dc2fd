import { type Connection, Schema } from "mongoose";

/**
 * "This bank account belongs to this proofed identity": _id is the account's fingerprint, so
 * the store's unique index lets exactly one identity hold an account, whatever races.
 */
export interface AccountClaimDocument {
  _id: string;
  holder: string;
  linkId: string;
  at: Date;
}

/** A bank consent bank-link must still revoke at the bank (retried until the bank confirms). */
export interface PendingRevocationDocument {
  _id: string;
  linkId: string;
  reason: "UNLINK" | "REPORTED_UNRECOGNIZED" | "REFUSED";
  at: Date;
}

/** How far the consent-revocation feed of the bank has been read. */
export interface SyncCheckpointDocument {
  _id: string;
  since: Date;
}

export function claimModels(connection: Connection) {
  return {
    accountClaims: connection.model<AccountClaimDocument>("AccountClaim", new Schema<AccountClaimDocument>({
      _id: { type: String, required: true },
      holder: { type: String, required: true },
      linkId: { type: String, required: true },
      at: { type: Date, required: true },
    }, { versionKey: false, collection: "account_claims" })),
    pendingRevocations: connection.model<PendingRevocationDocument>("PendingRevocation", new Schema<PendingRevocationDocument>({
      _id: { type: String, required: true },
      linkId: { type: String, required: true },
      reason: { type: String, required: true },
      at: { type: Date, required: true },
    }, { versionKey: false, collection: "pending_consent_revocations" })),
    syncCheckpoints: connection.model<SyncCheckpointDocument>("SyncCheckpoint", new Schema<SyncCheckpointDocument>({
      _id: { type: String, required: true },
      since: { type: Date, required: true },
    }, { versionKey: false, collection: "sync_checkpoints" })),
  };
}
