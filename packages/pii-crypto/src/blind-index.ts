import { createHmac } from "node:crypto";

/**
 * A keyed hash (HMAC-SHA256) of a normalised value, scoped by purpose: equal inputs give equal
 * indexes, so "does this phone already exist?" needs no plaintext, and without the key the
 * index reveals nothing (not even across purposes).
 */
export class BlindIndex {
  private readonly key: Buffer;

  constructor(base64Key: string) {
    this.key = Buffer.from(base64Key, "base64");
    if (this.key.length < 32) throw new Error("the blind index key must be at least 32 bytes");
  }

  of(purpose: string, normalisedValue: string): string {
    return createHmac("sha256", this.key).update(`${purpose}\u0000${normalisedValue}`).digest("base64url");
  }
}
