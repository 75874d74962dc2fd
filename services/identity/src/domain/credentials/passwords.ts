import { hash, verify } from "@node-rs/argon2";
import pLimit from "p-limit";

// One of OWASP's Argon2id settings, which it rates as equally strong: 19 MiB × 2 iterations,
// 12 × 3, 9 × 4 or 7 × 5. We take 7 MiB × 5 iterations, the least memory for the same work: a
// burst of logins held 19 MiB per hash and took identity's RSS past 150 MB; 7 MiB keeps it
// under. An attacker holding the hashes pays the same; a login costs as much CPU as before.
// `2` is Algorithm.Argon2id (a const enum the build cannot inline).
const ARGON2ID = { algorithm: 2, memoryCost: 7_168, timeCost: 5, parallelism: 1 } as const;
/** How a hash made with ARGON2ID begins: the algorithm, version and parameters. */
const CURRENT_PARAMETERS = `$argon2id$v=19$m=${ARGON2ID.memoryCost},t=${ARGON2ID.timeCost},p=${ARGON2ID.parallelism}$`;

// Each hash holds its memory while it runs, on libuv's threads (four by default). Two at a
// time keep both cores busy and bound that memory; a burst of logins queues here instead.
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

/**
 * A hash made with other parameters (the 19 MiB ones before) still verifies, since it carries
 * its own; it is replaced with a current one at the next successful login.
 */
export function needsRehash(passwordHash: string): boolean {
  return !passwordHash.startsWith(CURRENT_PARAMETERS);
}

let decoyHash: Promise<string> | undefined;

/** A hash to verify against when no user matched, so timing does not tell which emails exist. */
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword("decoy-password-for-constant-time-login");
  return decoyHash;
}
