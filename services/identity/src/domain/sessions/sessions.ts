import { createHash, randomBytes } from "node:crypto";
import { newId, UnauthenticatedError } from "@wallet/service-kit";
import { insertIfAbsent } from "@wallet/store-kit";
import { type IdentityModels } from "../../store/models";
import { type SessionDocument } from "../../store/session.model";
import { type AccessChangeFeed } from "../gate/access-change-feed";
import { type SecurityEvents } from "../security/security-events";
import { type AccessTokens } from "./access-tokens";

export interface IssuedTokens {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  aal: number;
}

/** NIST SP 800-63B 4.2.3 / 4.1.3: AAL2 sessions end after 12 hours, or 30 minutes idle; AAL1 after 30 days. */
export const AAL2_MAX_AGE_MS = 12 * 3_600_000;
export const AAL2_MAX_IDLE_MS = 30 * 60_000;
export const AAL1_MAX_AGE_MS = 30 * 24 * 3_600_000;
/** lastSeenAt is written at most this often (it only needs minute precision). */
const LAST_SEEN_GRANULARITY_MS = 60_000;

export function sessionExpired(session: Pick<SessionDocument, "aal" | "authenticatedAt" | "lastSeenAt">, now: Date): boolean {
  const age = now.getTime() - session.authenticatedAt.getTime();
  if (session.aal >= 2) return age > AAL2_MAX_AGE_MS || now.getTime() - session.lastSeenAt.getTime() > AAL2_MAX_IDLE_MS;
  return age > AAL1_MAX_AGE_MS;
}

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/**
 * Sessions and their refresh tokens. A refresh token is opaque, stored only as a hash, and
 * rotates on every use; presenting one that was already spent means it leaked, so the whole
 * session (the token family) is revoked.
 */
export class Sessions {
  constructor(
    private readonly models: IdentityModels,
    private readonly tokens: AccessTokens,
    private readonly events: SecurityEvents,
    private readonly accessChanges: AccessChangeFeed,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async open(userId: string, aal: number): Promise<IssuedTokens> {
    const now = this.clock();
    const session: SessionDocument = {
      _id: newId("ses"), userId, aal, authenticatedAt: now, lastSeenAt: now, createdAt: now, revokedAt: null, revokedReason: "",
    };
    await this.models.sessions.create(session);
    return this.issue(session);
  }

  /** Raises a live session to AAL2 after a second factor; new tokens carry the new level. */
  async raiseToAal2(sessionId: string): Promise<IssuedTokens> {
    // Liveness first: a session past its reauthentication limit is not raised, it ends.
    const session = await this.raisable(sessionId);
    const now = this.clock();
    // Not announced to the gate's caches: the raise reaches them with the new tokens, whose AAL
    // is above the cached session's (see GateRecords), and every login with a second factor
    // would otherwise be an entry on the feed every replica reads.
    await this.models.sessions.updateOne({ _id: sessionId, revokedAt: null }, { $set: { aal: 2, lastSeenAt: now } });
    return this.issue({ ...session, aal: 2, lastSeenAt: now });
  }

  async refresh(refreshToken: string): Promise<IssuedTokens> {
    const tokenHash = hashToken(refreshToken);
    const record = await this.models.refreshTokens.findById(tokenHash).lean();
    if (!record) throw new UnauthenticatedError("REFRESH_TOKEN_INVALID", "the refresh token is not valid");
    if (!(await insertIfAbsent(this.models.refreshSpends, { _id: tokenHash, holder: record.sessionId, at: this.clock() }))) {
      await this.revoke(record.sessionId, "REFRESH_TOKEN_REUSED");
      await this.events.record("REFRESH_TOKEN_REUSED", { userId: record.userId, reason: "REFRESH_TOKEN_REUSED", facts: { session_id: record.sessionId } });
      throw new UnauthenticatedError("REFRESH_TOKEN_REUSED", "this refresh token was already used; the session is revoked");
    }
    const session = await this.live(record.sessionId);
    await this.touch(session, true);
    return this.issue(session);
  }

  /**
   * The session if a second factor may raise it to AAL2: live, and younger than AAL2's limit.
   * That limit counts from the password, so an AAL1 session older than 12 hours raised would be
   * past it at once, its new tokens refused by the gate; its user signs in again instead. Asked
   * before a factor is checked, so no recovery code or authenticator step is spent on it.
   */
  async raisable(sessionId: string): Promise<SessionDocument> {
    const session = await this.live(sessionId);
    if (this.clock().getTime() - session.authenticatedAt.getTime() > AAL2_MAX_AGE_MS) {
      throw new UnauthenticatedError("REAUTHENTICATION_REQUIRED", "sign in again with your password before using a second factor");
    }
    return session;
  }

  /** The session if it is neither revoked nor past its lifetime. */
  async live(sessionId: string): Promise<SessionDocument> {
    const session = await this.models.sessions.findById(sessionId).lean();
    if (!session || session.revokedAt) throw new UnauthenticatedError("SESSION_REVOKED", "the session has ended");
    if (sessionExpired(session, this.clock())) {
      // The gate's own refusals for this reason are GATE_DENIED events; this is a session that
      // tried to live on (a refresh, a second factor) past its reauthentication limit.
      await this.events.record("REAUTHENTICATION_REQUIRED", { userId: session.userId, reason: "REAUTHENTICATION_REQUIRED", facts: { session_id: session._id } });
      throw new UnauthenticatedError("REAUTHENTICATION_REQUIRED", "sign in again");
    }
    return session;
  }

  /** Records use for the idle clock, at minute granularity; the time written, if it was. */
  async touch(session: Pick<SessionDocument, "_id" | "lastSeenAt">, force = false): Promise<Date | undefined> {
    const now = this.clock();
    if (!force && now.getTime() - session.lastSeenAt.getTime() <= LAST_SEEN_GRANULARITY_MS) return undefined;
    await this.models.sessions.updateOne({ _id: session._id }, { $set: { lastSeenAt: now } });
    return now;
  }

  async revoke(sessionId: string, reason: string): Promise<void> {
    await this.models.sessions.updateOne({ _id: sessionId, revokedAt: null }, { $set: { revokedAt: this.clock(), revokedReason: reason } });
    await this.accessChanges.announce({ sessionId, userId: "" });
  }

  async revokeAll(userId: string, reason: string): Promise<number> {
    const result = await this.models.sessions.updateMany({ userId, revokedAt: null }, { $set: { revokedAt: this.clock(), revokedReason: reason } });
    await this.accessChanges.announce({ sessionId: "", userId });
    return result.modifiedCount;
  }

  private async issue(session: SessionDocument): Promise<IssuedTokens> {
    const refreshToken = `rt_${randomBytes(32).toString("base64url")}`;
    await this.models.refreshTokens.create({ _id: hashToken(refreshToken), sessionId: session._id, userId: session.userId, issuedAt: this.clock() });
    const { token, expiresAt } = await this.tokens.issue({ subject: session.userId, sessionId: session._id, aal: session.aal });
    return { accessToken: token, accessTokenExpiresAt: expiresAt, refreshToken, aal: session.aal };
  }
}
