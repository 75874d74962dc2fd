import { normaliseEmail } from "@wallet/pii-crypto";
import { UnauthenticatedError } from "@wallet/service-kit";
import { type IdentityContext } from "../context";
import { decoyPasswordHash, hashPassword, needsRehash, verifyPassword } from "../credentials/passwords";
import { ACCOUNT_POLICY, AccountLocked, accountThrottleKey, AttemptThrottled, SOURCE_POLICY } from "../security/login-throttle";
import { type IssuedTokens } from "./sessions";

export type SecondFactorKind = "totp" | "sms" | "recovery_code";

export interface LoginResult {
  tokens: IssuedTokens;
  availableSecondFactors: SecondFactorKind[];
}

/**
 * Password login, giving a session at AAL1. Attempts are throttled per account (keyed by the
 * email's blind index, so unknown emails are throttled alike) and per source address, with
 * growing delays; an account is locked after 100 consecutive failures.
 */
export async function login(context: IdentityContext, input: { email: string; password: string; source: string }): Promise<LoginResult> {
  const { models, index, events } = context;
  const emailIndex = index.of("email", normaliseEmail(input.email));
  const accountKey = accountThrottleKey(emailIndex);
  const sourceKey = `source:${index.of("source", input.source)}`;
  const user = await models.users.findOne({ emailIndex }, { passwordHash: 1, lockedAt: 1, totpConfirmedAt: 1, phoneConfirmedAt: 1, recoveryCodeHashes: 1 }).lean();

  try {
    await context.throttle.admit([{ key: accountKey, policy: ACCOUNT_POLICY }, { key: sourceKey, policy: SOURCE_POLICY }]);
  } catch (error) {
    if (error instanceof AccountLocked && user) {
      if (!user.lockedAt) {
        await models.users.updateOne({ _id: user._id }, { $set: { lockedAt: context.clock() } });
        await context.accessChanges.announce({ sessionId: "", userId: user._id });
      }
      await events.record("ACCOUNT_LOCKED", { userId: user._id, reason: error.reason });
    } else if (error instanceof AttemptThrottled) {
      await events.record("LOGIN_THROTTLED", { userId: user?._id ?? "", reason: error.reason, facts: { ...error.facts, retry_after_ms: String(error.retryAfterMs ?? 0) } });
    }
    throw error;
  }

  // Verify against a decoy hash when no user matched, so timing does not reveal the email.
  const passwordMatches = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), input.password);
  if (!user || !passwordMatches) {
    await events.record("LOGIN_FAILED", { userId: user?._id ?? "", reason: "INVALID_CREDENTIALS" });
    throw new UnauthenticatedError("INVALID_CREDENTIALS", "email or password is wrong");
  }
  if (user.lockedAt) {
    await events.record("ACCOUNT_LOCKED", { userId: user._id, reason: "ACCOUNT_LOCKED" });
    throw new AccountLocked("ACCOUNT_LOCKED", "this account is locked after too many failed attempts");
  }
  if (needsRehash(user.passwordHash)) {
    // Only now is the password at hand; the filter leaves alone a hash changed meanwhile.
    await models.users.updateOne({ _id: user._id, passwordHash: user.passwordHash }, { $set: { passwordHash: await hashPassword(input.password) } });
  }
  await context.throttle.succeeded([accountKey]);
  await context.throttle.forgiven([sourceKey]);
  const tokens = await context.sessions.open(user._id, 1);
  await events.record("LOGIN_SUCCEEDED", { userId: user._id, facts: { aal: "1" } });

  const availableSecondFactors: SecondFactorKind[] = [];
  if (user.totpConfirmedAt) availableSecondFactors.push("totp");
  if (user.phoneConfirmedAt) availableSecondFactors.push("sms");
  if (user.recoveryCodeHashes.length > (await models.recoveryCodeSpends.countDocuments({ holder: user._id }))) availableSecondFactors.push("recovery_code");
  return { tokens, availableSecondFactors };
}
