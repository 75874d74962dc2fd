import { LRUCache } from "lru-cache";

/**
 * JWTs (access tokens, operation grants) whose signature and claims were verified, until they
 * expire: a client presents the same one again and again, and what verification proved of it
 * cannot change (retired keys keep verifying until their tokens expire). Keyed by the exact
 * string, so any altered copy is verified afresh; only valid JWTs are kept.
 */
export class VerifiedJwts<Claims extends object> {
  private readonly cache = new LRUCache<string, Claims>({ max: 5_000 });

  constructor(private readonly clockToleranceSeconds: number) {}

  get(jwt: string): Claims | undefined {
    return this.cache.get(jwt);
  }

  /** Keeps `claims` for `jwt` until its expiry (`exp`, in seconds) plus the clock tolerance. */
  remember(jwt: string, claims: Claims, exp: number): void {
    const validForMs = (exp + this.clockToleranceSeconds) * 1000 - Date.now();
    if (validForMs > 0) this.cache.set(jwt, claims, { ttl: validForMs });
  }
}
