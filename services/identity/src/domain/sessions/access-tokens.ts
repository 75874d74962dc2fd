import { errors, jwtVerify, SignJWT } from "jose";
import { newId } from "@wallet/service-kit";
import { type KeyRing, TOKEN_ALGORITHM } from "./signing-keys";
import { VerifiedJwts } from "./verified-jwts";

export const TOKEN_AUDIENCE = "wallet-platform";
const TOKEN_TYPE = "at+jwt";
const CLOCK_TOLERANCE_SECONDS = 5;

export interface AccessClaims {
  subject: string;
  sessionId: string;
  aal: number;
}

export type VerifiedToken =
  | { ok: true; claims: AccessClaims }
  | { ok: false; reason: "TOKEN_MISSING" | "TOKEN_INVALID" | "TOKEN_EXPIRED" };

/** Short-lived access tokens (RFC 9068 JWT profile) signed by the key ring's active key. */
export class AccessTokens {
  private readonly verified = new VerifiedJwts<AccessClaims>(CLOCK_TOLERANCE_SECONDS);

  constructor(
    private readonly keyRing: KeyRing,
    private readonly issuer: string,
    readonly ttlSeconds: number,
  ) {}

  async issue(claims: AccessClaims): Promise<{ token: string; expiresAt: Date }> {
    const key = this.keyRing.active();
    const now = Math.floor(Date.now() / 1000);
    const expiresAt = now + this.ttlSeconds;
    const token = await new SignJWT({ sid: claims.sessionId, aal: claims.aal })
      .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid: key.kid, typ: TOKEN_TYPE })
      .setIssuer(this.issuer)
      .setAudience(TOKEN_AUDIENCE)
      .setSubject(claims.subject)
      .setIssuedAt(now)
      .setExpirationTime(expiresAt)
      .setJti(newId("jti"))
      .sign(key.privateKey);
    return { token, expiresAt: new Date(expiresAt * 1000) };
  }

  /**
   * Verifies signature, algorithm (ES256 only: `alg: none` and HMAC confusion are refused),
   * key id (an unknown `kid` is refused), issuer, audience, type and expiry.
   */
  async verify(token: string): Promise<VerifiedToken> {
    if (!token) return { ok: false, reason: "TOKEN_MISSING" };
    const known = this.verified.get(token);
    if (known) return { ok: true, claims: known };
    try {
      const { payload } = await jwtVerify(token, this.keyRing.keyFor, { algorithms: [TOKEN_ALGORITHM], issuer: this.issuer, audience: TOKEN_AUDIENCE, typ: TOKEN_TYPE, clockTolerance: CLOCK_TOLERANCE_SECONDS });
      const { sub, sid, aal, exp } = payload;
      if (typeof sub !== "string" || typeof sid !== "string" || typeof aal !== "number" || typeof exp !== "number") return { ok: false, reason: "TOKEN_INVALID" };
      const claims = { subject: sub, sessionId: sid, aal };
      this.verified.remember(token, claims, exp);
      return { ok: true, claims };
    } catch (error) {
      return { ok: false, reason: error instanceof errors.JWTExpired ? "TOKEN_EXPIRED" : "TOKEN_INVALID" };
    }
  }
}
