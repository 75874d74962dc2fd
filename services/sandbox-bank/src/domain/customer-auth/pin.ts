import { hash, verify } from "@node-rs/argon2";

// OWASP's Argon2id baseline (19 MiB, 2 iterations, 1 lane); identity takes an equally strong
// setting with less memory for passwords, since it hashes far more often than the bank.
// `2` is Algorithm.Argon2id (a const enum the build cannot inline).
const ARGON2ID = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * PINs as Argon2id hashes keyed with a secret pepper held outside the database. A four-digit PIN
 * has 10,000 values: no hash cost alone protects it from someone holding the stored hashes, who
 * could try them all in minutes. The pepper (Argon2's own `secret` input) makes the hashes
 * useless without the bank's key, and Argon2id keeps a leak of hashes *and* key expensive.
 * Online guessing is stopped by attempt limits (see pin-guard.ts and the authentication's five
 * tries), not by the hash.
 */
export class PinHasher {
  constructor(private readonly pepper: Buffer) {
    if (pepper.length < 32) throw new Error("the PIN pepper must be at least 32 bytes");
  }

  hash(pin: string): Promise<string> {
    return hash(pin, { ...ARGON2ID, secret: this.pepper });
  }

  async verify(pinHash: string, pin: string): Promise<boolean> {
    try {
      return await verify(pinHash, pin, { secret: this.pepper });
    } catch {
      return false;
    }
  }
}
