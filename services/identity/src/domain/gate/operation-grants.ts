import { jwtVerify, SignJWT } from "jose";
import { LRUCache } from "lru-cache";
import { type KeyRing, TOKEN_ALGORITHM } from "../sessions/signing-keys";
import { VerifiedJwts } from "../sessions/verified-jwts";

// Its own type and audience: an access token is never taken for a grant, nor a grant for one.
const GRANT_TYPE = "grant+jwt";
const GRANT_AUDIENCE = "wallet-platform-grant";
const CLOCK_TOLERANCE_SECONDS = 2;

/** What the gate checked when it allowed an operation, as a grant states it. */
export interface GrantClaims {
  subject: string;
  sessionId: string;
  ial: number;
  aal: number;
  /** The platform service the grant was issued to: the only one that may present it. */
  authorizedService: string;
  /** The RPC the gate allowed (for the audit trail of a call made under the grant). */
  action: string;
}

/**
 * Operation grants: after the gate allows a user's operation, identity signs what it just read
 * (user, session, levels) for the service that asked, valid for a few seconds. The calls that
 * service makes for the same operation carry it, and their gates verify one signature instead
 * of reading the session and the user again. A session revoked or a user locked in between is
 * caught by the next operation's gate; the grant only spans the one already allowed, and only
 * for its lifetime (the revocation delay it costs, bounded by `ttlSeconds`).
 */
export class OperationGrants {
  /**
   * Grants issued lately, by everything they state: the same allowed operation again (a user's
   * next transfer) reuses its grant while more than half its life is left, instead of signing
   * a new one. The revocation bound is unchanged: no grant outlives its own expiry, and after a
   * revocation the gate allows nothing, so no grant is handed out.
   */
  private readonly recent = new LRUCache<string, string>({ max: 5_000 });
  private readonly verified = new VerifiedJwts<GrantClaims>(CLOCK_TOLERANCE_SECONDS);

  constructor(
    private readonly keyRing: KeyRing,
    private readonly issuer: string,
    readonly ttlSeconds: number,
  ) {}

  async issue(claims: GrantClaims): Promise<string> {
    const key = this.keyRing.active();
    const statement = JSON.stringify([key.kid, claims.subject, claims.sessionId, claims.ial, claims.aal, claims.authorizedService, claims.action]);
    const reused = this.recent.get(statement);
    if (reused) return reused;
    const grant = await this.sign(claims, key);
    if (this.ttlSeconds > 1) this.recent.set(statement, grant, { ttl: (this.ttlSeconds * 1000) / 2 });
    return grant;
  }

  private sign(claims: GrantClaims, key: ReturnType<KeyRing["active"]>): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ sid: claims.sessionId, ial: claims.ial, aal: claims.aal, azp: claims.authorizedService, act: claims.action })
      .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid: key.kid, typ: GRANT_TYPE })
      .setIssuer(this.issuer)
      .setAudience(GRANT_AUDIENCE)
      .setSubject(claims.subject)
      .setIssuedAt(now)
      .setExpirationTime(now + this.ttlSeconds)
      .sign(key.privateKey);
  }

  /** The grant's claims if its signature, type, issuer, audience and expiry hold; else undefined. */
  async verify(grant: string): Promise<GrantClaims | undefined> {
    if (!grant) return undefined;
    const known = this.verified.get(grant);
    if (known) return known;
    try {
      const { payload } = await jwtVerify(grant, this.keyRing.keyFor, { algorithms: [TOKEN_ALGORITHM], issuer: this.issuer, audience: GRANT_AUDIENCE, typ: GRANT_TYPE, clockTolerance: CLOCK_TOLERANCE_SECONDS });
      const { sub, sid, ial, aal, azp, act, exp } = payload;
      if (typeof sub !== "string" || typeof sid !== "string" || typeof ial !== "number" || typeof aal !== "number" || typeof azp !== "string" || typeof act !== "string" || typeof exp !== "number") {
        return undefined;
      }
      const claims = { subject: sub, sessionId: sid, ial, aal, authorizedService: azp, action: act };
      this.verified.remember(grant, claims, exp);
      return claims;
    } catch {
      return undefined;
    }
  }
}
