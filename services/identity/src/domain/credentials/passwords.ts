import { hash, verify } from "@node-rs/argon2";
import pLimit from "p-limit";

// OWASP's Argon2id baseline (19 MiB, 2 iterations, 1 lane): costly for an attacker holding the
// hashes, affordable per login. `2` is Algorithm.Argon2id (a const enum the build cannot inline).
const ARGON2ID = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

// Each hash holds its 19 MiB while it runs, on libuv's threads (four by default). Two at a time
// keep both cores busy and bound that memory; a burst of logins queues here instead of holding
// four blocks at once, which the native allocator then kept (224 MB RSS seen, 182 with two).
const PASSWORD_HASHES_AT_ONCE = 2;
const hashing = pLimit(PASSWORD_HASHES_AT_ONCE);

export function hashPassword(password: string): Promise<string> {
  return hashing(() => hash(password, ARGON2ID));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await hashing(() => verify(passwordHash, password));
  } catch {
    return false;
  }
}

let decoyHash: Promise<string> | undefined;

/** A hash to verify against when no user matched, so timing does not tell which emails exist. */
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword("decoy-password-for-constant-time-login");
  return decoyHash;
}
