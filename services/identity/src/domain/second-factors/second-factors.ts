import { FailedPreconditionError, InvalidArgumentError, UnauthenticatedError } from "@wallet/service-kit";
import { insertIfAbsent } from "@wallet/store-kit";
import { type IdentityContext } from "../context";
import { codeFailure } from "../contacts/code-outcome";
import { maskPhone, messages } from "../contacts/messages";
import { ACCOUNT_POLICY, AccountLocked, AttemptThrottled, secondFactorThrottleKey } from "../security/login-throttle";
import { admitSend } from "../security/send-throttle";
import { type IssuedTokens } from "../sessions/sessions";
import { matchingTimeStep, newTotp, totpFromSecret } from "./totp";
import { newRecoveryCodes, normaliseRecoveryCode } from "./recovery-codes";

const LOGIN_CODE_LIFETIME_MS = 5 * 60_000;

/** Sends a sign-in code to the user's confirmed phone (for AAL2). */
export async function sendLoginCode(context: IdentityContext, principal: { userId: string; sessionId: string }) {
  const user = await context.models.users.findById(principal.userId, { phoneEncrypted: 1, phoneConfirmedAt: 1 }).lean();
  if (!user?.phoneConfirmedAt) throw new FailedPreconditionError("PHONE_NOT_CONFIRMED", "confirm a phone number first");
  await admitSend(context, [`login_code:${principal.userId}`], principal.userId);
  const issued = await context.codes.issue({ purpose: "login_sms", subject: principal.sessionId, lifetimeMs: LOGIN_CODE_LIFETIME_MS });
  const phone = context.cipher.decrypt(user.phoneEncrypted, `users:${principal.userId}:phone`);
  await context.sender.send({ channel: "sms", to: phone, template: "login_code", body: messages.loginCode(issued.code) });
  return { challengeId: issued.challengeId, expiresAt: issued.expiresAt, phoneMasked: maskPhone(phone) };
}

export type SecondFactorInput =
  | { factor: "sms"; code: string; challengeId: string }
  | { factor: "totp"; code: string }
  | { factor: "recovery_code"; code: string };

/**
 * Checks a second factor and raises the session to AAL2. Guesses are throttled per user like
 * password attempts; a TOTP code is accepted once per time step; a recovery code once ever.
 */
