import { type Connection, Schema } from "mongoose";

/** A login session: the family of its refresh tokens, and the assurance it reached. */
export interface SessionDocument {
  _id: string;
  userId: string;
  /** 1 password, 2 password and a second factor. */
  aal: number;
  /** When the password was last presented (the 12-hour AAL2 re-authentication clock). */
  authenticatedAt: Date;
  /** Last use, kept coarse (at most once a minute): the 30-minute idle clock. */
  lastSeenAt: Date;
  createdAt: Date;
  revokedAt: Date | null;
  revokedReason: string;
}

export interface RefreshTokenDocument {
  /** SHA-256 of the opaque token: the token itself is never stored. */
  _id: string;
  sessionId: string;
  userId: string;
  issuedAt: Date;
}

export function sessionModels(connection: Connection) {
  const sessions = connection.model<SessionDocument>("Session", new Schema<SessionDocument>({
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    aal: { type: Number, required: true },
    authenticatedAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
    revokedReason: { type: String, default: "" },
  }, { versionKey: false, collection: "sessions" })
    .index({ userId: 1, createdAt: -1 }, { name: "sessions_by_user" })
    .index({ revokedAt: 1 }, { name: "sessions_by_revocation" })
    .index({ authenticatedAt: 1 }, { name: "sessions_by_authentication" }));
  const refreshTokens = connection.model<RefreshTokenDocument>("RefreshToken", new Schema<RefreshTokenDocument>({
    _id: { type: String, required: true },
    sessionId: { type: String, required: true },
    userId: { type: String, required: true },
    issuedAt: { type: Date, required: true },
  }, { versionKey: false, collection: "refresh_tokens" })
    .index({ sessionId: 1 }, { name: "refresh_tokens_by_session" })
    .index({ issuedAt: 1 }, { name: "refresh_tokens_by_time" }));
  return { sessions, refreshTokens };
}
