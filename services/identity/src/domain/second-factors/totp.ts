import { Secret, TOTP } from "otpauth";

const ISSUER = "Wallet";

/** RFC 6238 TOTP with the common parameters authenticator apps expect (SHA-1, 6 digits, 30 s). */
export function newTotp(label: string, secret: Secret = new Secret({ size: 20 })): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: 6, period: 30, secret });
}

export function totpFromSecret(base32: string, label = "wallet"): TOTP {
  return newTotp(label, Secret.fromBase32(base32));
}

/**
 * The time step a code belongs to (accepting one step of clock drift either way), or undefined.
 * The caller spends the step so a code cannot be replayed within its window.
 */
export function matchingTimeStep(totp: TOTP, code: string, now: Date): number | undefined {
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return undefined;
  return totp.counter({ timestamp: now.getTime() }) + delta;
}
