import { type Connection, Schema } from "mongoose";

export interface SigningKeyDocument {
  /** The JWT `kid`. */
  _id: string;
  algorithm: string;
  publicJwk: Record<string, unknown>;
  /** The private JWK, encrypted at rest. */
  privateJwkEncrypted: string;
  createdAt: Date;
  /** Keys are retired, never deleted, while tokens they signed can still be alive. */
  retiredAt: Date | null;
}

export function signingKeyModel(connection: Connection) {
  return connection.model<SigningKeyDocument>("SigningKey", new Schema<SigningKeyDocument>({
    _id: { type: String, required: true },
    algorithm: { type: String, required: true },
    publicJwk: { type: Schema.Types.Mixed, required: true },
    privateJwkEncrypted: { type: String, required: true },
    createdAt: { type: Date, required: true },
    retiredAt: { type: Date, default: null },
  }, { versionKey: false, collection: "signing_keys" }));
}
