import { type Connection, Schema } from "mongoose";

export type AuthenticationMethodName = "PIN_AND_ONE_TIME_CODE" | "PIN_ONLY";

/** The bank authenticating its customer for a wallet operator's link. */
export interface CustomerAuthenticationDocument {
  _id: string;
  accountId: string;
  operator: string;
  /** Unique per operator: a retried start returns the same authentication, no second code. */
  operatorReference: string;
  method: AuthenticationMethodName;
  /** The one-time code's challenge (empty for PIN_ONLY). */
  challengeId: string;
  expiresAt: Date;
  createdAt: Date;
}

/**
 * Claims "<authentication>:try:<n>": each completion attempt takes one of five slots by a unique
 * insert, so concurrent guesses cannot share a slot on any store.
 */
export interface AuthenticationAttemptDocument {
  _id: string;
  authenticationId: string;
  at: Date;
}

export function customerAuthenticationModels(connection: Connection) {
  const customerAuthentications = connection.model<CustomerAuthenticationDocument>("CustomerAuthentication", new Schema<CustomerAuthenticationDocument>({
    _id: { type: String, required: true },
    accountId: { type: String, required: true },
    operator: { type: String, required: true },
    operatorReference: { type: String, required: true },
    method: { type: String, required: true },
    challengeId: { type: String, default: "" },
    expiresAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
  }, { versionKey: false, collection: "customer_authentications" })
    .index({ operator: 1, operatorReference: 1 }, { unique: true, name: "customer_authentications_reference" }));
  const authenticationAttempts = connection.model<AuthenticationAttemptDocument>("AuthenticationAttempt", new Schema<AuthenticationAttemptDocument>({
    _id: { type: String, required: true },
    authenticationId: { type: String, required: true },
    at: { type: Date, required: true },
  }, { versionKey: false, collection: "customer_authentication_attempts" })
    .index({ authenticationId: 1 }, { name: "authentication_attempts_by_authentication" }));
  return { customerAuthentications, authenticationAttempts };
}
