import { type Connection, Schema } from "mongoose";

/**
 * A customer's consent to let the wallet operator move money on the account, created when the
 * customer authenticated (one per authentication). Whether it is live is decided by the
 * account's chain (CONSENT_GRANTED / CONSENT_REVOKED), never by a field of this document.
 */
export interface ConsentDocument {
  _id: string;
  accountId: string;
  authenticationId: string;
  /** Who the consent was given to (the calling service's name). */
  operator: string;
  operatorReference: string;
  createdAt: Date;
}

export function consentModel(connection: Connection) {
  return connection.model<ConsentDocument>("Consent", new Schema<ConsentDocument>({
    _id: { type: String, required: true },
    accountId: { type: String, required: true },
    authenticationId: { type: String, required: true },
    operator: { type: String, required: true },
    operatorReference: { type: String, required: true },
    createdAt: { type: Date, required: true },
  }, { versionKey: false, collection: "consents" })
    .index({ authenticationId: 1 }, { unique: true, name: "consents_authentication" })
    .index({ accountId: 1, createdAt: -1 }, { name: "consents_by_account" }));
}