export async function verifySecondFactor(
  context: IdentityContext,
  principal: { userId: string; sessionId: string },
  input: SecondFactorInput,
): Promise<{ tokens: IssuedTokens; recoveryCodesLeft: number }> {
  await context.sessions.raisable(principal.sessionId);
  const key = secondFactorThrottleKey(principal.userId);
  await context.throttle.admit([{ key, policy: ACCOUNT_POLICY }]).catch(async (error: unknown) => {
    // Throttles and locks of second-factor guesses are security events, as login's are.
    if (error instanceof AccountLocked) await context.events.record("ACCOUNT_LOCKED", { userId: principal.userId, reason: error.reason, facts: { key_kind: "second_factor" } });
    else if (error instanceof AttemptThrottled) await context.events.record("LOGIN_THROTTLED", { userId: principal.userId, reason: error.reason, facts: { key_kind: "second_factor", retry_after_ms: String(error.retryAfterMs ?? 0) } });
    throw error;
  });
  const user = await context.models.users.findById(principal.userId, { totpSecretEncrypted: 1, totpConfirmedAt: 1, recoveryCodeHashes: 1 }).lean();
  if (!user) throw new UnauthenticatedError("TOKEN_INVALID", "unknown user");

  let recoveryCodesLeft = 0;
  const fail = async (reason: string, error: Error): Promise<never> => {
    await context.events.record("SECOND_FACTOR_FAILED", { userId: principal.userId, reason, facts: { factor: input.factor } });
    throw error;
  };

  switch (input.factor) {
    case "sms": {
      const outcome = await context.codes.verify({ challengeId: input.challengeId, code: input.code, purpose: "login_sms", subject: principal.sessionId });
      if (!outcome.ok) {
        if (outcome.reason === "TOO_MANY_ATTEMPTS") await context.events.record("CHALLENGE_EXHAUSTED", { userId: principal.userId, facts: { purpose: "login_sms" } });
        await fail(outcome.reason, codeFailure(outcome));
      }
      break;
    }
    case "totp": {
      if (!user.totpConfirmedAt) await fail("TOTP_NOT_ENROLLED", new FailedPreconditionError("TOTP_NOT_ENROLLED", "no authenticator app is enrolled"));
      const secret = context.cipher.decrypt(user.totpSecretEncrypted, `users:${principal.userId}:totp`);
      const step = matchingTimeStep(totpFromSecret(secret), input.code, context.clock());
      if (step === undefined) await fail("INVALID_CODE", InvalidArgumentError.field("code", "is not the current authenticator code"));
      if (!(await insertIfAbsent(context.models.totpSpends, { _id: `${principal.userId}:${step}`, holder: principal.userId, at: context.clock() }))) {
        await fail("CODE_REPLAYED", new FailedPreconditionError("CODE_ALREADY_USED", "this authenticator code was already used; wait for the next one"));
      }
      break;
    }
    case "recovery_code": {
      const hash = context.secretHash(`recovery:${principal.userId}`, normaliseRecoveryCode(input.code));
      const position = user.recoveryCodeHashes.indexOf(hash);
      if (position < 0) await fail("INVALID_CODE", InvalidArgumentError.field("code", "is not one of your recovery codes"));
      if (!(await insertIfAbsent(context.models.recoveryCodeSpends, { _id: `${principal.userId}:${position}`, holder: principal.userId, at: context.clock() }))) {
        await fail("CODE_ALREADY_USED", new FailedPreconditionError("CODE_ALREADY_USED", "this recovery code was already used"));
      }
      const spent = await context.models.recoveryCodeSpends.countDocuments({ holder: principal.userId });
      recoveryCodesLeft = Math.max(0, user.recoveryCodeHashes.length - spent);
      await context.events.record("RECOVERY_CODE_USED", { userId: principal.userId, facts: { left: String(recoveryCodesLeft) } });
      break;
    }
  }

  await context.throttle.succeeded([key]);
  const tokens = await context.sessions.raiseToAal2(principal.sessionId);
  await context.events.record("SECOND_FACTOR_SUCCEEDED", { userId: principal.userId, facts: { factor: input.factor, aal: "2" } });
  return { tokens, recoveryCodesLeft };
}

/** Starts TOTP enrolment: a new secret waits for its first code. */
export async function startTotpEnrollment(context: IdentityContext, userId: string): Promise<string> {
  const user = await context.models.users.findById(userId, { handle: 1 }).lean();
  const totp = newTotp(user?.handle || "wallet account");
  await context.models.users.updateOne({ _id: userId }, { $set: { pendingTotpSecretEncrypted: context.cipher.encrypt(totp.secret.base32, `users:${userId}:pending_totp`) } });
  return totp.toString();
}

/** Confirms enrolment with a first code; returns the ten recovery codes (shown once). */
export async function confirmTotpEnrollment(context: IdentityContext, userId: string, code: string): Promise<string[]> {
  const user = await context.models.users.findById(userId, { pendingTotpSecretEncrypted: 1 }).lean();
  if (!user?.pendingTotpSecretEncrypted) throw new FailedPreconditionError("TOTP_ENROLLMENT_NOT_STARTED", "start the enrolment first");
  const secret = context.cipher.decrypt(user.pendingTotpSecretEncrypted, `users:${userId}:pending_totp`);
  const step = matchingTimeStep(totpFromSecret(secret), code, context.clock());
  if (step === undefined) throw InvalidArgumentError.field("code", "is not the current authenticator code");
  await insertIfAbsent(context.models.totpSpends, { _id: `${userId}:${step}`, holder: userId, at: context.clock() });

  const recoveryCodes = newRecoveryCodes();
  await context.models.recoveryCodeSpends.deleteMany({ holder: userId });
  await context.models.users.updateOne({ _id: userId }, {
    $set: {
      totpSecretEncrypted: context.cipher.encrypt(secret, `users:${userId}:totp`),
      totpConfirmedAt: context.clock(),
      pendingTotpSecretEncrypted: "",
      recoveryCodeHashes: recoveryCodes.map((recoveryCode) => context.secretHash(`recovery:${userId}`, normaliseRecoveryCode(recoveryCode))),
    },
  });
  await context.events.record("TOTP_ENROLLED", { userId });
  return recoveryCodes;
}
