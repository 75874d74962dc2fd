import { type Connection, Schema } from "mongoose";

/** A sign-up waiting for its contacts to be confirmed (expires after a day). */
export interface SignUpDocument {
  _id: string;
  emailIndex: string;
  emailEncrypted: string;
  phoneIndex: string;
  phoneEncrypted: string;
  passwordHash: string;
  handle: string;
  /**
   * A challenge for each contact. For a contact that already belongs to someone, the code is
   * never sent and never accepted: the challenge only counts the tries, so wrong codes are
   * answered exactly as for a free contact (attempts left, then exhausted).
   */
  emailChallengeId: string;
  phoneChallengeId: string;
  emailTaken: boolean;
  phoneTaken: boolean;
  emailConfirmedAt: Date | null;
  phoneConfirmedAt: Date | null;
  userId: string;
  expiresAt: Date;
  createdAt: Date;
}

const signUpSchema = new Schema<SignUpDocument>(
  {
    _id: { type: String, required: true },
    emailIndex: { type: String, required: true },
    emailEncrypted: { type: String, required: true },
    phoneIndex: { type: String, required: true },
    phoneEncrypted: { type: String, required: true },
    passwordHash: { type: String, required: true },
    handle: { type: String, default: "" },
    emailChallengeId: { type: String, default: "" },
    phoneChallengeId: { type: String, default: "" },
    emailTaken: { type: Boolean, default: false },
    phoneTaken: { type: Boolean, default: false },
    emailConfirmedAt: { type: Date, default: null },
    phoneConfirmedAt: { type: Date, default: null },
    userId: { type: String, default: "" },
    expiresAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: "sign_ups" },
);
signUpSchema.index({ expiresAt: 1 }, { name: "sign_ups_expiry" });

export function signUpModel(connection: Connection) {
  return connection.model<SignUpDocument>("SignUp", signUpSchema);
}
