import { type Connection, Schema } from "mongoose";

/**
 * A user. Personal data is stored encrypted (AES-256-GCM, bound to this record and field) and
 * found through blind indexes; nothing here is readable without the keys.
 */
export interface UserDocument {
  _id: string;
  /** Blind index of the normalised email (unique). */
  emailIndex: string;
  emailEncrypted: string;
  emailConfirmedAt: Date;
  /** Blind index of the phone; the phone is unique among users once confirmed (phone_claims). */
  phoneIndex: string;
  phoneEncrypted: string;
  phoneConfirmedAt: Date | null;
  passwordHash: string;
  handle: string;
  /** NIST SP 800-63A level reached: 0 email only, 1 email and phone, 2 identity proofed. */
  ial: number;
  /** The name identity proofing established, encrypted (JSON of the legal name). */
  proofedNameEncrypted: string;
  proofedAt: Date | null;
  totpSecretEncrypted: string;
  totpConfirmedAt: Date | null;
  /** A TOTP secret waiting for its first code. */
  pendingTotpSecretEncrypted: string;
  /** Keyed hashes of the ten recovery codes, by position. */
  recoveryCodeHashes: string[];
  lockedAt: Date | null;
  createdAt: Date;
}

const userSchema = new Schema<UserDocument>(
  {
    _id: { type: String, required: true },
    emailIndex: { type: String, required: true },
    emailEncrypted: { type: String, required: true },
    emailConfirmedAt: { type: Date, required: true },
    phoneIndex: { type: String, required: true },
    phoneEncrypted: { type: String, required: true },
    phoneConfirmedAt: { type: Date, default: null },
    passwordHash: { type: String, required: true },
    handle: { type: String, default: "" },
    ial: { type: Number, required: true },
    proofedNameEncrypted: { type: String, default: "" },
    proofedAt: { type: Date, default: null },
    totpSecretEncrypted: { type: String, default: "" },
    totpConfirmedAt: { type: Date, default: null },
    pendingTotpSecretEncrypted: { type: String, default: "" },
    recoveryCodeHashes: { type: [String], default: [] },
    lockedAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, collection: "users" },
);
userSchema.index({ emailIndex: 1 }, { unique: true, name: "users_email_index" });

export function userModel(connection: Connection) {
  return connection.model<UserDocument>("User", userSchema);
}
