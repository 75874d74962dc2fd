import { randomUUID } from "node:crypto";
import { importJWK, type JWK, jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { jsonVariable } from "../config/load-config";

const ALGORITHM = "EdDSA";
const LIFETIME_SECONDS = 120;
const REISSUE_BEFORE_SECONDS = 30;

type Key = Awaited<ReturnType<typeof importJWK>>;

/**
 * A platform service's own identity: it signs short-lived assertions ("I am payment, calling
 * account") with its Ed25519 key. Identity holds the public keys and checks the assertion on
 * every Authorize, so a user cannot call a service-only RPC and a service cannot pose as
 * another. In the production profile the channel is also mutual TLS.
 */
export class ServiceIdentity {
  private readonly cache = new Map<string, { token: string; expiresAt: number }>();
  /** Assertions being signed: concurrent first calls share one, so a gate's cache sees one assertion. */
  private readonly signing = new Map<string, Promise<string>>();

  private constructor(readonly name: string, private readonly key: Key) {}

  static async fromJwk(name: string, jwk: JWK): Promise<ServiceIdentity> {
    return new ServiceIdentity(name, await importJWK(jwk, ALGORITHM));
  }

  /** An assertion for calls to `audience`, reused until shortly before it expires. */
  assertionFor(audience: string): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const cached = this.cache.get(audience);
    if (cached && cached.expiresAt - now > REISSUE_BEFORE_SECONDS) return Promise.resolve(cached.token);
    const signing = this.signing.get(audience) ?? this.sign(audience, now).finally(() => this.signing.delete(audience));
    this.signing.set(audience, signing);
    return signing;
  }

  private async sign(audience: string, now: number): Promise<string> {
    const expiresAt = now + LIFETIME_SECONDS;
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: ALGORITHM, kid: this.name, typ: "wallet-service+jwt" })
      .setIssuer(this.name)
      .setSubject(`service:${this.name}`)
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(expiresAt)
      .setJti(randomUUID())
      .sign(this.key);
    this.cache.set(audience, { token, expiresAt });
    return token;
  }
}

/** The public keys of the services this process trusts, by service name. */
export class TrustedServices {
  /** Verified assertions (a service reuses one per audience for its lifetime): token to caller and expiry. */
  private readonly verified = new Map<string, { caller: string; audience: string; expiresAt: number }>();

  private constructor(private readonly keys: ReadonlyMap<string, Key>) {}

  static async fromJwks(jwks: Record<string, JWK>): Promise<TrustedServices> {
    const entries = await Promise.all(Object.entries(jwks).map(async ([name, jwk]) => [name, await importJWK(jwk, ALGORITHM)] as const));
    return new TrustedServices(new Map(entries));
  }

  /** The calling service's name if the assertion is valid for `audience`; undefined otherwise. */
  async verify(assertion: string, audience: string): Promise<string | undefined> {
    const known = this.verified.get(assertion);
    if (known && known.expiresAt > Date.now() / 1000 && known.audience === audience) return known.caller;
    const caller = await this.verifySignature(assertion, audience);
    if (caller) {
      if (this.verified.size > 10_000) this.verified.clear();
      const payload = JSON.parse(Buffer.from(assertion.split(".")[1] ?? "", "base64url").toString("utf8")) as { exp?: number };
      this.verified.set(assertion, { caller, audience, expiresAt: payload.exp ?? 0 });
    }
    return caller;
  }

  private async verifySignature(assertion: string, audience: string): Promise<string | undefined> {
    try {
      const { payload } = await jwtVerify(assertion, (header) => {
        const key = typeof header.kid === "string" ? this.keys.get(header.kid) : undefined;
        if (!key) throw new Error("unknown service");
        return key;
      }, { algorithms: [ALGORITHM], audience, clockTolerance: 5, typ: "wallet-service+jwt" });
      const issuer = payload.iss;
      return issuer && this.keys.has(issuer) && payload.sub === `service:${issuer}` ? issuer : undefined;
    } catch {
      return undefined;
    }
  }
}

const okpPublicJwk = z.object({ kty: z.literal("OKP"), crv: z.literal("Ed25519"), x: z.string() }).loose();
const okpPrivateJwk = okpPublicJwk.extend({ d: z.string() });

/** SERVICE_SIGNING_KEY: this service's private Ed25519 JWK. */
export const signingKeyVariable = jsonVariable(okpPrivateJwk);
/** TRUSTED_SERVICE_KEYS: {"payment": {public JWK}, ...}. */
export const trustedKeysVariable = jsonVariable(z.record(z.string(), okpPublicJwk));
